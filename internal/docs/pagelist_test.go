package docs

import (
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/openapi"
)

func TestEveryDocRefOfTheContractResolves(t *testing.T) {
	list, err := ShippedPageList()
	if err != nil {
		t.Fatal(err)
	}
	anchors, err := Anchors(openapi.Spec)
	if err != nil {
		t.Fatal(err)
	}
	if len(anchors) < 50 {
		t.Fatalf("only %d x-doc-ref found: the walk misses parts of the document", len(anchors))
	}
	bad, err := list.UnresolvedAnchors(openapi.Spec)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bad {
		t.Error(b)
	}
}

func TestAnUnknownPageOrSectionDoesNotResolve(t *testing.T) {
	list, _ := ShippedPageList()
	spec := string(openapi.Spec)
	for _, tc := range []struct{ from, to, want string }{
		{"x-doc-ref: dli_02_0191#table3\n", "x-doc-ref: dli_02_0191#table9\n", `has no section "table9"`},
		{"x-doc-ref: dli_02_0188#table2\n", "x-doc-ref: dli_02_0999#table2\n", `page "dli_02_0999" is not in the doc-pages list`},
		{"x-doc-ref: dli_02_0056#error-codes\n", "x-doc-ref: dli_02_0056#gateway\n", `has no section "gateway"`},
	} {
		if !strings.Contains(spec, tc.from) {
			t.Fatalf("the contract has no %q to mutate", tc.from)
		}
		mutated := strings.Replace(spec, tc.from, tc.to, 1)
		bad, err := list.UnresolvedAnchors([]byte(mutated))
		if err != nil {
			t.Fatal(err)
		}
		if len(bad) != 1 || !strings.Contains(bad[0], tc.want) {
			t.Errorf("%s -> %s: unresolved %v, want one saying %s", tc.from, tc.to, bad, tc.want)
		}
	}
}

func TestAnchorsNamesWhereEachRefSits(t *testing.T) {
	anchors, err := Anchors([]byte("a:\n  x-doc-ref: p#s\n  b:\n    - x-doc-ref: q\n    - c/d:\n        x-doc-ref: r\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, a := range anchors {
		got = append(got, a.Path+"="+a.Ref)
	}
	if strings.Join(got, " ") != "/a/x-doc-ref=p#s /a/b/0/x-doc-ref=q /a/b/1/c~1d/x-doc-ref=r" {
		t.Errorf("anchors %v", got)
	}
	if _, err := Anchors([]byte("a:\n  x-doc-ref: [1]\n")); err == nil {
		t.Error("a non-string x-doc-ref was accepted")
	}
}

func TestThePageListRefusesUnknownKeys(t *testing.T) {
	if _, err := LoadPageList([]byte("pages:\n  p:\n    title: T\n    sektions: [a]\n")); err == nil {
		t.Error("a misspelt key was accepted")
	}
}
