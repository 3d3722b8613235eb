package signer

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Credentials are an access key pair, optionally temporary (with a security token).
// Every way of printing them (String, any fmt verb, JSON) hides SK and SecurityToken,
// so a value can go into logs and reports as is.
type Credentials struct {
	AK            string
	SK            string
	SecurityToken string
}

const (
	redacted = "[REDACTED]"
	unset    = "[unset]"
)

func hide(secret string) string {
	if secret == "" {
		return unset
	}
	return redacted
}

// String shows the AK and whether SK and SecurityToken are set, never their values.
func (c Credentials) String() string {
	return fmt.Sprintf("Credentials{AK: %q, SK: %s, SecurityToken: %s}", c.AK, hide(c.SK), hide(c.SecurityToken))
}

// GoString is the %#v form, redacted like String.
func (c Credentials) GoString() string {
	return fmt.Sprintf("signer.Credentials{AK: %q, SK: %q, SecurityToken: %q}", c.AK, hide(c.SK), hide(c.SecurityToken))
}

// Format makes every fmt verb print the redacted form. Without it, verbs that do
// not consult String (%d, %t, …) would print the raw fields.
func (c Credentials) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		io.WriteString(f, c.GoString())
		return
	}
	io.WriteString(f, c.String())
}

// MarshalJSON writes the redacted form, so reports that marshal a config holding
// Credentials cannot leak them. Unmarshalling is unaffected.
func (c Credentials) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct{ AK, SK, SecurityToken string }{c.AK, hide(c.SK), hide(c.SecurityToken)})
}

// validate rejects credentials that cannot produce a parseable Authorization header.
func (c Credentials) validate() error {
	switch {
	case c.AK == "":
		return errors.New("access key is empty")
	case c.SK == "":
		return errors.New("secret key is empty")
	case strings.ContainsAny(c.AK, ", \t\r\n"):
		return fmt.Errorf("access key %q contains a separator of the Authorization header", c.AK)
	case strings.ContainsAny(c.SecurityToken, "\r\n"):
		return errors.New("security token contains a line break")
	}
	return nil
}
