package emulator

import (
	"errors"
	"slices"
	"time"
)

// Names is what a bind or unbind names: queue and pool names, each once.
type Names struct {
	Queues, Pools []string
}

func (n Names) request() bindRequest { return bindRequest{queues: n.Queues, pools: n.Pools} }

func fromRequest(req bindRequest) Names { return Names{Queues: req.queues, Pools: req.pools} }

// Snapshot is a copy of one connection's bindings as the store keeps them, each with
// its id, times and state, so that Restore can put them back unchanged.
type Snapshot struct {
	queues, pools []*peer
}

// Names lists the bound names in bind order; a name bound twice is listed twice.
func (s Snapshot) Names() Names {
	names := func(list []*peer) []string {
		out := make([]string, 0, len(list))
		for _, p := range list {
			out = append(out, p.name)
		}
		return out
	}
	return Names{Queues: names(s.queues), Pools: names(s.pools)}
}

// Store is the state that the bind, unbind and list operations read and change. The
// emulator's own store plays the documented behaviour (with the Latitude's choices);
// Options.Store may decorate it, e.g. to play a broken implementation in a test, out
// of the emulator's code. Every method is safe for concurrent use.
type Store interface {
	// Bind binds the names to the connection, all or nothing, or refuses with one of
	// the Err values below (or an error the handlers answer with 500).
	Bind(project, connection string, n Names) error
	// Unbind removes the named bindings, or refuses as Bind does.
	Unbind(project, connection string, n Names) error
	// CheckBind and CheckUnbind refuse as Bind and Unbind would, changing nothing.
	CheckBind(project, connection string, n Names) error
	CheckUnbind(project, connection string, n Names) error
	// Append adds a new binding for each name, even one already bound, without a
	// check: the names must be resources of the project.
	Append(project, connection string, n Names) error
	// Snapshot copies the connection's bindings; Restore puts a copy back.
	Snapshot(project, connection string) (Snapshot, error)
	Restore(project, connection string, s Snapshot) error
	// SetStatus sets the connection's status (ACTIVE or DELETED) and nothing else.
	SetStatus(project, connection, status string) error
	// Resources names the queues and pools of the project.
	Resources(project string) Names
	// Listed is what the list operation shows of a connection's bindings, given
	// current, what they are. It is called with the store locked: it must not call
	// the store.
	Listed(project, connection string, current Snapshot) Snapshot
	// Reset puts the state back to seed.
	Reset(seed *Seed)
}

// The store's refusals, for decorators of Store to tell them apart.
var (
	ErrConnectionNotFound = errConnectionNotFound
	ErrConnectionDeleted  = errConnectionDeleted
	ErrQueueNotFound      = errQueueNotFound
	ErrPoolNotFound       = errPoolNotFound
	ErrNothingToBind      = errNothingToBind
)

// Refusal is a refusal of a decorated Store that DLI answers with 400, its
// parameter-check code and the message.
type Refusal struct{ Message string }

func (r *Refusal) Error() string { return r.Message }

// asRefusal finds a Refusal in err.
func asRefusal(err error) (*Refusal, bool) {
	var r *Refusal
	return r, errors.As(err, &r)
}

// Bind implements Store.
func (s *store) Bind(projectID, id string, n Names) error { return s.bind(projectID, id, n.request()) }

// Unbind implements Store.
func (s *store) Unbind(projectID, id string, n Names) error {
	return s.unbind(projectID, id, n.request())
}

// CheckBind implements Store.
func (s *store) CheckBind(projectID, id string, n Names) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, _, err := s.checkBind(projectID, id, n.request())
	return err
}

// CheckUnbind implements Store.
func (s *store) CheckUnbind(projectID, id string, n Names) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, _, err := s.liveConnection(projectID, id, n.request())
	return err
}

// Append implements Store.
func (s *store) Append(projectID, id string, n Names) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, c, err := s.lookup(projectID, id)
	if err != nil {
		return err
	}
	now := s.now()
	for _, q := range n.Queues {
		c.queues = append(c.queues, s.newPeer(q, p.queues, now))
	}
	for _, q := range n.Pools {
		c.pools = append(c.pools, s.newPeer(q, p.pools, now))
	}
	return nil
}

// Snapshot implements Store.
func (s *store) Snapshot(projectID, id string) (Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, c, err := s.lookup(projectID, id)
	if err != nil {
		return Snapshot{}, err
	}
	return snapshotOf(c), nil
}

func snapshotOf(c *connection) Snapshot {
	return Snapshot{queues: slices.Clone(c.queues), pools: slices.Clone(c.pools)}
}

// Restore implements Store.
func (s *store) Restore(projectID, id string, snap Snapshot) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, c, err := s.lookup(projectID, id)
	if err != nil {
		return err
	}
	c.queues, c.pools = slices.Clone(snap.queues), slices.Clone(snap.pools)
	return nil
}

// SetStatus implements Store.
func (s *store) SetStatus(projectID, id, status string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, c, err := s.lookup(projectID, id)
	if err != nil {
		return err
	}
	c.status = status
	return nil
}

// Resources implements Store.
func (s *store) Resources(projectID string) Names {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n Names
	if p := s.projects[projectID]; p != nil {
		for _, r := range p.queues {
			n.Queues = append(n.Queues, r.Name)
		}
		for _, r := range p.pools {
			n.Pools = append(n.Pools, r.Name)
		}
	}
	return n
}

// Listed implements Store: list shows the bindings as they are.
func (s *store) Listed(_, _ string, current Snapshot) Snapshot { return current }

// Reset implements Store.
func (s *store) Reset(seed *Seed) { s.reset(seed) }

// listedView is a connection as list shows it. Callers hold s.mu.
func (s *store) listedView(projectID string, c *connection, now time.Time) connView {
	if s.listed == nil {
		return c.view(now)
	}
	snap := s.listed(projectID, c.id, snapshotOf(c))
	shown := *c
	shown.queues, shown.pools = snap.queues, snap.pools
	return shown.view(now)
}
