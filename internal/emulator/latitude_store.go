package emulator

import (
	"errors"
	"slices"
	"strings"
	"sync/atomic"
)

// behaviour is what Latitude changes in the store and the handlers. lat is read-only
// after configure.
type behaviour struct {
	lat   Latitude
	calls atomic.Uint64 // API requests that reached a handler, for ThrottleEvery
}

// errAlreadyBound is the store's refusal of a bind naming a bound resource, under a
// Latitude that refuses it.
var errAlreadyBound = errors.New("is already bound to the connection")

// Foreign resources that ForeignBindings binds to every active seeded connection.
const (
	foreignQueue = "foreign_queue"
	foreignPool  = "foreign_pool"
)

// failBindingMessage is the err_msg of a binding that FailBindings fails.
const failBindingMessage = "Failed to create the peer connection: the destination network could not be reached."

// configure applies a Latitude to a new emulator, before it serves.
func (e *Emulator) configure(lat Latitude) error {
	if err := lat.validate(); err != nil {
		return errors.New("emulator: latitude: " + err.Error())
	}
	e.store.beh = &behaviour{lat: lat}
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

// bind is bind as the Latitude shapes it. Everything is checked before anything
// changes, so a refused request leaves the connection as it was.
func (s *store) bind(projectID, id string, req bindRequest) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, c, err := s.checkBind(projectID, id, req)
	if err != nil {
		return err
	}
	c.queues = s.attach(c.queues, req.queues, p.queues)
	c.pools = s.attach(c.pools, req.pools, p.pools)
	return nil
}

// checkBind applies bind's refusals, changing nothing. Callers hold s.mu.
func (s *store) checkBind(projectID, id string, req bindRequest) (*project, *connection, error) {
	p, c, err := s.liveConnection(projectID, id, req)
	if err != nil {
		return nil, nil, err
	}
	if n, bound := alreadyBound(c, req); bound && s.beh.lat.BindAgainStatus == 400 {
		return nil, nil, refuse(errAlreadyBound, n)
	}
	return p, c, nil
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

// unbind removes the named bindings; a name that is a resource of the project but is
// not bound is no refusal.
func (s *store) unbind(projectID, id string, req bindRequest) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, c, err := s.liveConnection(projectID, id, req)
	if err != nil {
		return err
	}
	c.queues = detach(c.queues, req.queues)
	c.pools = detach(c.pools, req.pools)
	return nil
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

// matchID returns the id of the project's connection that id names: id itself, or
// under a Latitude matching in any case, the one connection id equal to it but for
// case.
func (s *store) matchID(projectID, id string) string {
	if s.beh == nil || s.beh.lat.ConnectionIDCase != "any" {
		return id
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.projects[projectID]
	if p == nil || p.byID[id] != nil {
		return id
	}
	for known := range p.byID {
		if strings.EqualFold(known, id) {
			return known
		}
	}
	return id
}
