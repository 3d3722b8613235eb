package redact

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzMaskedJSONHoldsNoSecretAndStaysJSON embeds a form of a secret at a
// random place of a random JSON string (a value, a key and an array element,
// as a target's answer and the suite's records hold it) and masks the
// document: no form of the secret may survive, in the bytes or in any string
// they decode to, and the document must stay JSON.
func FuzzMaskedJSONHoldsNoSecretAndStaysJSON(f *testing.F) {
	f.Add("tok-VERY-SECRET-4d1e7f", "you sent ", " back", uint8(0), false)
	f.Add(`tokB+Se/cr_e*t=<x>&'"ü9`, `a\"b\n`, `\u00`, uint8(3), true)
	f.Add("nabcdefgh", "line\n", "", uint8(0), false)
	f.Add(`abcdefg\`, "", `"}`, uint8(0), false)
	f.Add("0123456789abcdef", "ab", "==", uint8(5), true)
	f.Fuzz(func(t *testing.T, secret, before, after string, form uint8, escaped bool) {
		// A secret with a bracket can overlap the mask, and be rebuilt from a
		// mask and an escaped rest when decoded: tokens and keys hold none.
		if len(secret) < MinSecretLen || !utf8.ValidString(secret) || !utf8.ValidString(before+after) || strings.ContainsAny(secret, "[]") {
			return
		}
		forms := Encodings(secret)
		echoed := forms[int(form)%len(forms)]
		value := before + echoed + after
		doc, err := json.Marshal(map[string]any{"message": value, value: []string{value, "other"}})
		if err != nil {
			return
		}
		if escaped {
			// As an encoder that escapes every character writes the value.
			doc = []byte(`{"message":"` + uEscapeAll(value) + `"}`)
		}
		out := New(secret).Bytes(doc)
		if !json.Valid(out) {
			t.Fatalf("no longer JSON once masked:\n in  %s\n out %s", doc, out)
		}
		for _, f := range forms {
			if strings.Contains(string(out), f) {
				t.Fatalf("form %q survives in %s", f, out)
			}
		}
		var decoded map[string]any
		if err := json.Unmarshal(out, &decoded); err != nil {
			t.Fatal(err)
		}
		flat, _ := json.Marshal(decoded)
		var texts []string
		collect(decoded, &texts)
		for _, text := range texts {
			if strings.Contains(text, secret) {
				t.Fatalf("the secret survives in a decoded string %q of %s", text, flat)
			}
		}
	})
}

func uEscapeAll(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r > 0xffff {
			b.WriteRune(r)
			continue
		}
		b.WriteString(`\u` + strings.ToLower(string("0123456789ABCDEF"[r>>12&15])+string("0123456789ABCDEF"[r>>8&15])+string("0123456789ABCDEF"[r>>4&15])+string("0123456789ABCDEF"[r&15])))
	}
	return b.String()
}

// collect lists every string of a decoded JSON value, keys too.
func collect(v any, out *[]string) {
	switch v := v.(type) {
	case string:
		*out = append(*out, v)
	case []any:
		for _, e := range v {
			collect(e, out)
		}
	case map[string]any:
		for k, e := range v {
			*out = append(*out, k)
			collect(e, out)
		}
	}
}
