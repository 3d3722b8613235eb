package signer

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The published vectors of the Huawei Cloud Go SDK (core/auth/signer/signer_test.go),
// recorded in reference/dli-api.md §3.2.
const (
	vectorAK   = "AccessKey"
	vectorSK   = "SecretKey"
	vectorDate = "20060102T150405Z"
	emptyHash  = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
)

var vectorTime = time.Date(2006, 1, 2, 15, 4, 5, 0, time.UTC)

func vectorSigner() Signer {
	return Signer{
		Credentials: Credentials{AK: vectorAK, SK: vectorSK},
		Now:         func() time.Time { panic("a vector request carries its own date") },
	}
}

func newRequest(t testing.TB, method, target string, headers map[string]string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, target, nil)
	if err != nil {
		t.Fatalf("build request %s %s: %v", method, target, err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return req
}

func TestVector1GetWithQueryAndUnderscoreHeader(t *testing.T) {
	req := newRequest(t, http.MethodGet, "https://example.huaweicloud.com/path?limit=1", map[string]string{
		"X-Sdk-Date":      vectorDate,
		"TEST_UNDERSCORE": "TEST_VALUE",
	})

	wantCanonical := "GET\n/path/\nlimit=1\nx-sdk-date:20060102T150405Z\n\nx-sdk-date\n" + emptyHash
	if got := CanonicalRequest(req, SignedHeaders(req.Header), nil); got != wantCanonical {
		t.Errorf("canonical request:\n got %q\nwant %q", got, wantCanonical)
	}

	if err := vectorSigner().Sign(req, nil); err != nil {
		t.Fatalf("sign: %v", err)
	}
	want := "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, " +
		"Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624"
	if got := req.Header.Get("Authorization"); got != want {
		t.Errorf("Authorization:\n got %q\nwant %q", got, want)
	}
	if got := req.Header.Get("TEST_UNDERSCORE"); got != "TEST_VALUE" {
		t.Errorf("unsigned header was changed to %q", got)
	}

	ak, err := Verifier{Keys: map[string]string{vectorAK: vectorSK}, Now: func() time.Time { return vectorTime }}.Verify(req, nil)
	if err != nil || ak != vectorAK {
		t.Errorf("verify the vector: got (%q, %v), want (%q, nil)", ak, err, vectorAK)
	}
}

func TestVector2PostJSONBodyWithTrailingNewline(t *testing.T) {
	// The SDK's body is json.Encoder output, so it ends with a newline.
	body := []byte("{\"Name\":\"test\",\"Id\":1}\n")
	req := newRequest(t, http.MethodPost, "https://example.huaweicloud.com/path?key=value", map[string]string{
		"X-Sdk-Date":      vectorDate,
		"TEST_UNDERSCORE": "TEST_VALUE",
		"Content-Type":    "application/json",
	})

	if err := vectorSigner().Sign(req, body); err != nil {
		t.Fatalf("sign: %v", err)
	}
	want := "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, " +
		"Signature=cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59"
	if got := req.Header.Get("Authorization"); got != want {
		t.Errorf("Authorization:\n got %q\nwant %q", got, want)
	}
	if got := req.Header.Get(ContentSHA256Header); got != "" {
		t.Errorf("a JSON body got %s: %q; it must be hashed", ContentSHA256Header, got)
	}
}

// The SDK's own test of query canonicalisation: numbers, booleans, a slash, a
// repeated key, and a value with non-ASCII, space and reserved characters.
func TestQueryMatchesSDKExpectation(t *testing.T) {
	q := url.Values{}
	q.Set("limit", "1")
	q.Set("enable", "true")
	q.Set("test", "一 (&=?!#%.*)")
	q.Set("path", "/tmp/123")
	q["multi"] = []string{"1", "2", "3"}
	raw := q.Encode()
	if !strings.Contains(raw, "+") {
		t.Fatalf("precondition: url.Values.Encode writes spaces as +, got %q", raw)
	}

	want := "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29"
	if got := canonicalQuery(raw); got != want {
		t.Errorf("canonical query of %q:\n got %q\nwant %q", raw, got, want)
	}
}
