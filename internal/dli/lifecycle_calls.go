package dli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"

	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// BindRaw posts body, exactly as given, to associate-queue of the connection: the
// inputs the documentation leaves open ({} or empty arrays) cannot be written as a
// BindBody, whose empty lists are left out.
func (a *API) BindRaw(ctx context.Context, conn string, body []byte) *client.Exchange {
	return a.Client.Do(ctx, contract.JSONRequest("POST", BindPath(a.Project, conn), body))
}

// UnbindRaw posts body, exactly as given, to disassociate-queue of the connection.
func (a *API) UnbindRaw(ctx context.Context, conn string, body []byte) *client.Exchange {
	return a.Client.Do(ctx, contract.JSONRequest("POST", UnbindPath(a.Project, conn), body))
}

// NewConnection is the body of the create operation (dli_02_0187 table 2), as far as
// the suite sends it.
type NewConnection struct {
	Name          string   `json:"name"`
	DestVPCID     string   `json:"dest_vpc_id"`
	DestNetworkID string   `json:"dest_network_id"`
	Queues        []string `json:"queues,omitempty"`
	Pools         []string `json:"elastic_resource_pools,omitempty"`
}

// Create creates a connection and returns its id. The error is set unless a 201 with
// a connection_id came back; the exchange is always returned for evidence.
func (a *API) Create(ctx context.Context, c NewConnection) (string, *client.Exchange, error) {
	body, _ := json.Marshal(c) // strings and string slices always encode
	x := a.Client.Do(ctx, contract.JSONRequest("POST", ConnectionsPath(a.Project), body))
	if x.Err != nil {
		return "", x, fmt.Errorf("create connection %q: %w", c.Name, x.Err)
	}
	if x.Status != 201 {
		return "", x, fmt.Errorf("create connection %q: status %d, want 201", c.Name, x.Status)
	}
	var out struct {
		ConnectionID string `json:"connection_id"`
	}
	if err := json.Unmarshal(x.RespBody, &out); err != nil || out.ConnectionID == "" {
		return "", x, fmt.Errorf("create connection %q: the answer has no connection_id", c.Name)
	}
	return out.ConnectionID, x, nil
}

// Delete deletes the connection (a soft delete: it then shows status DELETED).
func (a *API) Delete(ctx context.Context, conn string) *client.Exchange {
	return a.Client.Do(ctx, contract.Request{Method: "DELETE", Target: ConnectionPath(a.Project, conn)})
}

// ConnectionPage is one answer of the list operation.
type ConnectionPage struct {
	Connections []Connection `json:"connections"`
	Count       int          `json:"count"`
}

// List asks for one page of the project's connections, limit at most and from
// offset on (dli_02_0190 table 2).
func (a *API) List(ctx context.Context, limit, offset int) (*ConnectionPage, *client.Exchange, error) {
	q := url.Values{"limit": {strconv.Itoa(limit)}, "offset": {strconv.Itoa(offset)}}
	x := a.Client.Do(ctx, contract.Request{Method: "GET", Target: ConnectionsPath(a.Project) + "?" + q.Encode()})
	if x.Err != nil {
		return nil, x, fmt.Errorf("list connections: %w", x.Err)
	}
	if x.Status != 200 {
		return nil, x, fmt.Errorf("list connections: status %d, want 200", x.Status)
	}
	var p ConnectionPage
	if err := json.Unmarshal(x.RespBody, &p); err != nil {
		return nil, x, fmt.Errorf("list connections: body is not a list of connections: %w", err)
	}
	return &p, x, nil
}

// FindListed pages through the list operation until it finds the connection. It
// returns nil (and no error) when the list does not hold it, and every exchange made.
func (a *API) FindListed(ctx context.Context, conn string, pageSize int) (*Connection, []*client.Exchange, error) {
	var xs []*client.Exchange
	for offset := 0; ; {
		p, x, err := a.List(ctx, pageSize, offset)
		xs = append(xs, x)
		if err != nil {
			return nil, xs, err
		}
		for i := range p.Connections {
			if p.Connections[i].ID == conn {
				return &p.Connections[i], xs, nil
			}
		}
		offset += len(p.Connections)
		if len(p.Connections) == 0 || offset >= p.Count {
			return nil, xs, nil
		}
	}
}
