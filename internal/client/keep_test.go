package client

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/signer"
)

// TestAMegabyteOfHeadersIsNotKept: an exchange keeps the headers checks read
// and what it shows, not the megabyte a hostile target adds to every answer.
func TestAMegabyteOfHeadersIsNotKept(t *testing.T) {
	c := newClientWith(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for i := range 1024 {
			w.Header().Set(fmt.Sprintf("A-Pad-%04d", i), strings.Repeat("p", 1000))
		}
		w.Header().Set("Retry-After", "0")
		w.Header().Set("Location", "/elsewhere")
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{}`))
	}), Options{MaxHeaderBytes: 2 << 20, MaxEvidenceHeaderBytes: 4096})
	x := c.Do(context.Background(), contract.Request{Method: "GET", Target: "/"})
	if x.Err != nil {
		t.Fatal(x.Err)
	}
	kept := 0
	for k, vs := range x.RespHeader {
		for _, v := range vs {
			kept += headerBytes(k, v)
		}
	}
	if kept > 4096 {
		t.Errorf("%d header bytes kept, want at most the 4096 of the evidence cap", kept)
	}
	for _, h := range []string{"Content-Type", "Location", "Retry-After", "Content-Length"} {
		if x.RespHeader.Get(h) == "" {
			t.Errorf("%s not kept: checks read it", h)
		}
	}
	if x.RespHeaderDropped < 1000*1024 {
		t.Errorf("dropped %d bytes, want the megabyte counted", x.RespHeaderDropped)
	}
	s := x.String()
	if want := fmt.Sprintf("… %d more header bytes not shown", x.RespHeaderDropped); !strings.Contains(s, want) || len(s) > 8<<10 {
		t.Fatalf("want %q in at most 8 KiB of evidence, got %d bytes:\n%.2000s", want, len(s), s)
	}
}

func TestASmallHeaderBlockIsKeptWhole(t *testing.T) {
	h := http.Header{"B": {"2"}, "A": {"1", "11"}}
	kept, dropped := keepHeaders(h, 1024)
	if dropped != 0 || len(kept["A"]) != 2 || kept.Get("B") != "2" {
		t.Fatalf("kept %v, dropped %d", kept, dropped)
	}
}

// TestAnEchoedSignatureIsMasked: the signature of an AK/SK request is no
// configured secret, but it is replayable: echoed anywhere, it is masked.
func TestAnEchoedSignatureIsMasked(t *testing.T) {
	var sig, auth string
	c := newClientWith(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth = r.Header.Get("Authorization")
		_, sig, _ = strings.Cut(auth, "Signature=")
		w.Header().Set("X-Echo", auth)
		fmt.Fprintf(w, "%s\n%s\n%s\n", auth, base64.StdEncoding.EncodeToString([]byte(auth)), hex.EncodeToString([]byte(sig)))
	}), Options{Auth: SignerAuth{Credentials: signer.Credentials{AK: "AKTEST0001", SK: "SK-TEST-SECRET-0001"}}, Secrets: []string{"SK-TEST-SECRET-0001"}})
	x := c.Do(context.Background(), contract.Request{Method: "GET", Target: "/"})
	if x.Err != nil || len(sig) != 64 {
		t.Fatalf("err %v, signature %q", x.Err, sig)
	}
	out := x.String() + x.Curl()
	b64 := base64.StdEncoding.EncodeToString([]byte(auth))
	// The last 80 characters of the base64 but the padding encode the signature alone.
	for _, enc := range []string{sig, hex.EncodeToString([]byte(sig)), b64[len(b64)-84 : len(b64)-4]} {
		if strings.Contains(out, enc) {
			t.Fatalf("the signature shows as %q:\n%s", enc, out)
		}
	}
	if !strings.Contains(out, "Access=AKTEST0001") {
		t.Errorf("the access key id is no secret and helps debugging:\n%s", out)
	}
}
