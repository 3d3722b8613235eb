package inprocess_test

import (
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/broken"
	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
	"github.com/dli-conformance/dli-conformance/internal/engine"
	"github.com/dli-conformance/dli-conformance/internal/inprocess"
	"github.com/dli-conformance/dli-conformance/internal/report"
)

// runTarget runs the suite in process against h, with the catalogue's settings
// and order, the target's own settings and label filter.
func runTarget(t *testing.T, h http.Handler, env []string, labelFilter string) inprocess.Result {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	vars := map[string]string{"DLI_ENDPOINT": srv.URL, "DLI_REPORT_DIR": "none"}
	for _, kv := range slices.Concat(broken.Env, broken.CatalogueEnv, env) {
		k, v, _ := strings.Cut(kv, "=")
		vars[k] = v
	}
	cfg, err := config.Load(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	res, err := inprocess.Run(context.Background(), cfg, inprocess.Options{Order: 1, Selection: engine.Selection{LabelFilter: labelFilter}})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The suite's own code runs requests side by side (windows, concurrent
// clients): under the race detector (make unit), these runs show a data race
// in it, against a conformant target and against targets whose changes make
// windows run their members again.
func TestRunsSideBySideAreFreeOfRaces(t *testing.T) {
	conformant, err := emulator.New(emulator.Options{Tokens: []string{broken.Token}})
	if err != nil {
		t.Fatal(err)
	}
	if res := runTarget(t, conformant, nil, ""); !res.Passed {
		t.Errorf("a conformant target failed: %v", failedIDs(res))
	}
	for _, name := range []string{"an either-way input binds something", "a rejected request's change shows a moment later"} {
		i := slices.IndexFunc(broken.Catalogue, func(b broken.Target) bool { return b.Name == name })
		if i < 0 {
			t.Fatalf("no catalogue target %q", name)
		}
		b := broken.Catalogue[i]
		h, _, err := b.Handler(emulator.Options{Tokens: []string{broken.Token}})
		if err != nil {
			t.Fatal(err)
		}
		got := failedIDs(runTarget(t, h, b.Env, b.LabelFilterOf()))
		if want := slices.Sorted(maps.Keys(b.Fails)); !slices.Equal(got, want) {
			t.Errorf("%s: failed %v, want %v", name, got, want)
		}
	}
}

func failedIDs(res inprocess.Result) []string {
	var ids []string
	for _, r := range res.Summary.Requirements {
		if r.Status == report.Failed {
			ids = append(ids, r.ID)
		}
	}
	slices.Sort(ids)
	return ids
}
