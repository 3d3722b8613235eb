package broken

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/emulator"
)

// The state defects decorate emulator.Store. A decorator that reads and then changes
// the state holds its own lock across both, so that another bind through it cannot
// come between; it never holds it inside Listed, which the store calls locked.

// lateChangeDelay is how long late-change-after-reject waits before it binds.
const lateChangeDelay = 150 * time.Millisecond

// racyBindPause is how long race-loses-binding waits between its read and its write.
const racyBindPause = 50 * time.Millisecond

// unboundQueue names the first queue of the project not bound to the connection (none
// when all are).
func unboundQueue(s emulator.Store, project, conn string) []string {
	snap, err := s.Snapshot(project, conn)
	if err != nil {
		return nil
	}
	bound := snap.Names().Queues
	for _, q := range s.Resources(project).Queues {
		if !slices.Contains(bound, q) {
			return []string{q}
		}
	}
	return nil
}

func empty(n emulator.Names) bool { return len(n.Queues) == 0 && len(n.Pools) == 0 }

// poolsBindQueue: a bind naming only pools binds an unbound queue too.
type poolsBindQueue struct {
	emulator.Store
	mu sync.Mutex
}

func (s *poolsBindQueue) Bind(project, conn string, n emulator.Names) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.Store.Bind(project, conn, n); err != nil {
		return err
	}
	if q := unboundQueue(s.Store, project, conn); len(n.Queues) == 0 && len(n.Pools) > 0 && q != nil {
		return s.Store.Bind(project, conn, emulator.Names{Queues: q})
	}
	return nil
}

// unbindAll: an unbind removes every binding.
type unbindAll struct{ emulator.Store }

func (s unbindAll) Unbind(project, conn string, n emulator.Names) error {
	if err := s.Store.CheckUnbind(project, conn, n); err != nil {
		return err
	}
	return s.Store.Restore(project, conn, emulator.Snapshot{})
}

// unbindWrong: for each asked name that is bound, an unbind removes a bound name that
// was not asked, and leaves the asked one.
type unbindWrong struct {
	emulator.Store
	mu sync.Mutex
}

func (s *unbindWrong) Unbind(project, conn string, n emulator.Names) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	bound, err := checkedBound(s.Store, project, conn, n)
	if err != nil {
		return err
	}
	drop := emulator.Names{Queues: others(bound.Queues, n.Queues), Pools: others(bound.Pools, n.Pools)}
	if empty(drop) {
		return nil
	}
	return s.Store.Unbind(project, conn, drop)
}

// others picks, for each asked name that is bound, one bound name that was not asked.
func others(bound, asked []string) []string {
	left := slices.Clone(bound)
	var out []string
	for _, n := range asked {
		if !slices.Contains(left, n) {
			continue
		}
		if i := slices.IndexFunc(left, func(b string) bool { return !slices.Contains(asked, b) }); i >= 0 {
			out = append(out, left[i])
			left = slices.Delete(left, i, i+1)
		}
	}
	return out
}

// eitherWayBinds: a bind naming nothing succeeds and binds an unbound queue.
type eitherWayBinds struct {
	emulator.Store
	mu sync.Mutex
}

func (s *eitherWayBinds) Bind(project, conn string, n emulator.Names) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.Store.Bind(project, conn, n)
	if !errors.Is(err, emulator.ErrNothingToBind) {
		return err
	}
	if q := unboundQueue(s.Store, project, conn); q != nil {
		return s.Store.Bind(project, conn, emulator.Names{Queues: q})
	}
	return nil
}

// lateChange: a bind refused for an unknown queue binds its known names a moment later.
type lateChange struct {
	emulator.Store
	mu sync.Mutex
}

func (s *lateChange) Bind(project, conn string, n emulator.Names) error {
	err := s.Store.Bind(project, conn, n)
	if !errors.Is(err, emulator.ErrQueueNotFound) {
		return err
	}
	res := s.Store.Resources(project)
	known := emulator.Names{Queues: within(n.Queues, res.Queues), Pools: within(n.Pools, res.Pools)}
	if !empty(known) {
		time.AfterFunc(lateChangeDelay, func() { s.appendUnbound(project, conn, known) })
	}
	return err
}

// appendUnbound binds the names not bound yet, whatever the connection's state.
func (s *lateChange) appendUnbound(project, conn string, n emulator.Names) {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap, err := s.Store.Snapshot(project, conn)
	if err != nil {
		return
	}
	bound := snap.Names()
	add := emulator.Names{Queues: without(n.Queues, bound.Queues), Pools: without(n.Pools, bound.Pools)}
	_ = s.Store.Append(project, conn, add)
}

// within keeps the names that are in set; without drops them.
func within(names, set []string) []string {
	return slices.DeleteFunc(slices.Clone(names), func(n string) bool { return !slices.Contains(set, n) })
}

func without(names, set []string) []string {
	return slices.DeleteFunc(slices.Clone(names), func(n string) bool { return slices.Contains(set, n) })
}

// bindNeverShows: a valid bind succeeds and binds nothing.
type bindNeverShows struct{ emulator.Store }

func (s bindNeverShows) Bind(project, conn string, n emulator.Names) error {
	return s.Store.CheckBind(project, conn, n)
}

// bindAgainDuplicates: binding a bound name adds a second binding of it.
type bindAgainDuplicates struct{ emulator.Store }

func (s bindAgainDuplicates) Bind(project, conn string, n emulator.Names) error {
	if err := s.Store.CheckBind(project, conn, n); err != nil {
		return err
	}
	return s.Store.Append(project, conn, n)
}

// unknownQueueOK: a bind naming an unknown queue succeeds and binds nothing.
type unknownQueueOK struct{ emulator.Store }

func (s unknownQueueOK) Bind(project, conn string, n emulator.Names) error {
	if err := s.Store.Bind(project, conn, n); !errors.Is(err, emulator.ErrQueueNotFound) {
		return err
	}
	return nil
}

// deletedBinds: a deleted connection takes a bind as an active one does.
type deletedBinds struct {
	emulator.Store
	mu sync.Mutex
}

func (s *deletedBinds) Bind(project, conn string, n emulator.Names) error {
	return s.asActive(project, conn, func() error { return s.Store.Bind(project, conn, n) })
}

// Unbind on a deleted connection works as the bind does: the check that is
// missing is missing on both.
func (s *deletedBinds) Unbind(project, conn string, n emulator.Names) error {
	return s.asActive(project, conn, func() error { return s.Store.Unbind(project, conn, n) })
}

// asActive does op, and when the connection is deleted, does it again as if
// the connection were active.
func (s *deletedBinds) asActive(project, conn string, op func() error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := op(); !errors.Is(err, emulator.ErrConnectionDeleted) {
		return err
	}
	if err := s.Store.SetStatus(project, conn, "ACTIVE"); err != nil {
		return err
	}
	defer func() { _ = s.Store.SetStatus(project, conn, "DELETED") }()
	return op()
}

// bindAgain500: binding a bound name fails as a server error.
type bindAgain500 struct {
	emulator.Store
	mu sync.Mutex
}

func (s *bindAgain500) Bind(project, conn string, n emulator.Names) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	bound, err := checkedBound(s.Store, project, conn, n)
	if err != nil {
		return err
	}
	for _, set := range [][2][]string{{n.Queues, bound.Queues}, {n.Pools, bound.Pools}} {
		for _, name := range set[0] {
			if slices.Contains(set[1], name) {
				// Not a Refusal: the emulator answers any other error with 500.
				return fmt.Errorf("binding an already-bound resource failed: %s", name)
			}
		}
	}
	return s.Store.Bind(project, conn, n)
}

// staleList: list answers each connection's bindings as they were at the last reset,
// or for a connection created since, as it was created. The copy is taken before the
// first change (or list) of the connection after the reset, which is the same.
type staleList struct {
	emulator.Store
	mu    sync.Mutex // guards snaps only: Listed runs with the store locked
	snaps map[string]emulator.Snapshot
}

func (s *staleList) keep(project, conn string, snap emulator.Snapshot) emulator.Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := project + "/" + conn
	if old, ok := s.snaps[key]; ok {
		return old
	}
	if s.snaps == nil {
		s.snaps = map[string]emulator.Snapshot{}
	}
	s.snaps[key] = snap
	return snap
}

// before keeps the connection's bindings, if not kept yet, before a change.
func (s *staleList) before(project, conn string) {
	if snap, err := s.Store.Snapshot(project, conn); err == nil {
		s.keep(project, conn, snap)
	}
}

func (s *staleList) Listed(project, conn string, current emulator.Snapshot) emulator.Snapshot {
	return s.keep(project, conn, current)
}

func (s *staleList) Bind(project, conn string, n emulator.Names) error {
	s.before(project, conn)
	return s.Store.Bind(project, conn, n)
}

func (s *staleList) Unbind(project, conn string, n emulator.Names) error {
	s.before(project, conn)
	return s.Store.Unbind(project, conn, n)
}

func (s *staleList) Append(project, conn string, n emulator.Names) error {
	s.before(project, conn)
	return s.Store.Append(project, conn, n)
}

func (s *staleList) Restore(project, conn string, snap emulator.Snapshot) error {
	s.before(project, conn)
	return s.Store.Restore(project, conn, snap)
}

func (s *staleList) Reset(seed *emulator.Seed) {
	s.Store.Reset(seed)
	s.mu.Lock()
	s.snaps = nil
	s.mu.Unlock()
}

// noRebind: a queue once unbound from a connection cannot be bound to it again,
// until a reset.
type noRebind struct {
	emulator.Store
	mu      sync.Mutex
	unbound map[string]bool // project/connection/queue
}

func (s *noRebind) Bind(project, conn string, n emulator.Names) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.Store.CheckUnbind(project, conn, n); err != nil {
		return err
	}
	for _, q := range n.Queues {
		if s.unbound[project+"/"+conn+"/"+q] {
			return &emulator.Refusal{Message: "queue " + q + " was unbound from the connection and cannot be bound again."}
		}
	}
	return s.Store.Bind(project, conn, n)
}

func (s *noRebind) Unbind(project, conn string, n emulator.Names) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	before, err := s.Store.Snapshot(project, conn)
	if err != nil {
		return s.Store.Unbind(project, conn, n)
	}
	if err := s.Store.Unbind(project, conn, n); err != nil {
		return err
	}
	after, err := s.Store.Snapshot(project, conn)
	if err != nil {
		return nil
	}
	for _, q := range without(before.Names().Queues, after.Names().Queues) {
		if s.unbound == nil {
			s.unbound = map[string]bool{}
		}
		s.unbound[project+"/"+conn+"/"+q] = true
	}
	return nil
}

func (s *noRebind) Reset(seed *emulator.Seed) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Store.Reset(seed)
	s.unbound = nil
}

// racyBind: a bind reads the bindings, pauses, and writes them back with its names,
// holding no lock across the pause: two binds at once lose one's update.
type racyBind struct {
	emulator.Store
	mu sync.Mutex // makes the write itself one step, as the store's lock did
}

func (s *racyBind) Bind(project, conn string, n emulator.Names) error {
	if err := s.Store.CheckUnbind(project, conn, n); err != nil {
		return err
	}
	snap, err := s.Store.Snapshot(project, conn)
	if err != nil {
		return err
	}
	time.Sleep(racyBindPause)
	s.mu.Lock()
	defer s.mu.Unlock()
	bound := snap.Names()
	if err := s.Store.Restore(project, conn, snap); err != nil {
		return err
	}
	return s.Store.Append(project, conn, emulator.Names{Queues: without(n.Queues, bound.Queues), Pools: without(n.Pools, bound.Pools)})
}

// checkedBound runs the store's own checks of n against the connection (the
// connection and the names exist) and returns what the connection has bound.
func checkedBound(st emulator.Store, project, conn string, n emulator.Names) (emulator.Names, error) {
	if err := st.CheckUnbind(project, conn, n); err != nil {
		return emulator.Names{}, err
	}
	snap, err := st.Snapshot(project, conn)
	if err != nil {
		return emulator.Names{}, err
	}
	return snap.Names(), nil
}
