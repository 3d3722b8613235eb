package emulator

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/signer"
)

const (
	testAK = "QTWAOYTTINDUT2QVKYUC"
	testSK = "sk-VERY-SECRET-91c2"
)

// withKeys configures AK/SK pairs only: no token is accepted.
func withKeys(o *Options) {
	o.Tokens = nil
	o.KeyPairs = map[string]string{testAK: testSK}
}

// signed builds a request signed with creds at the harness's clock (shifted by skew),
// as the Huawei Cloud SDK signs it: X-Project-Id set and signed, JSON bodies hashed.
func (h *harness) signed(method, path, body string, creds signer.Credentials, skew time.Duration) *http.Request {
	h.t.Helper()
	req, err := http.NewRequest(method, h.srv.URL+path, strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Project-Id", projectID)
	s := signer.Signer{Credentials: creds, Now: func() time.Time { return h.clock.Now().Add(skew) }}
	if err := s.Sign(req, []byte(body)); err != nil {
		h.t.Fatal(err)
	}
	return req
}

var goodKeys = signer.Credentials{AK: testAK, SK: testSK}

func readCloser(s string) io.ReadCloser { return io.NopCloser(strings.NewReader(s)) }

func TestNewNeedsTokensOrKeyPairs(t *testing.T) {
	for name, opts := range map[string]Options{
		"neither":      {},
		"empty AK":     {KeyPairs: map[string]string{"": "sk"}},
		"empty SK":     {KeyPairs: map[string]string{"ak": ""}},
		"AK with a ,":  {KeyPairs: map[string]string{"a,k": "sk"}},
		"empty token":  {Tokens: []string{""}},
		"empty tokens": {Tokens: []string{}, KeyPairs: map[string]string{}},
	} {
		if _, err := New(opts); err == nil {
			t.Errorf("%s: New accepted %+v", name, opts)
		}
	}
	if _, err := New(Options{KeyPairs: map[string]string{testAK: testSK}}); err != nil {
		t.Errorf("key pairs alone: %v", err)
	}
}

func TestSignedRequestsAreAccepted(t *testing.T) {
	h := newHarness(t, withKeys)
	h.sendRequest(h.signed("POST", bindPath(projectID, connID), queuesBody("queue_a"), goodKeys, 0)).expectStatus(t, http.StatusOK)
	h.sendRequest(h.signed("GET", connPath(projectID, connID), "", goodKeys, 0)).expectStatus(t, http.StatusOK)
	h.sendRequest(h.signed("GET", connsPath(projectID)+"?limit=1&status=ACTIVE", "", goodKeys, 0)).expectStatus(t, http.StatusOK)
	h.sendRequest(h.signed("POST", connsPath(projectID), `{"name":"signed","dest_vpc_id":"v","dest_network_id":"n"}`+"\n", goodKeys, 0)).
		expectStatus(t, http.StatusCreated)
	// The gateway allows 15 minutes of clock skew either way.
	h.sendRequest(h.signed("GET", connPath(projectID, connID), "", goodKeys, -14*time.Minute)).expectStatus(t, http.StatusOK)
	h.sendRequest(h.signed("GET", connPath(projectID, connID), "", goodKeys, 14*time.Minute)).expectStatus(t, http.StatusOK)
	h.expectBindings(projectID, connID, []string{"queue_a"}, nil)

	for _, rec := range h.emu.Requests() {
		if rec.Credentials != credsAKSK || rec.Header.Get("Authorization") != Redacted || len(rec.Violations) != 0 {
			t.Errorf("recorded %s %s: credentials %q, Authorization %q, violations %v", rec.Method, rec.Path, rec.Credentials, rec.Header.Get("Authorization"), rec.Violations)
		}
		if !strings.Contains(strings.Join(rec.SignedHeaders, ";"), "x-project-id") {
			t.Errorf("recorded signed headers %v do not name x-project-id", rec.SignedHeaders)
		}
	}
}

func TestBadSignaturesAre401(t *testing.T) {
	h := newHarness(t, withKeys)
	cases := []struct {
		name    string
		req     func() *http.Request
		message string
	}{
		{"tampered body", func() *http.Request {
			req := h.signed("POST", bindPath(projectID, connID), queuesBody("queue_a"), goodKeys, 0)
			body := queuesBody("queue_b")
			req.Body, req.ContentLength = readCloser(body), int64(len(body))
			return req
		}, msgSignatureFail},
		{"tampered path", func() *http.Request {
			req := h.signed("POST", bindPath(projectID, connID), queuesBody("queue_a"), goodKeys, 0)
			req.URL.Path = unbindPath(projectID, connID)
			return req
		}, msgSignatureFail},
		{"tampered signed header", func() *http.Request {
			req := h.signed("GET", connPath(projectID, connID), "", goodKeys, 0)
			req.Header.Set("X-Sdk-Date", h.clock.Now().Add(time.Second).UTC().Format(signer.DateLayout))
			return req
		}, msgSignatureFail},
		{"wrong secret key", func() *http.Request {
			return h.signed("POST", bindPath(projectID, connID), queuesBody("queue_a"), signer.Credentials{AK: testAK, SK: "guessed"}, 0)
		}, msgSignatureFail},
		{"malformed Authorization", func() *http.Request {
			req := h.signed("GET", connPath(projectID, connID), "", goodKeys, 0)
			req.Header.Set("Authorization", "SDK-HMAC-SHA256 Access="+testAK)
			return req
		}, msgSignatureFail},
		{"unknown AK", func() *http.Request {
			return h.signed("POST", bindPath(projectID, connID), queuesBody("queue_a"), signer.Credentials{AK: "NOBODY", SK: testSK}, 0)
		}, msgUnknownAK},
		{"stale date", func() *http.Request {
			return h.signed("POST", bindPath(projectID, connID), queuesBody("queue_a"), goodKeys, -16*time.Minute)
		}, msgDateExpired},
		{"date in the future", func() *http.Request {
			return h.signed("POST", bindPath(projectID, connID), queuesBody("queue_a"), goodKeys, 16*time.Minute)
		}, msgDateExpired},
		{"no date", func() *http.Request {
			req := h.signed("GET", connPath(projectID, connID), "", goodKeys, 0)
			req.Header.Del("X-Sdk-Date")
			return req
		}, msgNoDate},
		{"a wrong token does not rescue a bad signature", func() *http.Request {
			req := h.signed("POST", bindPath(projectID, connID), queuesBody("queue_a"), signer.Credentials{AK: testAK, SK: "guessed"}, 0)
			req.Header.Set("X-Auth-Token", "not-a-token")
			return req
		}, msgSignatureFail},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := h.sendRequest(tc.req())
			r.expectError(t, http.StatusUnauthorized, codeIAMToken)
			if r.body["error_msg"] != tc.message {
				t.Errorf("error_msg = %v, want %q", r.body["error_msg"], tc.message)
			}
			if id, _ := r.body["request_id"].(string); !requestIDPattern.MatchString(id) || r.header.Get("X-Request-Id") != id {
				t.Errorf("request_id = %q, X-Request-Id = %q", id, r.header.Get("X-Request-Id"))
			}
		})
	}
	h.expectBindings(projectID, connID, nil, nil)
}

// A token OR a signature is enough: either one valid lets the request through.
func TestTokenOrSignature(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.KeyPairs = map[string]string{testAK: testSK} })
	badSig := h.signed("GET", connPath(projectID, connID), "", signer.Credentials{AK: testAK, SK: "guessed"}, 0)
	badSig.Header.Set("X-Auth-Token", token)
	h.sendRequest(badSig).expectStatus(t, http.StatusOK)

	wrongToken := h.signed("GET", connPath(projectID, connID), "", goodKeys, 0)
	wrongToken.Header.Set("X-Auth-Token", "not-a-token")
	wrongToken.Header.Del("Authorization")
	h.sendRequest(wrongToken).expectError(t, http.StatusUnauthorized, codeIAMToken, "decrypt token fail")

	// X-Auth-Token is not signed unless set before signing; adding it afterwards
	// leaves the signature valid.
	goodSig := h.signed("GET", connPath(projectID, connID), "", goodKeys, 0)
	goodSig.Header.Set("X-Auth-Token", "not-a-token")
	h.sendRequest(goodSig).expectStatus(t, http.StatusOK)
}

func TestSignedOversizeBodyIs413(t *testing.T) {
	h := newHarness(t, withKeys, func(o *Options) { o.MaxBodyBytes = 64 })
	big := queuesBody("queue_a", strings.Repeat("q", 100))
	h.sendRequest(h.signed("POST", bindPath(projectID, connID), big, goodKeys, 0)).
		expectError(t, http.StatusRequestEntityTooLarge, codeRequest)
}

func TestProjectHeaderMustMatchThePath(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.KeyPairs = map[string]string{testAK: testSK} })
	cases := []struct {
		name   string
		values []string
		status int
	}{
		{"same project", []string{projectID}, http.StatusOK},
		{"no header", nil, http.StatusOK},
		{"other project", []string{otherProject}, http.StatusForbidden},
		{"empty", []string{""}, http.StatusForbidden},
		{"twice", []string{projectID, projectID}, http.StatusForbidden},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Signed with the header as given, so that only the project rule can refuse.
			req, _ := http.NewRequest("POST", h.srv.URL+bindPath(projectID, connID), strings.NewReader(queuesBody("queue_a")))
			req.Header.Set("Content-Type", "application/json")
			for _, v := range tc.values {
				req.Header.Add("X-Project-Id", v)
			}
			if err := (signer.Signer{Credentials: goodKeys, Now: h.clock.Now}).Sign(req, []byte(queuesBody("queue_a"))); err != nil {
				t.Fatal(err)
			}
			r := h.sendRequest(req)
			if tc.status == http.StatusOK {
				r.expectStatus(t, http.StatusOK)
				return
			}
			r.expectError(t, http.StatusForbidden, codeForbidden, "X-Project-Id")
			if id, _ := r.body["request_id"].(string); !requestIDPattern.MatchString(id) {
				t.Errorf("request_id = %q", id)
			}
		})
	}
	// The rule holds for token requests too, and a refused request changes nothing.
	h.do("POST", unbindPath(projectID, connID), queuesBody("queue_a")).expectStatus(t, http.StatusOK)
	hdr := http.Header{"X-Auth-Token": {token}, "Content-Type": {"application/json"}, "X-Project-Id": {otherProject}}
	h.send("POST", bindPath(projectID, connID), queuesBody("queue_a"), hdr).expectError(t, http.StatusForbidden, codeForbidden)
	h.expectBindings(projectID, connID, nil, nil)
}
