package signer

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

const bindPath = "https://dli.example/v2.0/p1/datasource/enhanced-connections/c1/associate-queue"

func testVerifier() Verifier {
	return Verifier{Keys: map[string]string{testAK: testSK, "OTHERAK": "other-sk"}, Now: func() time.Time { return testNow }}
}

// signedBind returns a signed associate-queue request as the Go SDK would send it,
// with its body.
func signedBind(t *testing.T) (*http.Request, []byte) {
	t.Helper()
	body := []byte(`{"queues":["q1"]}`)
	req := newRequest(t, http.MethodPost, bindPath+"?trace=1", map[string]string{
		"Content-Type": "application/json",
		"X-Project-Id": "p1",
		"User-Agent":   "huaweicloud-usdk-go/3.0",
	})
	s := testSigner()
	s.Credentials.SecurityToken = testToken
	if err := s.Sign(req, body); err != nil {
		t.Fatalf("sign: %v", err)
	}
	return req, body
}

func TestSignVerifyRoundTrip(t *testing.T) {
	tests := []struct {
		name    string
		method  string
		target  string
		headers map[string]string
		body    []byte
	}{
		{"GET without body", http.MethodGet, "https://dli.example/v2.0/p1/queues?limit=10&offset=0", nil, nil},
		{"POST JSON with project id", http.MethodPost, bindPath, map[string]string{"Content-Type": "application/json", "X-Project-Id": "p1"}, []byte(`{"queues":["q1"]}`)},
		{"DELETE with empty non-nil body", http.MethodDelete, "https://dli.example/v2.0/p1/datasource/enhanced-connections/c1", nil, []byte{}},
		{"PUT octet-stream, unsigned payload", http.MethodPut, "https://dli.example/v1/obj", map[string]string{"Content-Type": "application/octet-stream"}, []byte{0, 1, 2}},
		{"escaped path and repeated query", http.MethodGet, "https://dli.example/v2.0/p1/a%2Fb/d%C3%A9%20f?tag=b+c&tag=a%2Fb&q=%E4%B8%80", nil, nil},
		{"signed Host header", http.MethodGet, "https://127.0.0.1:8443/x", map[string]string{"Host": "dli.eu-de.example"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := newRequest(t, tc.method, tc.target, tc.headers)
			if err := testSigner().Sign(req, tc.body); err != nil {
				t.Fatalf("sign: %v", err)
			}
			ak, err := testVerifier().Verify(req, tc.body)
			if err != nil || ak != testAK {
				t.Errorf("verify: got (%q, %v), want (%q, nil)", ak, err, testAK)
			}
		})
	}
}

func TestVerifyRejects(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(req *http.Request, body []byte) []byte
		want   error
	}{
		{"tampered body", func(_ *http.Request, body []byte) []byte {
			return bytes.Replace(body, []byte("q1"), []byte("q2"), 1)
		}, ErrSignatureMismatch},
		{"body dropped", func(*http.Request, []byte) []byte { return nil }, ErrSignatureMismatch},
		{"tampered path", func(req *http.Request, body []byte) []byte {
			req.URL.Path = strings.Replace(req.URL.Path, "/c1/", "/c2/", 1)
			return body
		}, ErrSignatureMismatch},
		{"tampered query", func(req *http.Request, body []byte) []byte {
			req.URL.RawQuery = "trace=2"
			return body
		}, ErrSignatureMismatch},
		{"tampered method", func(req *http.Request, body []byte) []byte {
			req.Method = http.MethodPut
			return body
		}, ErrSignatureMismatch},
		{"tampered X-Project-Id", func(req *http.Request, body []byte) []byte {
			req.Header.Set("X-Project-Id", "p2")
			return body
		}, ErrSignatureMismatch},
		{"tampered X-Security-Token", func(req *http.Request, body []byte) []byte {
			req.Header.Set(SecurityTokenHeader, "other-token")
			return body
		}, ErrSignatureMismatch},
		{"signed header removed", func(req *http.Request, body []byte) []byte {
			req.Header.Del("User-Agent")
			return body
		}, ErrSignatureMismatch},
		{"signed header given twice", func(req *http.Request, body []byte) []byte {
			req.Header.Add("X-Project-Id", "p1")
			return body
		}, ErrSignatureMismatch},
		{"tampered date", func(req *http.Request, body []byte) []byte {
			req.Header.Set(DateHeader, testNow.Add(time.Second).Format(DateLayout))
			return body
		}, ErrSignatureMismatch},
		{"signature of another SK", func(req *http.Request, body []byte) []byte {
			s := testSigner()
			s.Credentials.SK = "wrong-sk"
			s.Credentials.SecurityToken = testToken
			mustSign(req, s, body)
			return body
		}, ErrSignatureMismatch},
		{"unknown AK", func(req *http.Request, body []byte) []byte {
			s := testSigner()
			s.Credentials.AK = "NOSUCHAK"
			mustSign(req, s, body)
			return body
		}, ErrUnknownAccessKey},
		{"missing Authorization", func(req *http.Request, body []byte) []byte {
			req.Header.Del("Authorization")
			return body
		}, ErrMissingAuthorization},
		{"blank Authorization", func(req *http.Request, body []byte) []byte {
			req.Header.Set("Authorization", "  ")
			return body
		}, ErrMissingAuthorization},
		{"missing X-Sdk-Date", func(req *http.Request, body []byte) []byte {
			req.Header.Del(DateHeader)
			return body
		}, ErrMissingDate},
		{"X-Sdk-Date not in the layout", func(req *http.Request, body []byte) []byte {
			req.Header.Set(DateHeader, testNow.Format(time.RFC3339))
			return body
		}, ErrMissingDate},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, body := signedBind(t)
			body = tc.mutate(req, body)
			ak, err := testVerifier().Verify(req, body)
			if !errors.Is(err, tc.want) {
				t.Fatalf("verify: got (%q, %v), want %v", ak, err, tc.want)
			}
			if ak != "" {
				t.Errorf("verify returned AK %q with an error", ak)
			}
			if strings.Contains(err.Error(), testSK) {
				t.Errorf("error prints the SK: %v", err)
			}
		})
	}
}

func TestVerifyIgnoresUnsignedHeaders(t *testing.T) {
	req, body := signedBind(t)
	req.Header.Set("Content-Type", "text/plain") // not signed, by the SDK's rule
	req.Header.Set("TEST_UNDERSCORE", "added")
	req.Header.Set("Accept-Encoding", "gzip") // added by Go's transport after signing
	req.Header.Set("Content-Length", "17")
	if _, err := testVerifier().Verify(req, body); err != nil {
		t.Errorf("verify after changing unsigned headers: %v", err)
	}
}

func TestVerifyMalformedAuthorization(t *testing.T) {
	sig := strings.Repeat("ab", 32)
	tests := []struct{ name, value string }{
		{"algorithm only", "SDK-HMAC-SHA256"},
		{"other algorithm", "AWS4-HMAC-SHA256 Access=" + testAK + ", SignedHeaders=x-sdk-date, Signature=" + sig},
		{"comma after algorithm", "SDK-HMAC-SHA256, Access=" + testAK + ", SignedHeaders=x-sdk-date, Signature=" + sig},
		{"missing Access", "SDK-HMAC-SHA256 SignedHeaders=x-sdk-date, Signature=" + sig},
		{"missing SignedHeaders", "SDK-HMAC-SHA256 Access=" + testAK + ", Signature=" + sig},
		{"missing Signature", "SDK-HMAC-SHA256 Access=" + testAK + ", SignedHeaders=x-sdk-date"},
		{"empty Access", "SDK-HMAC-SHA256 Access=, SignedHeaders=x-sdk-date, Signature=" + sig},
		{"unknown field", "SDK-HMAC-SHA256 Access=" + testAK + ", SignedHeaders=x-sdk-date, Signature=" + sig + ", Extra=1"},
		{"duplicate field", "SDK-HMAC-SHA256 Access=" + testAK + ", Access=" + testAK + ", SignedHeaders=x-sdk-date, Signature=" + sig},
		{"field without equals", "SDK-HMAC-SHA256 Access=" + testAK + ", SignedHeaders, Signature=" + sig},
		{"signature not hex", "SDK-HMAC-SHA256 Access=" + testAK + ", SignedHeaders=x-sdk-date, Signature=" + strings.Repeat("zz", 32)},
		{"signature too short", "SDK-HMAC-SHA256 Access=" + testAK + ", SignedHeaders=x-sdk-date, Signature=abcd"},
		{"date not signed", "SDK-HMAC-SHA256 Access=" + testAK + ", SignedHeaders=x-project-id, Signature=" + sig},
		{"empty signed header name", "SDK-HMAC-SHA256 Access=" + testAK + ", SignedHeaders=x-project-id;;x-sdk-date, Signature=" + sig},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, body := signedBind(t)
			req.Header.Set("Authorization", tc.value)
			if _, err := testVerifier().Verify(req, body); !errors.Is(err, ErrMalformedAuthorization) {
				t.Errorf("verify %q: got %v, want %v", tc.value, err, ErrMalformedAuthorization)
			}
		})
	}

	t.Run("two Authorization headers", func(t *testing.T) {
		req, body := signedBind(t)
		req.Header.Add("Authorization", req.Header.Get("Authorization"))
		if _, err := testVerifier().Verify(req, body); !errors.Is(err, ErrMalformedAuthorization) {
			t.Errorf("got %v, want %v", err, ErrMalformedAuthorization)
		}
	})
}

func TestVerifyAcceptsFieldSpacingAndOrder(t *testing.T) {
	req, body := signedBind(t)
	p, err := parseAuthorization(req.Header.Values("Authorization"))
	if err != nil {
		t.Fatal(err)
	}
	sig := req.Header.Get("Authorization")[strings.LastIndex(req.Header.Get("Authorization"), "=")+1:]
	req.Header.Set("Authorization", "SDK-HMAC-SHA256 Signature="+sig+" ,SignedHeaders="+strings.Join(p.signedHeaders, ";")+",Access="+testAK)
	if _, err := testVerifier().Verify(req, body); err != nil {
		t.Errorf("verify with reordered fields: %v", err)
	}
}

func TestVerifyDateSkew(t *testing.T) {
	tests := []struct {
		offset time.Duration
		want   error
	}{
		{0, nil},
		{14 * time.Minute, nil},
		{-14 * time.Minute, nil},
		{15 * time.Minute, nil},
		{-15 * time.Minute, nil},
		{16 * time.Minute, ErrDateSkew},
		{-16 * time.Minute, ErrDateSkew},
		{24 * time.Hour, ErrDateSkew},
	}
	for _, tc := range tests {
		t.Run("client clock "+tc.offset.String(), func(t *testing.T) {
			req := newRequest(t, http.MethodGet, "https://dli.example/x", nil)
			s := testSigner()
			s.Now = func() time.Time { return testNow.Add(tc.offset) }
			if err := s.Sign(req, nil); err != nil {
				t.Fatalf("sign: %v", err)
			}
			if _, err := testVerifier().Verify(req, nil); !errors.Is(err, tc.want) {
				t.Errorf("verify: got %v, want %v", err, tc.want)
			}
		})
	}

	t.Run("custom MaxSkew", func(t *testing.T) {
		req := newRequest(t, http.MethodGet, "https://dli.example/x", nil)
		s := testSigner()
		s.Now = func() time.Time { return testNow.Add(2 * time.Minute) }
		mustSign(req, s, nil)
		v := testVerifier()
		v.MaxSkew = time.Minute
		if _, err := v.Verify(req, nil); !errors.Is(err, ErrDateSkew) {
			t.Errorf("2 minutes off with MaxSkew 1m: got %v, want %v", err, ErrDateSkew)
		}
	})
}

func TestVerifyMismatchCarriesServerSide(t *testing.T) {
	req, body := signedBind(t)
	_, err := testVerifier().Verify(req, append(body, ' '))
	var mismatch *MismatchError
	if !errors.As(err, &mismatch) {
		t.Fatalf("got %v, want a *MismatchError", err)
	}
	if mismatch.AK != testAK || !strings.HasPrefix(mismatch.CanonicalRequest, "POST\n/v2.0/p1/") ||
		!strings.HasPrefix(mismatch.StringToSign, Algorithm+"\n") {
		t.Errorf("mismatch details: %+v", mismatch)
	}
	if strings.Contains(mismatch.CanonicalRequest+mismatch.StringToSign, testSK) {
		t.Error("mismatch details contain the SK")
	}
}

// TestOverTheWire signs with Go's client and verifies in Go's server, so that the
// canonical form is checked against what net/http really sends and receives:
// escaped paths, '+' in queries, repeated and padded headers.
func TestOverTheWire(t *testing.T) {
	v := testVerifier()
	v.Now = time.Now
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if _, err := v.Verify(r, body); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()

	tests := []struct {
		name   string
		build  func(t *testing.T) *http.Request
		body   []byte
		signer func() Signer
	}{
		{"escaped slash, non-ASCII and space in path; repeated query keys", func(t *testing.T) *http.Request {
			return newRequest(t, http.MethodGet, srv.URL+"/v2.0/p1/a%2Fb/d%C3%A9/x%20y?tag=b+c&tag=a%2Fb&q=%E4%B8%80&flag", nil)
		}, nil, nil},
		{"unescaped path set directly", func(t *testing.T) *http.Request {
			req := newRequest(t, http.MethodGet, srv.URL, nil)
			req.URL.Path = "/v2.0/p 1/队列/a+b"
			return req
		}, nil, nil},
		{"repeated and padded headers", func(t *testing.T) *http.Request {
			req := newRequest(t, http.MethodGet, srv.URL+"/x", nil)
			req.Header.Add("X-Multi", " one ")
			req.Header.Add("X-Multi", "two  words")
			req.Header.Set("X-Padded", "\t padded \t")
			return req
		}, nil, nil},
		{"JSON body, project id, security token and signed Host", func(t *testing.T) *http.Request {
			return newRequest(t, http.MethodPost, srv.URL+"/v2.0/p1/datasource/enhanced-connections/c1/associate-queue", map[string]string{
				"Content-Type": "application/json",
				"X-Project-Id": "p1",
				"Host":         "dli.eu-de.example",
			})
		}, []byte(`{"queues":["q1"]}`), func() Signer {
			return Signer{Credentials: Credentials{AK: testAK, SK: testSK, SecurityToken: testToken}}
		}},
		{"binary body, unsigned payload", func(t *testing.T) *http.Request {
			return newRequest(t, http.MethodPut, srv.URL+"/v1/obj", map[string]string{"Content-Type": "application/octet-stream"})
		}, []byte{0xff, 0x00, 0x10}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := tc.build(t)
			s := Signer{Credentials: Credentials{AK: testAK, SK: testSK}}
			if tc.signer != nil {
				s = tc.signer()
			}
			if err := s.Sign(req, tc.body); err != nil {
				t.Fatalf("sign: %v", err)
			}
			req.Body = io.NopCloser(bytes.NewReader(tc.body))
			req.ContentLength = int64(len(tc.body))
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatalf("send: %v", err)
			}
			defer resp.Body.Close()
			msg, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusNoContent {
				t.Errorf("server answered %d: %s", resp.StatusCode, msg)
			}
		})
	}
}

func mustSign(req *http.Request, s Signer, body []byte) {
	if err := s.Sign(req, body); err != nil {
		panic(err)
	}
}
