package emulator

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// benchmarkShow serves show under a Latitude, in process, to weigh what the reshaping of
// answers costs against the zero Latitude in the same run.
func benchmarkShow(b *testing.B, l Latitude) {
	emu, err := New(Options{Tokens: []string{token}, Latitude: l, RequestLog: -1})
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest("GET", connPath(projectID, connID), nil)
	req.Header.Set("X-Auth-Token", token)
	req.Header.Set("Accept-Encoding", "gzip")
	for b.Loop() {
		w := httptest.NewRecorder()
		emu.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
}

func BenchmarkShowZeroLatitude(b *testing.B) { benchmarkShow(b, Latitude{}) }

func BenchmarkShowExtraFieldsGzipChunked(b *testing.B) {
	benchmarkShow(b, Latitude{ExtraResponseFields: true, Gzip: true, Chunked: true})
}
