package signer

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

var fuzzNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// verifyErrors are the errors of which every Verify failure wraps exactly one.
var verifyErrors = []error{ErrMissingAuthorization, ErrMalformedAuthorization, ErrUnknownAccessKey,
	ErrSignatureMismatch, ErrDateSkew, ErrMissingDate}

func fuzzVerifier() Verifier {
	return Verifier{Keys: map[string]string{"AKFUZZ": "sk-fuzz-secret"}, Now: func() time.Time { return fuzzNow }}
}

// FuzzVerify hands the verifier arbitrary Authorization and X-Sdk-Date headers. It
// must not panic, must refuse with exactly one of its documented errors, and must
// never accept: the fuzzer does not know the secret key.
func FuzzVerify(f *testing.F) {
	date := fuzzNow.Format(DateLayout)
	for _, auth := range []string{
		"SDK-HMAC-SHA256 Access=AKFUZZ, SignedHeaders=host;x-sdk-date, Signature=00",
		"SDK-HMAC-SHA256 Access=AKFUZZ, SignedHeaders=x-sdk-date, Signature=" + strings.Repeat("a", 64),
		"SDK-HMAC-SHA256 Access=nobody, SignedHeaders=x-sdk-date, Signature=ab",
		"SDK-HMAC-SHA256 Access=AKFUZZ,SignedHeaders=,Signature=",
		"SDK-HMAC-SHA256 Access=AKFUZZ, SignedHeaders=host, Signature=ab",
		"SDK-HMAC-SHA256 ",
		"Bearer x",
		"",
	} {
		f.Add(auth, date, "/v2.0/p/datasource/enhanced-connections", []byte(`{"queues":["q1"]}`))
		f.Add(auth, "2026-03-01T12:00:00Z", "/", []byte(nil))
	}
	f.Fuzz(func(t *testing.T, auth, date, path string, body []byte) {
		req, err := http.NewRequest("POST", "http://dli.example.test/", nil)
		if err != nil {
			t.Fatal(err)
		}
		if u, err := url.Parse("http://dli.example.test" + path); err == nil {
			req.URL = u
		}
		req.Header.Set(AuthorizationHeader, auth)
		req.Header.Set(DateHeader, date)
		ak, err := fuzzVerifier().Verify(req, body)
		if err == nil {
			t.Fatalf("accepted a signature made without the key: AK %q, Authorization %q", ak, auth)
		}
		n := 0
		for _, sentinel := range verifyErrors {
			if errors.Is(err, sentinel) {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("error %q wraps %d of the documented errors, want exactly 1", err, n)
		}
		if strings.Contains(err.Error(), "sk-fuzz-secret") {
			t.Fatalf("the error shows the secret key: %v", err)
		}
	})
}

// FuzzSignVerify signs a request built from fuzzed parts and verifies it: what the
// signer signs the verifier must accept, and a changed body must be refused.
func FuzzSignVerify(f *testing.F) {
	f.Add("POST", "/v2.0/p/datasource/enhanced-connections/c/associate-queue", "a=1&b=2", "application/json", []byte(`{"queues":["q1"]}`))
	f.Add("GET", "/v2.0/p/datasource/enhanced-connections", "limit=0&status=ACTIVE&tags=k%3Dv", "", []byte(nil))
	f.Add("DELETE", "/v2.0/p%2Fq/x%20y/", "", "text/plain", []byte("x"))
	f.Fuzz(func(t *testing.T, method, path, query, extra string, body []byte) {
		req, err := http.NewRequest(method, "http://dli.example.test/", nil)
		if err != nil {
			return
		}
		u, err := url.Parse("http://dli.example.test" + path)
		if err != nil || !strings.HasPrefix(path, "/") {
			return
		}
		u.RawQuery = query
		req.URL = u
		req.Header.Set("X-Project-Id", "p")
		if extra != "" && !strings.ContainsAny(extra, "\r\n") {
			req.Header.Set("X-Extra", extra)
		}
		s := Signer{Credentials: Credentials{AK: "AKFUZZ", SK: "sk-fuzz-secret"}, Now: func() time.Time { return fuzzNow }}
		if err := s.Sign(req, body); err != nil {
			return // a request the signer refuses to sign is not the verifier's concern
		}
		if _, err := fuzzVerifier().Verify(req, body); err != nil {
			t.Fatalf("a request signed by the signer is refused: %v\n%s %s", err, method, u)
		}
		changed := append(append([]byte(nil), body...), '!')
		if _, err := fuzzVerifier().Verify(req, changed); !errors.Is(err, ErrSignatureMismatch) {
			t.Fatalf("a changed body is not refused as a mismatch: %v", err)
		}
	})
}
