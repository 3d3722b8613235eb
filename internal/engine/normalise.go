package engine

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Names are the values one run was configured with. Two targets have ids and
// names of their own; in a case they become placeholders, so that the same
// request to each compares equal.
type Names struct {
	ProjectID           string
	ConnectionID        string
	DeletedConnectionID string
	Queues              []string
	Pools               []string
}

// placeholders maps each configured value to its placeholder.
func (n Names) placeholders() map[string]string {
	m := map[string]string{}
	put := func(v, p string) {
		if v != "" {
			if _, taken := m[v]; !taken {
				m[v] = p
			}
		}
	}
	put(n.ProjectID, "{project_id}")
	put(n.ConnectionID, "{connection_id}")
	put(n.DeletedConnectionID, "{deleted_connection_id}")
	for i, q := range n.Queues {
		put(q, "{queue "+strconv.Itoa(i+1)+"}")
	}
	for i, p := range n.Pools {
		put(p, "{pool "+strconv.Itoa(i+1)+"}")
	}
	return m
}

// Ids the suite or a target draws at random: whatever they are, they are the
// same placeholder in both runs.
var (
	uuidPattern = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)
	hexPattern  = regexp.MustCompile(`\b[0-9a-fA-F]{32}\b`)
)

// Normaliser turns one run's requests and names into their comparable form.
type Normaliser struct {
	exact map[string]string
}

// NewNormaliser returns the normaliser of a run configured with n.
func NewNormaliser(n Names) *Normaliser { return &Normaliser{exact: n.placeholders()} }

// Name is a bound name as compared: its placeholder when configured.
func (z *Normaliser) Name(s string) string {
	if p, ok := z.exact[s]; ok {
		return p
	}
	return s
}

// Names normalises and sorts a list of names.
func (z *Normaliser) Names(in []string) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		out = append(out, z.Name(s))
	}
	slices.Sort(out)
	return out
}

// Path replaces configured values that are whole path segments, then ids.
func (z *Normaliser) Path(target string) string {
	path, query, hasQuery := strings.Cut(target, "?")
	segs := strings.Split(path, "/")
	for i, s := range segs {
		segs[i] = z.Name(s)
	}
	out := randomIDs(strings.Join(segs, "/"))
	if hasQuery {
		out += "?" + randomIDs(query)
	}
	return out
}

// Body replaces configured values that are whole JSON strings, then ids. A body
// that is not JSON keeps its bytes (ids aside): the runs sent the same bytes or
// they did not.
func (z *Normaliser) Body(b []byte) string {
	if len(bytes.TrimSpace(b)) == 0 {
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return randomIDs(string(b))
	}
	out, err := json.Marshal(z.value(v))
	if err != nil {
		return randomIDs(string(b))
	}
	return randomIDs(string(out))
}

func (z *Normaliser) value(v any) any {
	switch t := v.(type) {
	case string:
		return z.Name(t)
	case []any:
		for i := range t {
			t[i] = z.value(t[i])
		}
	case map[string]any:
		for k, e := range t {
			t[k] = z.value(e)
		}
	}
	return v
}

func randomIDs(s string) string {
	s = uuidPattern.ReplaceAllString(s, "{uuid}")
	return hexPattern.ReplaceAllString(s, "{hex}")
}
