package emulator

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/fixtures"
)

func TestDefaultSeedHasTheDocumentedFixtures(t *testing.T) {
	s, err := DefaultSeed()
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Projects) != 2 || s.Projects[0].ID != projectID || s.Projects[1].ID != otherProject {
		t.Fatalf("projects = %+v", s.Projects)
	}
	p := s.Projects[0]
	var queues, pools, conns []string
	for _, q := range p.Queues {
		queues = append(queues, q.Name)
		if (q.Name == "queue_fails") != (q.FailMessage != "") {
			t.Errorf("queue %s has fail message %q; only queue_fails should", q.Name, q.FailMessage)
		}
	}
	for _, r := range p.ElasticResourcePools {
		pools = append(pools, r.Name)
	}
	for _, c := range p.Connections {
		conns = append(conns, c.ID+"="+c.Status)
	}
	if strings.Join(queues, ",") != "queue_a,queue_b,queue_c,queue_fails" || strings.Join(pools, ",") != "pool_a,pool_b" ||
		strings.Join(conns, ",") != connID+"=ACTIVE,"+deletedID+"=DELETED" {
		t.Errorf("first project: queues %v pools %v connections %v", queues, pools, conns)
	}
	if c := p.Connections[0]; c.Name != "conformance_conn" || len(c.Hosts) != 1 || len(c.BoundQueues) != 0 {
		t.Errorf("conformance_conn = %+v", c)
	}
	if c := s.Projects[1].Connections; len(c) != 1 || c[0].ID != otherConnID {
		t.Errorf("second project's connections = %+v", c)
	}
}

// mutateSeed returns the default seed's JSON after f has changed its decoded form.
func mutateSeed(t *testing.T, f func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(fixtures.EmulatorSeed, &m); err != nil {
		t.Fatal(err)
	}
	f(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func at(m map[string]any, path ...any) map[string]any {
	var cur any = m
	for _, p := range path {
		switch k := p.(type) {
		case string:
			cur = cur.(map[string]any)[k]
		case int:
			cur = cur.([]any)[k]
		}
	}
	return cur.(map[string]any)
}

func TestParseSeedRejectsAndNamesTheField(t *testing.T) {
	cases := []struct {
		name    string
		data    func(t *testing.T) []byte
		mention string
	}{
		{"unknown top-level field", func(t *testing.T) []byte {
			return mutateSeed(t, func(m map[string]any) { m["extra"] = 1 })
		}, `unknown field "extra"`},
		{"unknown queue field", func(t *testing.T) []byte {
			return mutateSeed(t, func(m map[string]any) { at(m, "projects", 0, "queues", 0)["fail"] = "x" })
		}, `unknown field "fail"`},
		{"connection id not a UUID", func(t *testing.T) []byte {
			return mutateSeed(t, func(m map[string]any) { at(m, "projects", 0, "connections", 1)["id"] = "conn-1" })
		}, "projects[0].connections[1].id"},
		{"dest_vpc_id not a UUID", func(t *testing.T) []byte {
			return mutateSeed(t, func(m map[string]any) { at(m, "projects", 1, "connections", 0)["dest_vpc_id"] = "vpc" })
		}, "projects[1].connections[0].dest_vpc_id"},
		{"empty queue name", func(t *testing.T) []byte {
			return mutateSeed(t, func(m map[string]any) { at(m, "projects", 0, "queues", 2)["name"] = "" })
		}, "projects[0].queues[2].name"},
		{"duplicate queue", func(t *testing.T) []byte {
			return mutateSeed(t, func(m map[string]any) { at(m, "projects", 0, "queues", 1)["name"] = "queue_a" })
		}, "projects[0].queues[1].name"},
		{"duplicate pool", func(t *testing.T) []byte {
			return mutateSeed(t, func(m map[string]any) { at(m, "projects", 0, "elastic_resource_pools", 1)["name"] = "pool_a" })
		}, "projects[0].elastic_resource_pools[1].name"},
		{"duplicate connection id across projects", func(t *testing.T) []byte {
			return mutateSeed(t, func(m map[string]any) { at(m, "projects", 1, "connections", 0)["id"] = connID })
		}, "projects[1].connections[0].id"},
		{"duplicate project", func(t *testing.T) []byte {
			return mutateSeed(t, func(m map[string]any) { at(m, "projects", 1)["id"] = projectID })
		}, "projects[1].id"},
		{"project id with a slash", func(t *testing.T) []byte {
			return mutateSeed(t, func(m map[string]any) { at(m, "projects", 0)["id"] = "a/b" })
		}, "projects[0].id"},
		{"empty connection name", func(t *testing.T) []byte {
			return mutateSeed(t, func(m map[string]any) { at(m, "projects", 0, "connections", 0)["name"] = "" })
		}, "projects[0].connections[0].name"},
		{"unknown status", func(t *testing.T) []byte {
			return mutateSeed(t, func(m map[string]any) { at(m, "projects", 0, "connections", 0)["status"] = "Creating" })
		}, "projects[0].connections[0].status"},
		{"bound queue of another project", func(t *testing.T) []byte {
			return mutateSeed(t, func(m map[string]any) {
				at(m, "projects", 0, "connections", 0)["bound_queues"] = []string{"other_queue"}
			})
		}, "projects[0].connections[0].bound_queues[0]"},
		{"pool bound twice", func(t *testing.T) []byte {
			return mutateSeed(t, func(m map[string]any) {
				at(m, "projects", 0, "connections", 0)["bound_elastic_resource_pools"] = []string{"pool_a", "pool_a"}
			})
		}, "bound_elastic_resource_pools[1]"},
		{"host without IPv4", func(t *testing.T) []byte {
			return mutateSeed(t, func(m map[string]any) { at(m, "projects", 0, "connections", 0, "hosts", 0)["ip"] = "host" })
		}, "projects[0].connections[0].hosts[0].ip"},
		{"no projects", func(t *testing.T) []byte { return []byte(`{"projects":[]}`) }, "projects"},
		{"trailing data", func(t *testing.T) []byte { return append(append([]byte{}, fixtures.EmulatorSeed...), "{}"...) }, "after"},
		{"not JSON", func(t *testing.T) []byte { return []byte(`projects: []`) }, "decode seed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseSeed(tc.data(t))
			if err == nil || !strings.Contains(err.Error(), tc.mention) {
				t.Fatalf("ParseSeed error = %v, want one naming %q", err, tc.mention)
			}
		})
	}
}

func TestLoadSeed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(path, fixtures.EmulatorSeed, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadSeed(path); err != nil {
		t.Errorf("LoadSeed of the default seed: %v", err)
	}
	if _, err := LoadSeed(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("LoadSeed of a missing file succeeded")
	}
}

func TestNewValidatesItsOptions(t *testing.T) {
	bad := &Seed{Projects: []SeedProject{{ID: "p", Queues: []SeedResource{{Name: ""}}}}}
	for name, opts := range map[string]Options{
		"no tokens":          {},
		"an empty token":     {Tokens: []string{"a", ""}},
		"an invalid seed":    {Tokens: []string{"a"}, Seed: bad},
		"an unknown profile": {Tokens: []string{"a"}, Profile: "aws"},
	} {
		if _, err := New(opts); err == nil {
			t.Errorf("New with %s succeeded", name)
		}
	}
}

func TestCustomSeed(t *testing.T) {
	seed := &Seed{Projects: []SeedProject{{
		ID:     "p1",
		Queues: []SeedResource{{Name: "q"}},
		Connections: []SeedConnection{{
			ID: connID, Name: "c", Status: "ACTIVE", CreateTime: 1,
			DestVPCID: unknownID, DestNetworkID: unknownID, BoundQueues: []string{"q"},
		}},
	}}}
	h := newHarness(t, func(o *Options) { o.Seed = seed })
	h.expectBindings("p1", connID, []string{"q"}, nil)
	seed.Projects[0].Connections[0].BoundQueues = nil
	h.emu.Reset()
	h.expectBindings("p1", connID, []string{"q"}, nil)
	if _, _, err := h.emu.Bindings(projectID, connID); err == nil {
		t.Error("the default seed's project exists with a custom seed")
	}
}
