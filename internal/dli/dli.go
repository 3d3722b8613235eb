// Package dli speaks the enhanced datasource connection API through a recording
// client: typed calls for the operations the suite needs, the connection model as
// the query operation answers it, and the bookkeeping that puts bindings back.
package dli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// API calls one project's enhanced connection operations.
type API struct {
	Client  *client.Client
	Project string
	// stuck is shared by every restore made through this API: see
	// NoteUnbindIneffective.
	stuck stuckUnbind
	// vain is shared likewise: see NoteWaitedInVain.
	vain vainWait
}

// ConnectionsPath is the path of the connection collection of a project.
func ConnectionsPath(project string) string {
	return "/v2.0/" + url.PathEscape(project) + "/datasource/enhanced-connections"
}

// ConnectionPath is the path of one connection. The id is escaped so that any
// string stays one path segment.
func ConnectionPath(project, id string) string {
	return ConnectionsPath(project) + "/" + url.PathEscape(id)
}

// BindPath is the path of associate-queue.
func BindPath(project, id string) string { return ConnectionPath(project, id) + "/associate-queue" }

// UnbindPath is the path of disassociate-queue.
func UnbindPath(project, id string) string {
	return ConnectionPath(project, id) + "/disassociate-queue"
}

// BindBody is the body of associate-queue and disassociate-queue.
type BindBody struct {
	Queues []string `json:"queues,omitempty"`
	Pools  []string `json:"elastic_resource_pools,omitempty"`
}

// Empty reports whether the body names nothing.
func (b BindBody) Empty() bool { return len(b.Queues) == 0 && len(b.Pools) == 0 }

// JSON encodes the body.
func (b BindBody) JSON() []byte {
	out, _ := json.Marshal(b) // two string slices always encode
	return out
}

// Bind posts body to associate-queue of the connection.
func (a *API) Bind(ctx context.Context, conn string, body BindBody) *client.Exchange {
	return a.Client.Do(ctx, contract.JSONRequest("POST", BindPath(a.Project, conn), body.JSON()))
}

// Unbind posts body to disassociate-queue of the connection.
func (a *API) Unbind(ctx context.Context, conn string, body BindBody) *client.Exchange {
	return a.Client.Do(ctx, contract.JSONRequest("POST", UnbindPath(a.Project, conn), body.JSON()))
}

// Peer is one bound queue or pool as the query operation lists it.
type Peer struct {
	PeerID     string `json:"peer_id"`
	Status     string `json:"status"`
	Name       string `json:"name"`
	ErrMsg     string `json:"err_msg"`
	UpdateTime int64  `json:"update_time"`
}

// Connection is the answer of the query operation, as far as the suite reads it.
type Connection struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Status string `json:"status"`
	Queues []Peer `json:"available_queue_info"`
	Pools  []Peer `json:"elastic_resource_pools"`
}

// Show queries the connection. The error is set when no 200 with a readable body
// came back; the exchange is always returned for evidence.
func (a *API) Show(ctx context.Context, conn string) (*Connection, *client.Exchange, error) {
	x := a.Client.Do(ctx, contract.Request{Method: "GET", Target: ConnectionPath(a.Project, conn)})
	if x.Err != nil {
		return nil, x, fmt.Errorf("query connection %s: %w", conn, x.Err)
	}
	if x.Status != 200 {
		return nil, x, fmt.Errorf("query connection %s: status %d, want 200", conn, x.Status)
	}
	var c Connection
	if err := json.Unmarshal(x.RespBody, &c); err != nil {
		return nil, x, fmt.Errorf("query connection %s: body is not a connection: %w", conn, err)
	}
	return &c, x, nil
}

// Bindings returns the names bound to the connection, in the order listed.
// Duplicates are kept so that a check can see them.
func (c *Connection) Bindings() Bindings {
	b := Bindings{}
	for _, p := range c.Queues {
		b.Queues = append(b.Queues, p.Name)
	}
	for _, p := range c.Pools {
		b.Pools = append(b.Pools, p.Name)
	}
	return b
}
