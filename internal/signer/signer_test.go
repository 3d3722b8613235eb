package signer

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

const (
	testAK    = "QTWAOYTTINDUT2QVKYUC"
	testSK    = "s3cr3t-SK-do-not-print-9f8e7d"
	testToken = "security-token-do-not-print-1a2b3c"
)

// testNow is the fixed clock of the tests; dates are derived from it.
var testNow = time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)

func testSigner() Signer {
	return Signer{Credentials: Credentials{AK: testAK, SK: testSK}, Now: func() time.Time { return testNow }}
}

func TestSignSetsDateFromClock(t *testing.T) {
	req := newRequest(t, http.MethodGet, "https://dli.example/v2.0/p1/queues", nil)
	s := testSigner()
	s.Now = func() time.Time { return testNow.In(time.FixedZone("CET", 3600)) }
	if err := s.Sign(req, nil); err != nil {
		t.Fatalf("sign: %v", err)
	}
	if got, want := req.Header.Get(DateHeader), "20250314T092653Z"; got != want {
		t.Errorf("%s = %q, want %q (UTC)", DateHeader, got, want)
	}
	if got := req.Header.Get("Authorization"); !strings.HasPrefix(got, "SDK-HMAC-SHA256 Access="+testAK+", SignedHeaders=x-sdk-date, Signature=") {
		t.Errorf("Authorization = %q", got)
	}
}

func TestSignKeepsPresetDate(t *testing.T) {
	req := newRequest(t, http.MethodGet, "https://dli.example/x", map[string]string{DateHeader: "not-a-date"})
	if err := testSigner().Sign(req, nil); err != nil {
		t.Fatalf("sign: %v", err)
	}
	if got := req.Header.Get(DateHeader); got != "not-a-date" {
		t.Errorf("%s = %q, want the preset value kept so negative tests can send it", DateHeader, got)
	}
}

func TestSignSignsProjectIDAndSecurityToken(t *testing.T) {
	req := newRequest(t, http.MethodPost, "https://dli.example/v2.0/p1/datasource/enhanced-connections", map[string]string{
		"X-Project-Id": "p1",
		"Content-Type": "application/json",
		"User-Agent":   "huaweicloud-usdk-go/3.0",
	})
	s := testSigner()
	s.Credentials.SecurityToken = testToken
	if err := s.Sign(req, []byte(`{}`)); err != nil {
		t.Fatalf("sign: %v", err)
	}
	if got := req.Header.Get(SecurityTokenHeader); got != testToken {
		t.Errorf("%s = %q, want the token", SecurityTokenHeader, got)
	}
	if got, want := signedHeadersOf(t, req), "user-agent;x-project-id;x-sdk-date;x-security-token"; got != want {
		t.Errorf("SignedHeaders = %q, want %q", got, want)
	}
}

func TestSignHostOnlyWhenHeaderSet(t *testing.T) {
	req := newRequest(t, http.MethodGet, "https://127.0.0.1:8443/x", nil)
	if err := testSigner().Sign(req, nil); err != nil {
		t.Fatalf("sign: %v", err)
	}
	if got := signedHeadersOf(t, req); strings.Contains(got, "host") {
		t.Errorf("host signed without a Host header: %q", got)
	}

	req = newRequest(t, http.MethodGet, "https://127.0.0.1:8443/x", map[string]string{"Host": "dli.eu-de.example"})
	if err := testSigner().Sign(req, nil); err != nil {
		t.Fatalf("sign: %v", err)
	}
	if got := signedHeadersOf(t, req); got != "host;x-sdk-date" {
		t.Errorf("SignedHeaders = %q, want host;x-sdk-date", got)
	}
	if req.Host != "dli.eu-de.example" {
		t.Errorf("req.Host = %q; Go sends req.Host, so it must carry the signed Host header", req.Host)
	}
}

func TestSignIsRepeatable(t *testing.T) {
	req := newRequest(t, http.MethodGet, "https://dli.example/x", nil)
	s := testSigner()
	if err := s.Sign(req, nil); err != nil {
		t.Fatalf("sign: %v", err)
	}
	first := req.Header.Get("Authorization")
	if err := s.Sign(req, nil); err != nil {
		t.Fatalf("sign again: %v", err)
	}
	if got := req.Header.Get("Authorization"); got != first {
		t.Errorf("re-signing changed Authorization (it must not sign itself):\n%s\n%s", first, got)
	}
}

func TestSignRejectsUnusableCredentials(t *testing.T) {
	tests := []struct {
		name  string
		creds Credentials
	}{
		{"empty AK", Credentials{SK: testSK}},
		{"empty SK", Credentials{AK: testAK}},
		{"AK with a comma", Credentials{AK: "A,B", SK: testSK}},
		{"AK with a space", Credentials{AK: "A B", SK: testSK}},
		{"token with a line break", Credentials{AK: testAK, SK: testSK, SecurityToken: "a\nb"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := newRequest(t, http.MethodGet, "https://dli.example/x", nil)
			err := Signer{Credentials: tc.creds}.Sign(req, nil)
			if err == nil {
				t.Fatal("sign succeeded")
			}
			if strings.Contains(err.Error(), testSK) {
				t.Errorf("error prints the SK: %v", err)
			}
			if req.Header.Get("Authorization") != "" {
				t.Error("Authorization set despite the error")
			}
		})
	}
}

func signedHeadersOf(t *testing.T, req *http.Request) string {
	t.Helper()
	p, err := parseAuthorization(req.Header.Values("Authorization"))
	if err != nil {
		t.Fatalf("parse Authorization %q: %v", req.Header.Get("Authorization"), err)
	}
	return strings.Join(p.signedHeaders, ";")
}

func BenchmarkSign(b *testing.B) {
	body := []byte(`{"queues":["q1","q2"],"elastic_resource_pools":[]}`)
	req, err := http.NewRequest(http.MethodPost,
		"https://dli.eu-de.example/v2.0/0123456789abcdef0123456789abcdef/datasource/enhanced-connections/2a620c33-5609-40c9-affd-2b6453071b0f/associate-queue", nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	req.Header.Set("User-Agent", "huaweicloud-usdk-go/3.0")
	req.Header.Set("X-Project-Id", "0123456789abcdef0123456789abcdef")
	s := testSigner()
	b.ReportAllocs()
	for b.Loop() {
		req.Header.Del(DateHeader)
		if err := s.Sign(req, body); err != nil {
			b.Fatal(err)
		}
	}
}
