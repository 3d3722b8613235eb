package redact

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

const secret = "tok/en+Se=cr<et>&ü9"

// echoes are the ways a target may quote the secret back.
func echoes(s string) map[string]string {
	var uesc strings.Builder
	for _, r := range s {
		uesc.WriteString(`\u` + strings.ToUpper(hex.EncodeToString([]byte{byte(r >> 8), byte(r)})))
	}
	j, _ := json.Marshal(s)
	m := map[string]string{
		"raw":   s,
		"query": url.QueryEscape(s),
		"path":  url.PathEscape(s),
		"hex":   hex.EncodeToString([]byte(s)),
		"HEX":   strings.ToUpper(hex.EncodeToString([]byte(s))),
		"json":  string(j),
		"\\u":   uesc.String(),
	}
	for _, enc := range []struct {
		name string
		e    *base64.Encoding
	}{{"std", base64.StdEncoding}, {"url", base64.URLEncoding}} {
		for align, prefix := range []string{"", "x", "xy"} {
			m[enc.name+"-base64-align"+string(rune('0'+align))] = enc.e.EncodeToString([]byte(prefix + s + "tail"))
			m[enc.name+"-base64-whole"+string(rune('0'+align))] = enc.e.EncodeToString([]byte(prefix + s))
		}
	}
	return m
}

func TestEveryEncodingOfTheSecretIsMasked(t *testing.T) {
	r := New(secret)
	for name, echoed := range echoes(secret) {
		text := `{"message":"you sent ` + echoed + ` and that is wrong"}`
		got := r.String(text)
		if strings.Contains(got, echoed) || !strings.Contains(got, Mask) {
			t.Errorf("%s: %q not masked: %s", name, echoed, got)
		}
		if !strings.Contains(got, "and that is wrong") {
			t.Errorf("%s: surrounding text lost: %s", name, got)
		}
		if b := r.Bytes([]byte(text)); string(b) != got {
			t.Errorf("%s: Bytes and String differ", name)
		}
	}
}

func TestShortSecretsDoNotEatText(t *testing.T) {
	r := New("t", "")
	if got := r.String("the test text"); got != "the test text" {
		t.Fatalf("a one-letter secret masked ordinary text: %q", got)
	}
}

func TestCredentialHeadersAreMaskedInBothDirections(t *testing.T) {
	h := http.Header{}
	for _, name := range CredentialHeaders {
		h.Set(name, "value-of-"+name)
	}
	h.Set("X-Request-Id", "echo "+secret)
	h.Set("Content-Type", "application/json")
	got := New(secret).Headers(h)
	for _, name := range CredentialHeaders {
		if v := got.Get(name); v != Mask {
			t.Errorf("%s = %q, want %s", name, v, Mask)
		}
	}
	if v := got.Get("X-Request-Id"); v != "echo "+Mask {
		t.Errorf("secret in another header: %q", v)
	}
	if got.Get("Content-Type") != "application/json" {
		t.Errorf("plain header changed: %q", got.Get("Content-Type"))
	}
	if h.Get("Authorization") != "value-of-Authorization" {
		t.Error("Headers changed its argument")
	}
}

func TestSignatureKeepsAccessAndSignedHeaders(t *testing.T) {
	v := "SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=content-type;host;x-sdk-date, Signature=0123abcdef"
	got := Value("authorization", v)
	want := "SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=content-type;host;x-sdk-date, Signature=" + Mask
	if got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
	if Value("Authorization", "Bearer abcdefgh") != Mask {
		t.Fatal("another Authorization scheme not masked whole")
	}
	if Value("X-Trace", "abc") != "abc" {
		t.Fatal("plain header masked")
	}
}

func TestWithAddsSecretsAndNilMasksHeadersOnly(t *testing.T) {
	r := New("first-secret").With("second-secret")
	if got := r.String("first-secret second-secret"); got != Mask+" "+Mask {
		t.Fatalf("got %q", got)
	}
	var none *Redactor
	if none.String("first-secret") != "first-secret" || none.Headers(http.Header{"Cookie": {"c"}}).Get("Cookie") != Mask {
		t.Fatal("nil redactor")
	}
}

func BenchmarkRedactEvidence(b *testing.B) {
	r := New("a-long-token-value-0123456789", "sk-secret-0123456789")
	text := strings.Repeat(`{"queue_name":"q1","message":"ok"} `, 100)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		_ = r.String(text)
	}
}

func TestMaskCredentialsMasksSignaturesWhole(t *testing.T) {
	h := http.Header{"Authorization": {"SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=abc"}, "Set-Cookie": {"a=b"}, "Accept": {"*/*"}}
	got := MaskCredentials(h)
	if got.Get("Authorization") != Mask || got.Get("Set-Cookie") != Mask || got.Get("Accept") != "*/*" {
		t.Fatalf("got %v", got)
	}
}
