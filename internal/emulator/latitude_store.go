package emulator

import (
	"errors"
	"slices"
	"sync/atomic"
	"time"
)

// behaviour is what Latitude and the defects change in the store and the handlers.
// lat and defects are read-only after configure; the maps are guarded by store.mu.
type behaviour struct {
	lat     Latitude
	defects defectSet
	calls   atomic.Uint64 // API requests that reached a handler, for ThrottleEvery

	unbound map[*connection]map[string]bool // no-rebind: names once unbound, by kind+name
	stale   map[*connection][2][]*peer      // stale-list: queues and pools as first listed
}

func (b *behaviour) has(d Defect) bool { return b != nil && b.defects.has(d) }

// More refusals of the store, under a Latitude or a defect.
var (
	errAlreadyBound = errors.New("is already bound to the connection")
	errNoRebind     = errors.New("was unbound from the connection and cannot be bound again")
	errBindAgain    = errors.New("binding an already-bound resource failed")
)

// Foreign resources that ForeignBindings binds to every active seeded connection.
const (
	foreignQueue = "foreign_queue"
	foreignPool  = "foreign_pool"
)

// failBindingMessage is the err_msg of a binding that FailBindings fails.
const failBindingMessage = "Failed to create the peer connection: the destination network could not be reached."

// configure applies a Latitude and defects to a new emulator, before it serves.
func (e *Emulator) configure(lat Latitude, defects []Defect) error {
	if err := lat.validate(); err != nil {
		return errors.New("emulator: latitude: " + err.Error())
	}
	set, err := newDefectSet(defects)
	if err != nil {
		return errors.New("emulator: defects: " + err.Error())
	}
	e.store.beh = &behaviour{lat: lat, defects: set}
	e.store.reset(e.seed.Load())
	for op, h := range e.routes {
		e.routes[op] = e.throttled(h)
	}
	return nil
}

// prepare is the seed as reset applies it: with ForeignBindings, every project with an
// active connection gets foreign_queue and foreign_pool, bound to each active one.
func (b *behaviour) prepare(seed *Seed) *Seed {
	if b == nil || !b.lat.ForeignBindings {
		return seed
	}
	out := &Seed{Projects: slices.Clone(seed.Projects)}
	for i, p := range out.Projects {
		conns := slices.Clone(p.Connections)
		active := false
		for j, c := range conns {
			if c.Status != statusActive {
				continue
			}
			active = true
			if !slices.Contains(c.BoundQueues, foreignQueue) {
				conns[j].BoundQueues = append(slices.Clone(c.BoundQueues), foreignQueue)
			}
			if !slices.Contains(c.BoundElasticResourcePools, foreignPool) {
				conns[j].BoundElasticResourcePools = append(slices.Clone(c.BoundElasticResourcePools), foreignPool)
			}
		}
		if !active {
			continue
		}
		p.Connections = conns
		if !hasResource(p.Queues, foreignQueue) {
			p.Queues = append(slices.Clone(p.Queues), SeedResource{Name: foreignQueue})
		}
		if !hasResource(p.ElasticResourcePools, foreignPool) {
			p.ElasticResourcePools = append(slices.Clone(p.ElasticResourcePools), SeedResource{Name: foreignPool})
		}
		out.Projects[i] = p
	}
	return out
}

// restart forgets what the defects remember of the state before a reset and, under
// stale-list, takes the snapshot that list answers from. Callers hold s.mu.
func (b *behaviour) restart(projects map[string]*project) {
	if b == nil {
		return
	}
	b.unbound, b.stale = nil, nil
	if !b.has(DefectStaleList) {
		return
	}
	b.stale = map[*connection][2][]*peer{}
	for _, p := range projects {
		for _, c := range p.conns {
			b.created(c)
		}
	}
}

// created notes a connection as it starts out, for stale-list. Callers hold s.mu.
func (b *behaviour) created(c *connection) {
	if b.has(DefectStaleList) && b.stale != nil {
		b.stale[c] = [2][]*peer{slices.Clone(c.queues), slices.Clone(c.pools)}
	}
}

// shape sets what Latitude changes on a new binding: when it is listed, and whether it
// fails.
func (b *behaviour) shape(p *peer) {
	if b == nil {
		return
	}
	if b.lat.VisibilityDelay > 0 {
		p.visibleAt = p.boundAt.Add(b.lat.VisibilityDelay)
	}
	if b.lat.FailBindings && p.failMsg == "" {
		p.failMsg = failBindingMessage
	}
}

// listed is a connection as list shows it: under stale-list, its bindings as they were
// at the last reset, or for a connection created since, as it was created. Callers
// hold s.mu.
func (s *store) listed(c *connection, now time.Time) connView {
	b := s.beh
	if b == nil || !b.has(DefectStaleList) {
		return c.view(now)
	}
	if b.stale == nil {
		b.stale = map[*connection][2][]*peer{}
	}
	snap, seen := b.stale[c]
	if !seen {
		snap = [2][]*peer{slices.Clone(c.queues), slices.Clone(c.pools)}
		b.stale[c] = snap
	}
	stale := *c
	stale.queues, stale.pools = snap[0], snap[1]
	return stale.view(now)
}

// bindAs is bind as the Latitude and the defects shape it. Everything is checked
// before anything changes, so a refused request leaves the connection as it was
// (except under late-change-after-reject, whose point is to break that).
func (s *store) bindAs(projectID, id string, req bindRequest) error {
	b := s.beh
	if b.has(DefectRaceLosesBinding) {
		return s.racyBind(projectID, id, req)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, c, err := s.lookup(projectID, id)
	if err != nil {
		return err
	}
	if c.status == statusDeleted && !b.has(DefectDeletedConnectionBinds) {
		return refuse(errConnectionDeleted, id)
	}
	if req.empty() {
		if b.has(DefectEitherWayBinds) {
			c.queues = s.attach(c.queues, p.unboundQueue(c), p.queues)
			return nil
		}
		return errNothingToBind
	}
	if err := p.checkNames(req.queues, req.pools); err != nil {
		switch {
		case errors.Is(err, errQueueNotFound) && b.has(DefectUnknownQueue200):
			return nil
		case errors.Is(err, errQueueNotFound) && b.has(DefectLateChangeAfterReject):
			s.bindLater(projectID, id, p.known(req))
		}
		return err
	}
	if b.has(DefectNoRebind) {
		for _, n := range req.queues {
			if b.unbound[c]["queue:"+n] {
				return refuse(errNoRebind, n)
			}
		}
	}
	if n, bound := alreadyBound(c, req); bound {
		switch {
		case b.has(DefectBindAgain500):
			return refuse(errBindAgain, n)
		case b.lat.BindAgainStatus == 400:
			return refuse(errAlreadyBound, n)
		}
	}
	switch {
	case b.has(DefectBindNeverShows):
		return nil
	case b.has(DefectBindAgainDuplicates):
		c.queues = s.attachAgain(c.queues, req.queues, p.queues)
		c.pools = s.attachAgain(c.pools, req.pools, p.pools)
		return nil
	}
	c.queues = s.attach(c.queues, req.queues, p.queues)
	c.pools = s.attach(c.pools, req.pools, p.pools)
	if b.has(DefectBindPoolsBindsQueue) && len(req.queues) == 0 && len(req.pools) > 0 {
		c.queues = s.attach(c.queues, p.unboundQueue(c), p.queues)
	}
	return nil
}

// alreadyBound names the first requested queue or pool already bound to c.
func alreadyBound(c *connection, req bindRequest) (string, bool) {
	for _, set := range []struct {
		names []string
		list  []*peer
	}{{req.queues, c.queues}, {req.pools, c.pools}} {
		for _, n := range set.names {
			if slices.ContainsFunc(set.list, func(p *peer) bool { return p.name == n }) {
				return n, true
			}
		}
	}
	return "", false
}

// unboundQueue names the first queue of the project not bound to c (none when all are).
func (p *project) unboundQueue(c *connection) []string {
	for _, q := range p.queues {
		if !slices.ContainsFunc(c.queues, func(b *peer) bool { return b.name == q.Name }) {
			return []string{q.Name}
		}
	}
	return nil
}

// known keeps the names of req that are resources of the project.
func (p *project) known(req bindRequest) bindRequest {
	var out bindRequest
	for _, n := range req.queues {
		if hasResource(p.queues, n) {
			out.queues = append(out.queues, n)
		}
	}
	for _, n := range req.pools {
		if hasResource(p.pools, n) {
			out.pools = append(out.pools, n)
		}
	}
	return out
}

// bindLater binds req after lateChangeDelayMS, whatever was answered.
func (s *store) bindLater(projectID, id string, req bindRequest) {
	if req.empty() {
		return
	}
	time.AfterFunc(lateChangeDelayMS*time.Millisecond, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		p, c, err := s.lookup(projectID, id)
		if err != nil {
			return
		}
		c.queues = s.attach(c.queues, req.queues, p.queues)
		c.pools = s.attach(c.pools, req.pools, p.pools)
	})
}

// attachAgain binds every name, adding a second entry for a name already bound.
func (s *store) attachAgain(list []*peer, names []string, rs []SeedResource) []*peer {
	now := s.now()
	for _, n := range names {
		if slices.ContainsFunc(list, func(p *peer) bool { return p.name == n }) {
			list = append(list, s.newPeer(n, rs, now))
			continue
		}
		list = s.attach(list, []string{n}, rs)
	}
	return list
}

// racyBind reads the bindings, pauses, and writes them back with the new names, holding
// the lock for neither the pause nor across both: two binds at once lose one's update.
func (s *store) racyBind(projectID, id string, req bindRequest) error {
	s.mu.Lock()
	p, c, err := s.liveConnection(projectID, id, req)
	if err != nil {
		s.mu.Unlock()
		return err
	}
	queues, pools := slices.Clone(c.queues), slices.Clone(c.pools)
	s.mu.Unlock()
	time.Sleep(racyBindPause * time.Millisecond)
	s.mu.Lock()
	defer s.mu.Unlock()
	c.queues = s.attach(queues, req.queues, p.queues)
	c.pools = s.attach(pools, req.pools, p.pools)
	return nil
}

// unbindAs is unbind as the defects shape it.
func (s *store) unbindAs(projectID, id string, req bindRequest) error {
	b := s.beh
	s.mu.Lock()
	defer s.mu.Unlock()
	_, c, err := s.liveConnection(projectID, id, req)
	if err != nil {
		return err
	}
	before := slices.Clone(c.queues) // detach works in place
	switch {
	case b.has(DefectUnbindRemovesAll):
		c.queues, c.pools = nil, nil
	case b.has(DefectUnbindRemovesWrong):
		c.queues = detachOther(c.queues, req.queues)
		c.pools = detachOther(c.pools, req.pools)
	default:
		c.queues = detach(c.queues, req.queues)
		c.pools = detach(c.pools, req.pools)
	}
	if b.has(DefectNoRebind) {
		for _, p := range before {
			if !slices.ContainsFunc(c.queues, func(q *peer) bool { return q.name == p.name }) {
				if b.unbound == nil {
					b.unbound = map[*connection]map[string]bool{}
				}
				if b.unbound[c] == nil {
					b.unbound[c] = map[string]bool{}
				}
				b.unbound[c]["queue:"+p.name] = true
			}
		}
	}
	return nil
}

// detachOther removes, for each asked name that is bound, one bound entry of another
// name that was not asked, and leaves the asked one.
func detachOther(list []*peer, names []string) []*peer {
	out := slices.Clone(list)
	for _, n := range names {
		if !slices.ContainsFunc(out, func(p *peer) bool { return p.name == n }) {
			continue
		}
		if i := slices.IndexFunc(out, func(p *peer) bool { return !slices.Contains(names, p.name) }); i >= 0 {
			out = slices.Delete(out, i, i+1)
		}
	}
	return out
}

// ownedElsewhere tells whether a connection of that id belongs to a project other than
// projectID.
func (s *store) ownedElsewhere(projectID, id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for pid, p := range s.projects {
		if pid != projectID && p.byID[id] != nil {
			return true
		}
	}
	return false
}
