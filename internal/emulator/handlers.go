package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// call is a request that passed the gateway and the contract, with its path
// parameters.
type call struct {
	project, id string
	body        []byte
	query       url.Values
}

type handler func(call) response

// newCall reads the path parameters by position: the contract has already matched
// the path, /v2.0/{project_id}/datasource/enhanced-connections[/{connection_id}[/…]].
func newCall(u *url.URL, body []byte) call {
	seg := strings.Split(strings.TrimPrefix(u.EscapedPath(), "/"), "/")
	at := func(i int) string {
		if i >= len(seg) {
			return ""
		}
		s, err := url.PathUnescape(seg[i])
		if err != nil {
			return seg[i]
		}
		return s
	}
	return call{project: at(1), id: at(4), body: body, query: u.Query()}
}

// result is the body of a successful bind, unbind or delete.
type result struct {
	IsSuccess bool   `json:"is_success"`
	Message   string `json:"message"`
}

// nameList reads a list of queue or pool names. Absent and null both mean no names;
// an element that is not a string is refused, naming its index.
func nameList(field string, raw json.RawMessage) ([]string, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	// Most lists hold only names: one decoding reads them; a list it refuses is read
	// again element by element, to name the first element that is no name.
	var direct []*string
	if json.Unmarshal(raw, &direct) == nil && !slices.Contains(direct, nil) {
		names := make([]string, len(direct))
		for i, n := range direct {
			names[i] = *n
		}
		return names, nil
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		return nil, fmt.Errorf("%s must be an array of names", field)
	}
	names := make([]string, 0, len(elems))
	for i, el := range elems {
		var n *string
		if err := json.Unmarshal(el, &n); err != nil || n == nil {
			return nil, fmt.Errorf("%s[%d] must be a name, got %s", field, i, el)
		}
		names = append(names, *n)
	}
	return names, nil
}

// bindNames turns the name lists of a request into a bindRequest: a name repeated
// counts once, and pools count only under a profile that documents them.
func (e *Emulator) bindNames(queues, pools json.RawMessage) (bindRequest, error) {
	q, err := nameList("queues", queues)
	if err != nil {
		return bindRequest{}, err
	}
	req := bindRequest{queues: dedupe(q)}
	if e.withPools {
		p, err := nameList("elastic_resource_pools", pools)
		if err != nil {
			return bindRequest{}, err
		}
		req.pools = dedupe(p)
	}
	return req, nil
}

// parseBind reads a bind or unbind body. No body is an empty request: both lists are
// optional, and DLI then has nothing to bind.
//
// Keys are matched exactly: encoding/json would take "Queues" or "QUEUES" for
// queues, but the documented names are lower case, and a key in another case is
// an unknown field (see Latitude.ExtraFields).
func (e *Emulator) parseBind(body []byte) (bindRequest, error) {
	if len(body) > 0 && keysAsWritten(body) {
		var b documentedBody
		if json.Unmarshal(body, &b) == nil {
			return e.bindNames(b.Queues, b.Pools)
		}
	}
	return e.parseBindByKey(body)
}

// parseBindByKey is parseBind reading the body key by key: the documented
// keys as written, any other key an unknown field.
func (e *Emulator) parseBindByKey(body []byte) (bindRequest, error) {
	var fields map[string]json.RawMessage
	if len(body) > 0 {
		if err := json.Unmarshal(body, &fields); err != nil {
			return bindRequest{}, bodyError(err)
		}
	}
	return e.bindNames(fields["queues"], fields["elastic_resource_pools"])
}

// documentedBody is a bind body read in one decoding, for a body whose keys
// keysAsWritten vouches for.
type documentedBody struct {
	Queues json.RawMessage `json:"queues"`
	Pools  json.RawMessage `json:"elastic_resource_pools"`
}

// keysAsWritten tells whether encoding/json, which matches a key to a field
// in any case, can only match the documented keys as written in body: the body
// is ASCII without escapes, so every key appears as it is, and every stretch of
// it that equals a documented key but for case is that key exactly. A body it
// cannot vouch for is read key by key.
func keysAsWritten(body []byte) bool {
	for _, c := range body {
		if c >= utf8.RuneSelf || c == '\\' {
			return false
		}
	}
	for _, k := range documentedKeys {
		for i := 0; i+len(k) <= len(body); i++ {
			if body[i] == '"' && bytes.EqualFold(body[i:i+len(k)], k) && !bytes.Equal(body[i:i+len(k)], k) {
				return false
			}
		}
	}
	return true
}

var documentedKeys = [][]byte{[]byte(`"queues"`), []byte(`"elastic_resource_pools"`)}

// derefAll returns the names a list points to, nil for no list.
func derefAll(list []*string) []string {
	if list == nil {
		return nil
	}
	out := make([]string, len(list))
	for i, n := range list {
		out[i] = *n
	}
	return out
}

// bodyError words a body that does not decode into the documented object.
func bodyError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field == "" {
			return fmt.Errorf("the request body must be a JSON object, got %s", te.Value)
		}
		return fmt.Errorf("%s must not be %s", te.Field, te.Value)
	}
	return fmt.Errorf("the request body is not valid JSON: %w", err)
}

// paramError is DLI's answer to a request it cannot parse.
func paramError(err error) response {
	return dliError(http.StatusBadRequest, codeParam, "Parameter check errors occur: %v", err)
}

// bindQueues is associate-queue (dli_02_0191). Binding is asynchronous: 200 says the
// request was accepted, the peering state shows later on the connection. What the
// documentation leaves open is answered as the Latitude picks (latitude*.go).
func (e *Emulator) bindQueues(c call) response {
	req, err := e.parseBind(c.body)
	if err != nil {
		return paramError(err)
	}
	// The fields are listed only when the Latitude refuses them: another parse of the
	// body for every bind otherwise.
	if e.store.beh.lat.ExtraFields == "reject" {
		if extra := e.extraFields(c.body); len(extra) > 0 {
			return dliError(http.StatusBadRequest, codeParam, "Parameter check errors occur: unknown field(s) %s", strings.Join(extra, ", "))
		}
	}
	if err := e.binds.Bind(c.project, c.id, fromRequest(req)); err != nil {
		if errors.Is(err, errNothingToBind) {
			if resp, answered := e.eitherWay(); answered {
				return resp
			}
		}
		return e.refusal(c, err)
	}
	return e.bound(req)
}

// unbindQueues is disassociate-queue (dli_02_0192), whose example message has a capital
// D and no space after the colon.
func (e *Emulator) unbindQueues(c call) response {
	req, err := e.parseBind(c.body)
	if err != nil {
		return paramError(err)
	}
	if err := e.binds.Unbind(c.project, c.id, fromRequest(req)); err != nil {
		return e.refusal(c, err)
	}
	return ok(http.StatusOK, result{IsSuccess: true,
		Message: "Disassociated peer connection for " + describe(req, ":") + "."})
}

// describe lists the names as the documented messages do: "queues: {q1,q2}".
func describe(req bindRequest, sep string) string {
	var parts []string
	if len(req.queues) > 0 || len(req.pools) == 0 {
		parts = append(parts, "queues"+sep+"{"+strings.Join(req.queues, ",")+"}")
	}
	if len(req.pools) > 0 {
		parts = append(parts, "elastic resource pools"+sep+"{"+strings.Join(req.pools, ",")+"}")
	}
	return strings.Join(parts, ", ")
}

// createBody is the create request (dli_02_0187 table 2).
type createBody struct {
	Name          string          `json:"name"`
	DestVPCID     string          `json:"dest_vpc_id"`
	DestNetworkID string          `json:"dest_network_id"`
	RouteTableID  string          `json:"routetable_id"`
	Queues        json.RawMessage `json:"queues"`
	Pools         json.RawMessage `json:"elastic_resource_pools"`
	Hosts         []SeedHost      `json:"hosts"`
	Tags          []createTag     `json:"tags"`
}

// createTag is a tag as sent: both fields are mandatory, so absence must show.
type createTag struct {
	Key   *string `json:"key"`
	Value *string `json:"value"`
}

// hostNameRE is the create page's host name rule: a letter first, then letters,
// digits, _, - or ., at most 128 characters.
var hostNameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.-]{0,127}$`)

// The create page's limits (dli_02_0187 tables 2 to 4).
const (
	maxHosts       = 20000
	maxTagKeyLen   = 128
	maxTagValueLen = 255
)

type created struct {
	IsSuccess    bool   `json:"is_success"`
	Message      string `json:"message"`
	ConnectionID string `json:"connection_id"`
}

func (e *Emulator) createConnection(c call) response {
	var b createBody
	if err := json.Unmarshal(c.body, &b); err != nil {
		return paramError(bodyError(err))
	}
	if msg := checkCreate(b); msg != "" {
		return dliError(http.StatusBadRequest, codeParam, "%s", msg)
	}
	req, err := e.bindNames(b.Queues, b.Pools)
	if err != nil {
		return paramError(err)
	}
	id, err := e.store.create(c.project, newConnection{
		name: b.Name, vpcID: b.DestVPCID, networkID: b.DestNetworkID, routeTableID: b.RouteTableID,
		hosts: b.Hosts, tags: b.seedTags(), bind: req,
	})
	if err != nil {
		return e.refusal(c, err)
	}
	return ok(http.StatusCreated, created{IsSuccess: true, ConnectionID: id,
		Message: "Create peer connection for " + describe(req, ":")})
}

// checkCreate applies the create page's rules (dli_02_0187 tables 2 to 4). The
// contract states most of them too; they are repeated here because without
// StrictRequests the contract does not refuse anything, and DLI does.
func checkCreate(b createBody) string {
	switch {
	case !connNameRE.MatchString(b.Name):
		return fmt.Sprintf("name %q must be 1-64 letters, digits or underscores", b.Name)
	case b.DestVPCID == "":
		return "dest_vpc_id is mandatory"
	case b.DestNetworkID == "":
		return "dest_network_id is mandatory"
	case len(b.Hosts) > maxHosts:
		return fmt.Sprintf("hosts has %d entries, at most %d are allowed", len(b.Hosts), maxHosts)
	}
	for i, h := range b.Hosts {
		if h.Name != "" && !hostNameRE.MatchString(h.Name) {
			return fmt.Sprintf("hosts[%d].name %q must start with a letter and hold only letters, digits, _, - or .", i, h.Name)
		}
		if h.IP != "" && !isIPv4(h.IP) {
			return fmt.Sprintf("hosts[%d].ip %q is not an IPv4 address", i, h.IP)
		}
	}
	for i, t := range b.Tags {
		switch {
		case t.Key == nil || *t.Key == "" || len([]rune(*t.Key)) > maxTagKeyLen:
			return fmt.Sprintf("tags[%d].key is mandatory, 1-%d characters", i, maxTagKeyLen)
		case t.Value == nil || len([]rune(*t.Value)) > maxTagValueLen:
			return fmt.Sprintf("tags[%d].value is mandatory, at most %d characters", i, maxTagValueLen)
		case strings.HasPrefix(*t.Key, "_sys_"):
			return fmt.Sprintf("tags[%d].key %q must not start with _sys_", i, *t.Key)
		}
	}
	return ""
}

func (b createBody) seedTags() []SeedTag {
	var out []SeedTag
	for _, t := range b.Tags {
		out = append(out, SeedTag{Key: *t.Key, Value: *t.Value})
	}
	return out
}

type listed struct {
	connView
	IsPrivis bool `json:"isPrivis"`
}

type listResult struct {
	IsSuccess   bool     `json:"is_success"`
	Message     string   `json:"message"`
	Connections []listed `json:"connections"`
	Count       int      `json:"count"`
}

// listConnections is the list operation (dli_02_0190). isPrivis is false: every
// connection of the emulator belongs to the caller's own project.
func (e *Emulator) listConnections(c call) response {
	f := listFilter{limit: 100, status: c.query.Get("status"), name: c.query.Get("name")}
	for _, p := range []struct {
		key string
		dst *int
	}{{"limit", &f.limit}, {"offset", &f.offset}} {
		if v := c.query.Get(p.key); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > math.MaxInt32 {
				return dliError(http.StatusBadRequest, codeParam, "Parameter check errors occur: %s %q is not an integer from 0 to %d", p.key, v, math.MaxInt32)
			}
			*p.dst = n
		}
	}
	if tags := c.query.Get("tags"); tags != "" {
		for _, kv := range strings.Split(tags, ",") {
			k, v, found := strings.Cut(kv, "=")
			if !found || k == "" {
				return dliError(http.StatusBadRequest, codeParam, "Parameter check errors occur: tags %q, want k=v pairs separated by commas", tags)
			}
			f.tags = append(f.tags, SeedTag{Key: k, Value: v})
		}
	}
	views, count := e.store.list(c.project, f)
	out := listResult{IsSuccess: true, Connections: make([]listed, 0, len(views)), Count: count}
	for _, v := range views {
		out.Connections = append(out.Connections, listed{connView: e.present(v)})
	}
	return ok(http.StatusOK, out)
}

type shown struct {
	IsSuccess bool   `json:"is_success"`
	Message   string `json:"message"`
	connView
}

// showConnection is the query operation (dli_02_0189); a deleted connection is still
// answered, with status DELETED.
func (e *Emulator) showConnection(c call) response {
	v, err := e.store.show(c.project, c.id)
	if err != nil {
		return e.refusal(c, err)
	}
	return ok(http.StatusOK, shown{IsSuccess: true, connView: e.present(v)})
}

func (e *Emulator) deleteConnection(c call) response {
	if err := e.store.remove(c.project, c.id); err != nil {
		return e.refusal(c, err)
	}
	return ok(http.StatusOK, result{IsSuccess: true, Message: "Deleted"})
}

// present drops the pools from a connection under a profile that does not document
// them.
func (e *Emulator) present(v connView) connView {
	if !e.withPools {
		v.Pools = nil
	}
	return e.ordered(v)
}
