package broken

import (
	"errors"
	"sync"

	"github.com/dli-conformance/dli-conformance/internal/emulator"
)

// SpillsToDeleted is a bind to the configured connection that binds the same
// names on the project's deleted connection too, as a store that keys its
// bindings by project rather than by connection might. No requirement's
// request names that connection, so only the run's record of every connection
// it can reach, compared at the end, shows it.
var SpillsToDeleted = Behaviour{Name: "bind-spills-to-deleted", Description: "a bind to the configured connection also binds the names on the project's deleted connection",
	Store: storeOnly(func(s emulator.Store) *spill { return &spill{Store: s} })}

type spill struct {
	emulator.Store
	mu sync.Mutex
}

func (s *spill) Bind(project, conn string, n emulator.Names) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.Store.Bind(project, conn, n); err != nil || project != Project || conn != Connection {
		return err
	}
	if err := s.Store.SetStatus(project, DeletedConnection, "ACTIVE"); err != nil {
		return nil
	}
	defer func() { _ = s.Store.SetStatus(project, DeletedConnection, "DELETED") }()
	if err := s.Store.Bind(project, DeletedConnection, n); err != nil && !errors.Is(err, emulator.ErrNothingToBind) {
		return nil
	}
	return nil
}
