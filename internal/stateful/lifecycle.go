package stateful

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/dli"
)

// LifecycleConfig configures the life of a scratch connection.
type LifecycleConfig struct {
	// Queues and Pools are existing names to bind to it; at least one in all.
	Queues, Pools []string
	// DestVPCID and DestNetworkID are the VPC and subnet of the connection
	// (dli_02_0187 table 2); a real target needs existing ones.
	DestVPCID, DestNetworkID string
	// Name is the connection's name; "" draws one from Seed.
	Name string
	Seed int64
	// SettleTimeout bounds the wait for bindings to show and go; 0 means
	// DefaultSettleTimeout.
	SettleTimeout time.Duration
}

// LifecycleStep is one step of the life as it ran.
type LifecycleStep struct {
	What     string           `json:"what"`
	Exchange *client.Exchange `json:"-"`
	Err      error            `json:"-"`
}

// LifecycleResult is what the life of the scratch connection showed.
type LifecycleResult struct {
	Connection string          `json:"connection"`
	Steps      []LifecycleStep `json:"steps"`
	// Failure is the first step that departed from the documented behaviour.
	Failure error `json:"-"`
	// Cleanup is set when the scratch connection could not be deleted; it names
	// the request that would.
	Cleanup error `json:"-"`
}

// Err is the failure or, failing that, the cleanup error.
func (r LifecycleResult) Err() error {
	if r.Failure != nil {
		return r.Failure
	}
	return r.Cleanup
}

// Lifecycle creates a scratch connection, binds the names to it, unbinds them,
// deletes it, and checks that binding to it is then refused with 400 and DLI's
// error body and binds nothing. The connection is deleted even when a step
// fails.
func Lifecycle(ctx context.Context, api *dli.API, cfg LifecycleConfig) (res LifecycleResult) {
	if cfg.SettleTimeout <= 0 {
		cfg.SettleTimeout = DefaultSettleTimeout
	}
	if cfg.Name == "" {
		cfg.Name = fmt.Sprintf("stateful_scratch_%06x", rand.New(rand.NewPCG(uint64(cfg.Seed), 0x11fe)).IntN(1<<24))
	}
	names := dli.BindBody{Queues: cfg.Queues, Pools: cfg.Pools}
	if names.Empty() {
		res.Failure = fmt.Errorf("the lifecycle needs at least one queue or pool to bind")
		return res
	}
	known := Config{Queues: cfg.Queues, Pools: cfg.Pools}.known()
	// step records a step; step(what)(x, err) reads as the step's name and result.
	step := func(what string) func(*client.Exchange, error) error {
		return func(x *client.Exchange, err error) error {
			res.Steps = append(res.Steps, LifecycleStep{What: what, Exchange: x, Err: err})
			if err != nil {
				res.Failure = fmt.Errorf("%s: %w", what, err)
			}
			return err
		}
	}
	id, x, err := api.Create(ctx, dli.NewConnection{Name: cfg.Name, DestVPCID: cfg.DestVPCID, DestNetworkID: cfg.DestNetworkID})
	if step("create connection "+cfg.Name)(x, err) != nil {
		return res
	}
	res.Connection = id
	deleted := false
	defer func() {
		if deleted {
			return
		}
		x := api.Delete(context.WithoutCancel(ctx), id)
		res.Steps = append(res.Steps, LifecycleStep{What: "cleanup: delete the scratch connection", Exchange: x})
		if x.Err != nil || x.Status != 200 {
			res.Cleanup = fmt.Errorf("the scratch connection %s was left behind (delete answered %d %v); to remove it: DELETE %s",
				id, x.Status, x.Err, dli.ConnectionPath(api.Project, id))
		}
	}()
	t := Target{API: api, Connection: id}
	none := map[Resource]bool{}
	all := map[Resource]bool{}
	for _, r := range known {
		all[r] = true
	}
	if step("a new connection is ACTIVE with nothing bound")(awaitState(ctx, t, known, none, "ACTIVE", cfg.SettleTimeout)) != nil {
		return res
	}
	x = api.Bind(ctx, id, names)
	if step("bind "+string(names.JSON()))(x, answered(x, 200)) != nil {
		return res
	}
	if step("each bound name shows once")(awaitState(ctx, t, known, all, "ACTIVE", cfg.SettleTimeout)) != nil {
		return res
	}
	x = api.Unbind(ctx, id, names)
	if step("unbind "+string(names.JSON()))(x, answered(x, 200)) != nil {
		return res
	}
	if step("the unbound names are gone")(awaitState(ctx, t, known, none, "ACTIVE", cfg.SettleTimeout)) != nil {
		return res
	}
	x = api.Delete(ctx, id)
	if step("delete the connection")(x, answered(x, 200)) != nil {
		return res
	}
	deleted = true
	x = api.Bind(ctx, id, names)
	if step("binding to the deleted connection is refused")(x, answered(x, 400)) != nil {
		return res
	}
	x, err = deletedShowsNothing(ctx, t, known)
	step("the deleted connection has nothing bound")(x, err)
	return res
}

// answered checks the status and the body that goes with it: is_success true on
// 200, DLI's error body otherwise.
func answered(x *client.Exchange, status int) error {
	if err := check.Status(x, status); err != nil {
		return err
	}
	if status == 200 {
		return check.Succeeded(x)
	}
	return check.ErrorBody(x)
}

// awaitState reads the connection until it has the status and exactly the given
// names of known bound, each once, or until the settle timeout has passed.
func awaitState(ctx context.Context, t Target, known []Resource, want map[Resource]bool, status string, settle time.Duration) (*client.Exchange, error) {
	start := time.Now()
	deadline := start.Add(settle)
	for {
		interval := dli.NextPoll(time.Since(start), 500*time.Millisecond)
		c, x, err := t.API.Show(ctx, t.Connection)
		if err != nil {
			return x, err
		}
		err = connectionIs(c, known, want, status)
		if err == nil || !time.Now().Before(deadline) || ctx.Err() != nil {
			return x, err
		}
		time.Sleep(min(interval, time.Until(deadline)+time.Millisecond))
	}
}

func connectionIs(c *dli.Connection, known []Resource, want map[Resource]bool, status string) error {
	if c.Status != status {
		return fmt.Errorf("the connection's status is %q, want %s", c.Status, status)
	}
	b := c.Bindings()
	for _, r := range known {
		n := countIn(b, r)
		switch {
		case n > 1:
			return fmt.Errorf("%s is listed %d times", r, n)
		case want[r] && n == 0:
			return fmt.Errorf("%s is not listed", r)
		case !want[r] && n == 1:
			return fmt.Errorf("%s is still listed", r)
		}
		for _, p := range peersOf(c, r) {
			if p.Status != "CREATING" && p.Status != "ACTIVE" && p.Status != "FAILED" {
				return fmt.Errorf("%s has status %q, want CREATING, ACTIVE or FAILED", r, p.Status)
			}
		}
	}
	return nil
}

// deletedShowsNothing queries the deleted connection: it may still be answered,
// with status DELETED and nothing bound (dli_02_0189), or refused with 400.
func deletedShowsNothing(ctx context.Context, t Target, known []Resource) (*client.Exchange, error) {
	c, x, err := t.API.Show(ctx, t.Connection)
	if err != nil {
		if x.Err == nil && x.Status == 400 {
			return x, check.ErrorBody(x)
		}
		return x, err
	}
	return x, connectionIs(c, known, map[Resource]bool{}, "DELETED")
}
