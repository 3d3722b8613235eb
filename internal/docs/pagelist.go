package docs

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/dli-conformance/dli-conformance/openapi"
)

// PageInfo is one documentation page the contract cites.
type PageInfo struct {
	ID        string            `yaml:"-"`
	Title     string            `yaml:"title"`
	Source    string            `yaml:"source"`    // seed or reference
	Revisions map[string]string `yaml:"revisions"` // per profile, when known
	Sections  []string          `yaml:"sections"`
}

// PageList is the list of cited pages by id (openapi/doc-pages.yaml).
type PageList map[string]PageInfo

// LoadPageList reads a page list; unknown keys are errors.
func LoadPageList(data []byte) (PageList, error) {
	var raw struct {
		Pages map[string]PageInfo `yaml:"pages"`
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("doc pages: %w", err)
	}
	out := PageList{}
	for id, p := range raw.Pages {
		p.ID = id
		out[id] = p
	}
	return out, nil
}

// ShippedPageList is the page list that ships with the contract.
func ShippedPageList() (PageList, error) { return LoadPageList(openapi.DocPages) }

// Resolve checks that ref ("<page>" or "<page>#<section>") names a listed page and,
// with a section, one of its sections.
func (l PageList) Resolve(ref string) error {
	id, section, _ := strings.Cut(ref, "#")
	p, ok := l[id]
	if !ok {
		return fmt.Errorf("x-doc-ref %q: page %q is not in the doc-pages list", ref, id)
	}
	if section != "" && !slices.Contains(p.Sections, section) {
		return fmt.Errorf("x-doc-ref %q: page %s (%s) has no section %q (it has %s)",
			ref, id, p.Title, section, strings.Join(p.Sections, ", "))
	}
	return nil
}

// ByTitle returns the listed page with the title, ignoring case.
func (l PageList) ByTitle(title string) (PageInfo, bool) {
	for _, p := range l {
		if strings.EqualFold(collapse(p.Title), collapse(title)) {
			return p, true
		}
	}
	return PageInfo{}, false
}

// Anchor is one x-doc-ref of the contract and where it sits.
type Anchor struct {
	Path string // a JSON-pointer-like location: /paths/.../post/x-doc-ref
	Ref  string
}

// Anchors lists every x-doc-ref in a contract document (YAML or JSON), in document
// order, and fails when one is not a string.
func Anchors(spec []byte) ([]Anchor, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(spec, &root); err != nil {
		return nil, fmt.Errorf("contract: %w", err)
	}
	var out []Anchor
	var errs []string
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, path)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i].Value, n.Content[i+1]
				p := path + "/" + strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
				if k == "x-doc-ref" {
					if v.Kind != yaml.ScalarNode || v.Value == "" {
						errs = append(errs, p+": not a string")
						continue
					}
					out = append(out, Anchor{Path: p, Ref: v.Value})
					continue
				}
				walk(v, p)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, fmt.Sprintf("%s/%d", path, i))
			}
		}
	}
	walk(&root, "")
	if len(errs) > 0 {
		return out, fmt.Errorf("contract: x-doc-ref %s", strings.Join(errs, "; "))
	}
	return out, nil
}

// UnresolvedAnchors returns one message per x-doc-ref of spec that the list does not
// resolve, sorted by location.
func (l PageList) UnresolvedAnchors(spec []byte) ([]string, error) {
	anchors, err := Anchors(spec)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, a := range anchors {
		if err := l.Resolve(a.Ref); err != nil {
			out = append(out, a.Path+": "+err.Error())
		}
	}
	sort.Strings(out)
	return out, nil
}
