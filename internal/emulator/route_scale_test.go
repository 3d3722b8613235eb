package emulator

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// distinctNames returns n distinct short names that no seed holds, so that a bind of
// them fits in 1 MiB: 170k names of 3 characters make a 1 MB body.
func distinctNames(n int) []string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	out := make([]string, 0, n)
	for i := 0; len(out) < n; i++ {
		name := []byte{alphabet[i%62], alphabet[i/62%62], alphabet[i/(62*62)%62]}
		for j := i / (62 * 62 * 62); j > 0; j /= 62 {
			name = append(name, alphabet[j%62])
		}
		out = append(out, string(name))
	}
	return out
}

func serveBind(emu *Emulator, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", bindPath(projectID, connID), strings.NewReader(body))
	req.Header.Set("X-Auth-Token", token)
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	emu.ServeHTTP(w, req)
	return w
}

// A 1 MB bind of 170k distinct unknown names is refused naming the first one, and
// leaves the connection as it was.
func TestBindOfManyDistinctUnknownNames(t *testing.T) {
	h := newHarness(t)
	names := distinctNames(170_000)
	body := queuesBody(names...)
	if len(body) > defaultMaxBodyBytes {
		t.Fatalf("body of %d bytes is over the limit", len(body))
	}
	w := serveBind(h.emu, body)
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), names[0]) {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	h.expectBindings(projectID, connID, nil, nil)
}

// Known names repeated to 100k names in all are bound once each.
func TestBindOfManyRepeatedNames(t *testing.T) {
	h := newHarness(t)
	names := make([]string, 0, 100_000)
	for len(names) < cap(names) {
		names = append(names, "queue_b", "queue_a")
	}
	if w := serveBind(h.emu, queuesBody(names...)); w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	h.expectBindings(projectID, connID, []string{"queue_a", "queue_b"}, nil)
	if c := h.do("GET", connPath(projectID, connID), ""); len(peers(t, c.body, "available_queue_info")) != 2 {
		t.Errorf("show lists %s", c.raw)
	}
}

// dedupe keeps the first of each name, in order, over many distinct names.
func TestDedupeKeepsFirstOccurrences(t *testing.T) {
	names := distinctNames(150_000)
	in := slices.Concat(names, names[:1000], []string{names[5]})
	if got := dedupe(in); !slices.Equal(got, names) {
		t.Fatalf("dedupe of %d names returned %d, first %v", len(in), len(got), got[:3])
	}
	if got := dedupe([]string{"b", "a", "b", "c", "a"}); !slices.Equal(got, []string{"b", "a", "c"}) {
		t.Errorf("dedupe = %v", got)
	}
}

// BenchmarkBindManyNames binds ever more distinct unknown names in one request. A
// linear path costs the same per name at every size: ns/name stays flat, and
// ratio-vs-1k (the cost per name against the 1k size of the same run) stays near 1.
func BenchmarkBindManyNames(b *testing.B) {
	emu := benchEmulator(b)
	var perName1k float64
	for _, n := range []int{1_000, 10_000, 100_000, 170_000} {
		body := queuesBody(distinctNames(n)...)
		b.Run(fmt.Sprintf("names=%d", n), func(b *testing.B) {
			for b.Loop() {
				if w := serveBind(emu, body); w.Code != http.StatusBadRequest {
					b.Fatalf("status %d", w.Code)
				}
			}
			perName := float64(b.Elapsed().Nanoseconds()) / float64(b.N) / float64(n)
			if n == 1_000 {
				perName1k = perName
			}
			b.ReportMetric(perName, "ns/name")
			b.ReportMetric(perName/perName1k, "ratio-vs-1k")
		})
	}
}
