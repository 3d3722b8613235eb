package stateful

import (
	"context"
	"testing"
	"time"
)

// A walk past its deadline stops adding steps and says so, and no further walk
// starts; without a deadline every planned step runs.
func TestWalksStopAtTheirDeadline(t *testing.T) {
	e := newEnv(t, envOptions{})
	tg := e.on(connID)
	cfg := walkConfig(3, loadContract(t))
	cfg.MaxSteps = 30
	full := Walks(context.Background(), tg, cfg, 2)
	if len(full) != 2 || full[0].Stopped || len(full[0].Steps) != 30 {
		t.Fatalf("without a deadline: %d walks, stopped %v, %d steps", len(full), full[0].Stopped, len(full[0].Steps))
	}
	cfg.Deadline = time.Now()
	cut := Walks(context.Background(), tg, cfg, 2)
	if len(cut) != 1 || !cut[0].Stopped || len(cut[0].Steps) != 0 || cut[0].Err() != nil {
		t.Fatalf("past the deadline: %d walks, stopped %v, %d steps, err %v", len(cut), cut[0].Stopped, len(cut[0].Steps), cut[0].Err())
	}
}
