package emulator

import (
	"errors"
	"slices"
	"sync"
	"time"
)

// The store's refusals. Handlers turn them into DLI error bodies; an objectError says
// which connection or name was refused.
var (
	errConnectionNotFound = errors.New("connection does not exist")
	errConnectionDeleted  = errors.New("connection has been deleted")
	errQueueNotFound      = errors.New("queue does not exist")
	errPoolNotFound       = errors.New("elastic resource pool does not exist")
	errNothingToBind      = errors.New("no queue or elastic resource pool given")
)

// objectError is a store refusal about one named object.
type objectError struct {
	kind error
	name string
}

func (e *objectError) Error() string { return e.kind.Error() + ": " + e.name }
func (e *objectError) Unwrap() error { return e.kind }

func refuse(kind error, name string) error { return &objectError{kind: kind, name: name} }

// store is the emulator's in-memory state. One mutex guards all of it: requests are
// short and a single lock keeps every all-or-nothing change trivially atomic.
type store struct {
	mu       sync.Mutex
	now      func() time.Time
	delay    time.Duration
	projects map[string]*project
	beh      *behaviour // Latitude; nil until the emulator is configured
	// listed, when set, decides which bindings list shows (Store.Listed); it is called
	// with s.mu held.
	listed func(projectID, id string, current Snapshot) Snapshot
}

type project struct {
	id     string
	queues []SeedResource
	pools  []SeedResource
	conns  []*connection // in creation order
	byID   map[string]*connection
}

type connection struct {
	id, name, status string
	vpcID, networkID string
	routeTableID     string
	createTime       int64
	hosts            []SeedHost
	tags             []SeedTag
	queues, pools    []*peer // in bind order
}

// peer is one bound queue or pool. Its status is not stored: it is derived from the
// clock on every read, so the emulator needs no timers.
type peer struct {
	id, name, failMsg string
	boundAt, readyAt  time.Time
	visibleAt         time.Time // show and list skip the peer before then (Latitude.VisibilityDelay)
}

// status tells the peering state at now: CREATING until readyAt, then ACTIVE, or
// FAILED when the resource has a fail message.
func (p *peer) status(now time.Time) (status string, updated time.Time) {
	if p.readyAt.After(p.boundAt) && now.Before(p.readyAt) {
		return "CREATING", p.boundAt
	}
	if p.failMsg != "" {
		return "FAILED", p.readyAt
	}
	return "ACTIVE", p.readyAt
}

func newStore(seed *Seed, now func() time.Time, delay time.Duration) *store {
	s := &store{now: now, delay: delay}
	s.reset(seed)
	return s
}

// reset replaces the whole state with a fresh copy of seed. Seeded peer ids are derived
// from their names so that two resets give the same state.
func (s *store) reset(seed *Seed) {
	seed = s.beh.prepare(seed)
	projects := make(map[string]*project, len(seed.Projects))
	for _, sp := range seed.Projects {
		p := &project{
			id:     sp.ID,
			queues: slices.Clone(sp.Queues),
			pools:  slices.Clone(sp.ElasticResourcePools),
			byID:   map[string]*connection{},
		}
		for _, sc := range sp.Connections {
			c := &connection{
				id: sc.ID, name: sc.Name, status: sc.Status,
				vpcID: sc.DestVPCID, networkID: sc.DestNetworkID,
				createTime: sc.CreateTime,
				hosts:      slices.Clone(sc.Hosts),
				tags:       slices.Clone(sc.Tags),
			}
			at := time.UnixMilli(sc.CreateTime)
			for _, n := range sc.BoundQueues {
				c.queues = append(c.queues, &peer{id: stableUUID(sc.ID, "queue", n), name: n,
					failMsg: failMessage(p.queues, n), boundAt: at, readyAt: at})
			}
			for _, n := range sc.BoundElasticResourcePools {
				c.pools = append(c.pools, &peer{id: stableUUID(sc.ID, "pool", n), name: n,
					failMsg: failMessage(p.pools, n), boundAt: at, readyAt: at})
			}
			p.conns = append(p.conns, c)
			p.byID[c.id] = c
		}
		projects[p.id] = p
	}
	s.mu.Lock()
	s.projects = projects
	s.mu.Unlock()
}

func failMessage(rs []SeedResource, name string) string {
	for _, r := range rs {
		if r.Name == name {
			return r.FailMessage
		}
	}
	return ""
}

func hasResource(rs []SeedResource, name string) bool {
	return slices.ContainsFunc(rs, func(r SeedResource) bool { return r.Name == name })
}

// lookup finds a connection of the project. A connection of another project does not
// exist as far as this one is concerned: DLI scopes every resource to the path's
// project. Callers hold s.mu.
func (s *store) lookup(projectID, id string) (*project, *connection, error) {
	p := s.projects[projectID]
	if p == nil || p.byID[id] == nil {
		return nil, nil, refuse(errConnectionNotFound, id)
	}
	return p, p.byID[id], nil
}

// checkNames refuses the first name that is not a queue (or pool) of the project.
// A set of the project's names keeps it linear in the number of names.
func (p *project) checkNames(queues, pools []string) error {
	if n, ok := allKnown(queues, p.queues); !ok {
		return refuse(errQueueNotFound, n)
	}
	if n, ok := allKnown(pools, p.pools); !ok {
		return refuse(errPoolNotFound, n)
	}
	return nil
}

// allKnown returns the first of names that no resource of rs has, and false.
func allKnown(names []string, rs []SeedResource) (string, bool) {
	known := make(map[string]struct{}, len(rs))
	for _, r := range rs {
		known[r.Name] = struct{}{}
	}
	for _, n := range names {
		if _, ok := known[n]; !ok {
			return n, false
		}
	}
	return "", true
}

// attach binds each name not yet bound; a name already bound keeps its entry as is.
func (s *store) attach(list []*peer, names []string, rs []SeedResource) []*peer {
	now := s.now()
	bound := make(map[string]bool, len(list)+len(names))
	for _, p := range list {
		bound[p.name] = true
	}
	fail := make(map[string]string)
	for _, r := range rs {
		if r.FailMessage != "" {
			fail[r.Name] = r.FailMessage
		}
	}
	for _, n := range names {
		if bound[n] {
			continue
		}
		bound[n] = true
		p := &peer{id: newUUID(), name: n, failMsg: fail[n], boundAt: now, readyAt: now.Add(s.delay)}
		s.beh.shape(p)
		list = append(list, p)
	}
	return list
}

// newPeer is a new binding to the resource n of rs, made at now.
func (s *store) newPeer(n string, rs []SeedResource, now time.Time) *peer {
	p := &peer{id: newUUID(), name: n, failMsg: failMessage(rs, n), boundAt: now, readyAt: now.Add(s.delay)}
	s.beh.shape(p)
	return p
}

func detach(list []*peer, names []string) []*peer {
	drop := make(map[string]bool, len(names))
	for _, n := range names {
		drop[n] = true
	}
	return slices.DeleteFunc(list, func(p *peer) bool { return drop[p.name] })
}

func peerNames(list []*peer) []string {
	out := make([]string, 0, len(list))
	for _, p := range list {
		out = append(out, p.name)
	}
	slices.Sort(out)
	return out
}

// dedupe drops repeated names, keeping the first occurrence: a name given twice in one
// request is bound once. A set of the names seen keeps it linear in the number of
// names: a 1 MiB body can hold 170k of them.
func dedupe(names []string) []string {
	out := make([]string, 0, len(names))
	// A short list, as almost every request sends, is scanned without the set.
	if len(names) <= 8 {
		for _, n := range names {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
		return out
	}
	seen := make(map[string]struct{}, len(names))
	for _, n := range names {
		if _, dup := seen[n]; !dup {
			seen[n] = struct{}{}
			out = append(out, n)
		}
	}
	return out
}
