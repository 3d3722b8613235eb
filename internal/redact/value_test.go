package redact

import (
	"encoding/base64"
	"strings"
	"testing"
)

// record is a record the redaction code has never heard of: Deep must mask
// every field of it without naming one.
type record struct {
	Plain    string
	Next     *record
	List     []string
	ByName   map[string]string
	Anything any
	Raw      []byte
	Fixed    [2]string
	hidden   string
}

func TestDeepMasksEveryFieldItWasNeverToldOf(t *testing.T) {
	in := record{
		Plain:    "a " + secret,
		Next:     &record{Plain: secret},
		List:     []string{"x", secret},
		ByName:   map[string]string{secret: "v " + secret},
		Anything: map[string]any{"k": []any{secret}},
		Raw:      []byte(secret),
		Fixed:    [2]string{secret, "y"},
		hidden:   "kept as it was",
	}
	out := Deep(New(secret), in)
	flat := strings.Join([]string{out.Plain, out.Next.Plain, strings.Join(out.List, ","), string(out.Raw), out.Fixed[0]}, "|")
	for k, v := range out.ByName {
		flat += "|" + k + "=" + v
	}
	if strings.Contains(flat, secret) || strings.Contains(strings.Join(strings.Fields(flat), ""), secret) {
		t.Fatalf("a secret survives: %s", flat)
	}
	if got := out.Anything.(map[string]any)["k"].([]any)[0]; got != Mask {
		t.Fatalf("inside an interface: %v", got)
	}
	if out.Plain != "a "+Mask || out.hidden != "kept as it was" || out.List[0] != "x" {
		t.Fatalf("got %+v", out)
	}
	if in.Plain != "a "+secret || in.Next.Plain != secret || in.List[1] != secret || string(in.Raw) != secret {
		t.Fatal("Deep changed its argument")
	}
}

func TestARedactorLearnsSecretsWhileInUse(t *testing.T) {
	r := New("configured-secret")
	if got := r.String("sig 0123456789abcdef"); got != "sig 0123456789abcdef" {
		t.Fatalf("masked before it was added: %q", got)
	}
	r.Add("0123456789abcdef")
	if got := r.String("sig 0123456789abcdef and configured-secret"); got != "sig "+Mask+" and "+Mask {
		t.Fatalf("got %q", got)
	}
}

// TestBase64EchoesOfDifferentSecretsMaskAlike: the characters at the edges of
// a base64 core mix the secret's bits with its neighbours'; masked with the
// core, two runs echoing different secrets read the same.
func TestBase64EchoesOfDifferentSecretsMaskAlike(t *testing.T) {
	a, b := "first-secret-value-1", "other-secret-value-22"
	for _, prefix := range []string{"", "a", "ab", "abc"} {
		ea := New(a).String("token " + b64(prefix+a) + " end")
		eb := New(b).String("token " + b64(prefix+b) + " end")
		if ea != eb {
			t.Errorf("prefix %q: %q and %q differ", prefix, ea, eb)
		}
	}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
