package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"regexp"

	"github.com/dli-conformance/dli-conformance/fixtures"
	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// Seed is the state the emulator starts from and returns to on Reset. Its JSON form is
// fixtures/emulator-seed.json.
type Seed struct {
	Projects []SeedProject `json:"projects"`
}

// SeedProject is one tenant project: the resources that its connections may bind.
type SeedProject struct {
	ID                   string           `json:"id"`
	Queues               []SeedResource   `json:"queues,omitempty"`
	ElasticResourcePools []SeedResource   `json:"elastic_resource_pools,omitempty"`
	Connections          []SeedConnection `json:"connections,omitempty"`
}

// SeedResource is a queue or an elastic resource pool. A non-empty FailMessage makes
// every peering to it end FAILED with that err_msg, as DLI reports when the network
// side cannot be set up (e.g. a subnet that cannot be found).
type SeedResource struct {
	Name        string `json:"name"`
	FailMessage string `json:"fail_message,omitempty"`
}

// SeedConnection is an enhanced datasource connection that exists at start. Its bound
// resources start settled (ACTIVE, or FAILED for a resource with a fail message).
type SeedConnection struct {
	ID                        string     `json:"id"`
	Name                      string     `json:"name"`
	Status                    string     `json:"status"`
	DestVPCID                 string     `json:"dest_vpc_id"`
	DestNetworkID             string     `json:"dest_network_id"`
	CreateTime                int64      `json:"create_time"`
	Hosts                     []SeedHost `json:"hosts,omitempty"`
	Tags                      []SeedTag  `json:"tags,omitempty"`
	BoundQueues               []string   `json:"bound_queues,omitempty"`
	BoundElasticResourcePools []string   `json:"bound_elastic_resource_pools,omitempty"`
}

// SeedHost is a host-name mapping of a connection.
type SeedHost struct {
	Name string `json:"name"`
	IP   string `json:"ip"`
}

// SeedTag is a key/value tag of a connection, matched by the list filter "tags".
type SeedTag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Connection status values. The query page's table writes "Active", its examples and
// the SDK write ACTIVE; the emulator answers ACTIVE and filters case-insensitively.
const (
	statusActive  = "ACTIVE"
	statusDeleted = "DELETED"
)

var (
	// Project ids go into the path unescaped, so they are kept to URL-safe characters.
	projectIDRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	// Same rule as the create request's name (dli_02_0187 table 2).
	connNameRE = regexp.MustCompile(`^[A-Za-z0-9_]{1,64}$`)
)

// DefaultSeed returns the seed embedded from fixtures/emulator-seed.json.
func DefaultSeed() (*Seed, error) {
	s, err := ParseSeed(fixtures.EmulatorSeed)
	if err != nil {
		return nil, fmt.Errorf("embedded emulator seed: %w", err)
	}
	return s, nil
}

// LoadSeed reads and validates a seed file.
func LoadSeed(path string) (*Seed, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read seed: %w", err)
	}
	s, err := ParseSeed(data)
	if err != nil {
		return nil, fmt.Errorf("seed %s: %w", path, err)
	}
	return s, nil
}

// ParseSeed decodes a seed strictly (unknown fields and trailing data are errors) and
// validates it.
func ParseSeed(data []byte) (*Seed, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Seed
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("decode seed: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("decode seed: data after the top-level object")
	}
	if err := s.validate(); err != nil {
		return nil, err
	}
	return &s, nil
}

// validate checks that ids are well formed, names are non-empty, nothing is defined
// twice and every bound name is a resource of the connection's project. Errors name
// the offending field by its JSON path.
func (s *Seed) validate() error {
	if len(s.Projects) == 0 {
		return errors.New("seed: projects: want at least one project")
	}
	projects := map[string]bool{}
	connIDs := map[string]string{}
	for i, p := range s.Projects {
		at := fmt.Sprintf("projects[%d]", i)
		if !projectIDRE.MatchString(p.ID) {
			return fmt.Errorf("seed: %s.id: %q is not a project id (1-64 letters, digits, _ or -)", at, p.ID)
		}
		if projects[p.ID] {
			return fmt.Errorf("seed: %s.id: project %q is defined twice", at, p.ID)
		}
		projects[p.ID] = true
		queues, err := resourceNames(at+".queues", p.Queues)
		if err != nil {
			return err
		}
		pools, err := resourceNames(at+".elastic_resource_pools", p.ElasticResourcePools)
		if err != nil {
			return err
		}
		for j, c := range p.Connections {
			cat := fmt.Sprintf("%s.connections[%d]", at, j)
			if err := c.validate(cat, queues, pools); err != nil {
				return err
			}
			if prev, dup := connIDs[c.ID]; dup {
				return fmt.Errorf("seed: %s.id: %s is already the id of %s", cat, c.ID, prev)
			}
			connIDs[c.ID] = cat
		}
	}
	return nil
}

func resourceNames(at string, rs []SeedResource) (map[string]bool, error) {
	names := map[string]bool{}
	for i, r := range rs {
		if r.Name == "" {
			return nil, fmt.Errorf("seed: %s[%d].name: empty", at, i)
		}
		if names[r.Name] {
			return nil, fmt.Errorf("seed: %s[%d].name: %q is defined twice", at, i, r.Name)
		}
		names[r.Name] = true
	}
	return names, nil
}

func (c SeedConnection) validate(at string, queues, pools map[string]bool) error {
	for _, f := range []struct{ name, value string }{
		{"id", c.ID}, {"dest_vpc_id", c.DestVPCID}, {"dest_network_id", c.DestNetworkID},
	} {
		if !contract.IsUUID(f.value) {
			return fmt.Errorf("seed: %s.%s: %q is not a UUID", at, f.name, f.value)
		}
	}
	if !connNameRE.MatchString(c.Name) {
		return fmt.Errorf("seed: %s.name: %q is not 1-64 letters, digits or underscores", at, c.Name)
	}
	if c.Status != statusActive && c.Status != statusDeleted {
		return fmt.Errorf("seed: %s.status: %q, want %s or %s", at, c.Status, statusActive, statusDeleted)
	}
	if c.CreateTime <= 0 {
		return fmt.Errorf("seed: %s.create_time: %d, want a positive time in milliseconds", at, c.CreateTime)
	}
	for i, h := range c.Hosts {
		if h.Name == "" || len(h.Name) > 128 {
			return fmt.Errorf("seed: %s.hosts[%d].name: %q, want 1-128 characters", at, i, h.Name)
		}
		if !isIPv4(h.IP) {
			return fmt.Errorf("seed: %s.hosts[%d].ip: %q is not an IPv4 address", at, i, h.IP)
		}
	}
	for i, t := range c.Tags {
		if t.Key == "" {
			return fmt.Errorf("seed: %s.tags[%d].key: empty", at, i)
		}
	}
	if err := boundNames(at+".bound_queues", c.BoundQueues, queues); err != nil {
		return err
	}
	return boundNames(at+".bound_elastic_resource_pools", c.BoundElasticResourcePools, pools)
}

func boundNames(at string, names []string, known map[string]bool) error {
	seen := map[string]bool{}
	for i, n := range names {
		switch {
		case !known[n]:
			return fmt.Errorf("seed: %s[%d]: %q is not defined in the project", at, i, n)
		case seen[n]:
			return fmt.Errorf("seed: %s[%d]: %q is bound twice", at, i, n)
		}
		seen[n] = true
	}
	return nil
}

func isIPv4(s string) bool {
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is4()
}
