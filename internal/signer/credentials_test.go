package signer

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestCredentialsNeverPrintSecrets(t *testing.T) {
	c := Credentials{AK: testAK, SK: testSK, SecurityToken: testToken}
	s := Signer{Credentials: c, Now: time.Now}
	v := Verifier{Keys: map[string]string{testAK: testSK}}
	type config struct {
		Endpoint string
		Creds    Credentials
	}

	outputs := map[string]string{"String": c.String(), "GoString": c.GoString()}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%t", "%10.3v"} {
		outputs["Credentials "+verb] = fmt.Sprintf(verb, c)
		outputs["*Credentials "+verb] = fmt.Sprintf(verb, &c)
		outputs["Signer "+verb] = fmt.Sprintf(verb, s)
		outputs["Verifier "+verb] = fmt.Sprintf(verb, v)
		outputs["config "+verb] = fmt.Sprintf(verb, config{"https://dli.example", c})
	}
	for _, x := range []any{c, &c, config{"https://dli.example", c}} {
		b, err := json.Marshal(x)
		if err != nil {
			t.Fatalf("marshal %T: %v", x, err)
		}
		outputs[fmt.Sprintf("json %T", x)] = string(b)
	}

	secrets := []string{testSK, testToken, hex.EncodeToString([]byte(testSK)), hex.EncodeToString([]byte(testToken))}
	for name, out := range outputs {
		for _, secret := range secrets {
			if strings.Contains(strings.ToLower(out), strings.ToLower(secret)) {
				t.Errorf("%s prints a secret: %s", name, out)
			}
		}
	}
	if got := outputs["Credentials %v"]; !strings.Contains(got, testAK) || !strings.Contains(got, redacted) {
		t.Errorf("%%v = %q; want the AK shown and the secrets marked redacted", got)
	}
}

func TestCredentialsShowWhichSecretsAreUnset(t *testing.T) {
	got := Credentials{AK: testAK, SK: testSK}.String()
	want := `Credentials{AK: "QTWAOYTTINDUT2QVKYUC", SK: [REDACTED], SecurityToken: [unset]}`
	if got != want {
		t.Errorf("String() = %s, want %s", got, want)
	}
}

func TestCredentialsUnmarshalStillReadsSecrets(t *testing.T) {
	var c Credentials
	if err := json.Unmarshal([]byte(`{"AK":"a","SK":"b","SecurityToken":"c"}`), &c); err != nil {
		t.Fatal(err)
	}
	if c != (Credentials{AK: "a", SK: "b", SecurityToken: "c"}) {
		t.Errorf("unmarshal did not read the fields back (AK %q, SK set %v, token set %v)", c.AK, c.SK == "b", c.SecurityToken == "c")
	}
}
