package signer

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestCanonicalURI(t *testing.T) {
	tests := []struct {
		name string
		url  *url.URL
		want string
	}{
		{"adds the trailing slash", mustParse(t, "/path"), "/path/"},
		{"empty path signs as a slash", &url.URL{}, "/"},
		{"root stays a single slash", mustParse(t, "/"), "/"},
		{"keeps an existing trailing slash", mustParse(t, "/v2.0/p1/datasource/enhanced-connections/"), "/v2.0/p1/datasource/enhanced-connections/"},
		{"keeps unreserved characters", mustParse(t, "/A-z_0.9~"), "/A-z_0.9~/"},
		{"keeps an escaped slash inside a segment", mustParse(t, "/conn/a%2Fb/associate-queue"), "/conn/a%2Fb/associate-queue/"},
		{"upper-cases lower-case escapes", mustParse(t, "/a%2fb"), "/a%2Fb/"},
		{"decodes escaped unreserved characters", mustParse(t, "/a%7Eb%41"), "/a~bA/"},
		{"escapes a space given raw", &url.URL{Path: "/a b"}, "/a%20b/"},
		{"keeps a space given escaped", mustParse(t, "/a%20b"), "/a%20b/"},
		{"escapes plus, which is not a space in a path", mustParse(t, "/a+b"), "/a%2Bb/"},
		{"escapes sub-delims and colon", mustParse(t, "/a:b@c;d=e,f!"), "/a%3Ab%40c%3Bd%3De%2Cf%21/"},
		{"escapes non-ASCII given raw", &url.URL{Path: "/données/队列"}, "/donn%C3%A9es/%E9%98%9F%E5%88%97/"},
		{"keeps non-ASCII given escaped", mustParse(t, "/donn%C3%A9es"), "/donn%C3%A9es/"},
		{"escapes a literal percent", &url.URL{Path: "/50%zz"}, "/50%25zz/"},
		{"keeps an empty segment", mustParse(t, "/a//b"), "/a//b/"},
		{"adds a missing leading slash", &url.URL{Path: "rel"}, "/rel/"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := canonicalURI(tc.url); got != tc.want {
				t.Errorf("canonicalURI(%q) = %q, want %q", tc.url.EscapedPath(), got, tc.want)
			}
		})
	}
}

func TestCanonicalQuery(t *testing.T) {
	tests := []struct{ name, raw, want string }{
		{"empty without parameters", "", ""},
		{"single pair", "limit=1", "limit=1"},
		{"sorts by name", "offset=0&limit=10", "limit=10&offset=0"},
		{"sorts a repeated key by value", "k=3&k=1&k=2", "k=1&k=2&k=3"},
		{"sorts repeated values by decoded value", "tag=b%20c&tag=a%2Fb", "tag=a%2Fb&tag=b%20c"},
		{"sorts names by decoded bytes", "a%C3%A9=2&a~=1", "a~=1&a%C3%A9=2"},
		{"does not fold name case", "b=1&B=2", "B=2&b=1"},
		{"plus is a space", "q=a+b", "q=a%20b"},
		{"percent-20 is a space", "q=a%20b", "q=a%20b"},
		{"escapes slash, colon and equals in a value", "u=http://h/p?x=1", "u=http%3A%2F%2Fh%2Fp%3Fx%3D1"},
		{"upper-cases escapes", "v=%2f", "v=%2F"},
		{"name without equals signs as empty value", "flag", "flag="},
		{"empty value kept", "flag=&x=1", "flag=&x=1"},
		{"skips empty pairs", "a=1&&b=2&", "a=1&b=2"},
		{"semicolon is data, not a separator", "k=v;w", "k=v%3Bw"},
		{"undecodable pair kept literally", "bad=%zz", "bad=%25zz"},
		{"non-ASCII value", "name=%E9%98%9F", "name=%E9%98%9F"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := canonicalQuery(tc.raw); got != tc.want {
				t.Errorf("canonicalQuery(%q) = %q, want %q", tc.raw, got, tc.want)
			}
		})
	}
}

func TestSignedHeadersSelection(t *testing.T) {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("TEST_UNDERSCORE", "x")
	h.Set("Authorization", "old")
	h.Set("X-Project-Id", "p1")
	h.Set("X-Security-Token", "tok")
	h.Set("X-Sdk-Date", vectorDate)
	h.Set("User-Agent", "huaweicloud-usdk-go/3.0")
	h.Set("Host", "dli.example")
	h["x-project-id"] = []string{"p1"} // a second spelling, set directly in the map

	want := []string{"host", "user-agent", "x-project-id", "x-sdk-date", "x-security-token"}
	if got := SignedHeaders(h); !slices.Equal(got, want) {
		t.Errorf("SignedHeaders = %q, want %q", got, want)
	}
}

func TestCanonicalHeaders(t *testing.T) {
	req := newRequest(t, http.MethodGet, "https://dli.example:8443/x", nil)
	req.Header.Set("X-Padded", " \t value \t ")
	req.Header.Set("X-Inner", "a   b\tc")
	req.Header.Add("X-Multi", "second")
	req.Header.Add("X-Multi", " first ")

	tests := []struct {
		name   string
		signed []string
		want   string
	}{
		{"trims surrounding whitespace", []string{"x-padded"}, "x-padded:value\n"},
		{"keeps inner whitespace runs", []string{"x-inner"}, "x-inner:a   b\tc\n"},
		{"joins repeated values with a comma in received order", []string{"x-multi"}, "x-multi:second,first\n"},
		{"signs an absent header as empty", []string{"x-absent"}, "x-absent:\n"},
		{"takes host from the request, not the header map", []string{"host"}, "host:dli.example:8443\n"},
		{"one line per name in the given order", []string{"x-padded", "x-inner"}, "x-padded:value\nx-inner:a   b\tc\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := canonicalHeaders(req, tc.signed); got != tc.want {
				t.Errorf("canonicalHeaders(%q) = %q, want %q", tc.signed, got, tc.want)
			}
		})
	}
}

func TestBodyHash(t *testing.T) {
	noHeader := http.Header{}
	if got := bodyHash(noHeader, nil); got != emptyHash {
		t.Errorf("nil body hash = %s, want %s", got, emptyHash)
	}
	if got := bodyHash(noHeader, []byte{}); got != emptyHash {
		t.Errorf("empty body hash = %s, want %s", got, emptyHash)
	}
	// sha256("abc"), FIPS 180-2 example.
	if got, want := bodyHash(noHeader, []byte("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; got != want {
		t.Errorf("body hash of abc = %s, want %s", got, want)
	}

	unsigned := http.Header{ContentSHA256Header: {UnsignedPayload}}
	if got := bodyHash(unsigned, []byte("abc")); got != UnsignedPayload {
		t.Errorf("with %s: %s the body hash is %q, want the literal", ContentSHA256Header, UnsignedPayload, got)
	}
	claimed := http.Header{ContentSHA256Header: {emptyHash}}
	if got := bodyHash(claimed, []byte("abc")); got == emptyHash {
		t.Errorf("a claimed hash in %s replaced the real one", ContentSHA256Header)
	}
}

func TestSignUnsignedPayloadByContentType(t *testing.T) {
	tests := []struct {
		contentType  string
		wantUnsigned bool
	}{
		{"", false},
		{"application/json", false},
		{"application/json;charset=UTF-8", false},
		{"Application/JSON", false},
		{"application/bson", false},
		{"application/octet-stream", true},
		{"text/plain", true},
		{"multipart/form-data; boundary=x", true},
	}
	for _, tc := range tests {
		t.Run("content type "+tc.contentType, func(t *testing.T) {
			req := newRequest(t, http.MethodPost, "https://dli.example/v1/upload", nil)
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			if err := testSigner().Sign(req, []byte("payload")); err != nil {
				t.Fatalf("sign: %v", err)
			}
			got := req.Header.Get(ContentSHA256Header) == UnsignedPayload
			if got != tc.wantUnsigned {
				t.Fatalf("%s set = %v, want %v", ContentSHA256Header, got, tc.wantUnsigned)
			}
			canonical := CanonicalRequest(req, SignedHeaders(req.Header), []byte("payload"))
			if tc.wantUnsigned {
				if !strings.HasSuffix(canonical, "\n"+UnsignedPayload) || !strings.Contains(req.Header.Get("Authorization"), "x-sdk-content-sha256") {
					t.Errorf("unsigned payload must be the last line and its header signed:\n%s\n%s", canonical, req.Header.Get("Authorization"))
				}
			} else if strings.HasSuffix(canonical, UnsignedPayload) {
				t.Errorf("body of type %q was not hashed", tc.contentType)
			}
		})
	}
}

func TestCanonicalRequestLayout(t *testing.T) {
	req := newRequest(t, http.MethodPost, "https://dli.example/v2.0/p1/a%20b?z=1&a=x+y", map[string]string{
		"X-Sdk-Date":   vectorDate,
		"X-Project-Id": "p1",
	})
	want := strings.Join([]string{
		"POST",
		"/v2.0/p1/a%20b/",
		"a=x%20y&z=1",
		"x-project-id:p1\nx-sdk-date:" + vectorDate + "\n",
		"x-project-id;x-sdk-date",
		"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	}, "\n")
	if got := CanonicalRequest(req, []string{"x-project-id", "x-sdk-date"}, []byte("abc")); got != want {
		t.Errorf("canonical request:\n got %q\nwant %q", got, want)
	}
	if got, want := StringToSign("x", vectorDate), "SDK-HMAC-SHA256\n"+vectorDate+"\n2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"; got != want {
		t.Errorf("StringToSign = %q, want %q", got, want)
	}
}

func mustParse(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("parse %q: %v", raw, err)
	}
	return u
}
