package emulator

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// seededWith returns an emulator whose project has the names as queues besides
// its default seed's.
func seededWith(b *testing.B, names []string) *Emulator {
	b.Helper()
	seed, err := DefaultSeed()
	if err != nil {
		b.Fatal(err)
	}
	for i := range seed.Projects {
		if seed.Projects[i].ID == projectID {
			for _, n := range names {
				seed.Projects[i].Queues = append(seed.Projects[i].Queues, SeedResource{Name: n})
			}
		}
	}
	emu, err := New(Options{Tokens: []string{token}, Seed: seed})
	if err != nil {
		b.Fatal(err)
	}
	return emu
}

// BenchmarkBindManyExistingNames binds, in one authenticated request of about
// 1 MB, 170k distinct queues that the project has, so that every name passes
// every check and is bound: the whole path a hostile but valid bind takes,
// the contract's request and response checks included. In process and over
// loopback; ms/bind is what one such bind costs (the bound is two seconds).
// The bindings are undone, untimed, between binds.
func BenchmarkBindManyExistingNames(b *testing.B) {
	names := distinctNames(170_000)
	body := queuesBody(names...)
	emu := seededWith(b, names)
	report := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/bind")
		b.ReportMetric(0, "ns/op")
	}
	b.Run("in-process", func(b *testing.B) {
		for b.Loop() {
			if w := serveBind(emu, body); w.Code != http.StatusOK {
				b.Fatalf("status %d: %.300s", w.Code, w.Body)
			}
			b.StopTimer()
			emu.Reset()
			b.StartTimer()
		}
		report(b)
	})
	b.Run("loopback", func(b *testing.B) {
		srv := httptest.NewServer(emu)
		defer srv.Close()
		for b.Loop() {
			req, err := http.NewRequest("POST", srv.URL+bindPath(projectID, connID), bytes.NewReader([]byte(body)))
			if err != nil {
				b.Fatal(err)
			}
			req.Header.Set("X-Auth-Token", token)
			req.Header.Set("Content-Type", "application/json")
			resp, err := srv.Client().Do(req)
			if err != nil {
				b.Fatal(err)
			}
			answer, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Fatalf("status %d: %.300s", resp.StatusCode, answer)
			}
			b.StopTimer()
			emu.Reset()
			b.StartTimer()
		}
		report(b)
	})
}
