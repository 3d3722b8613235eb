package signer

import (
	"crypto/hmac"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"
)

// DefaultMaxSkew is how far X-Sdk-Date may be from the server's clock, either
// way; the gateway documents 15 minutes.
const DefaultMaxSkew = 15 * time.Minute

// Verify errors. Each returned error wraps exactly one of these, with context, so
// a caller can map it to a gateway response with errors.Is.
var (
	ErrMissingAuthorization   = errors.New("no Authorization header")
	ErrMalformedAuthorization = errors.New("malformed Authorization header")
	ErrUnknownAccessKey       = errors.New("unknown access key")
	ErrSignatureMismatch      = errors.New("signature does not match")
	ErrDateSkew               = errors.New("request date too far from server time")
	// ErrMissingDate covers an absent X-Sdk-Date and one not in DateLayout.
	ErrMissingDate = errors.New("no usable request date")
)

// MismatchError is the ErrSignatureMismatch the Verifier returns. It carries what
// the server signed, so a failing exchange can be compared with the client's side
// (the same values are not secret: they contain no key).
type MismatchError struct {
	AK               string
	CanonicalRequest string
	StringToSign     string
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("verify access key %q: %v", e.AK, ErrSignatureMismatch)
}

// Unwrap makes errors.Is(err, ErrSignatureMismatch) hold.
func (e *MismatchError) Unwrap() error { return ErrSignatureMismatch }

// Verifier checks signed requests against a table of keys (AK → SK). MaxSkew
// zero or negative means DefaultMaxSkew; nil Now means time.Now. A Verifier is
// safe for concurrent use as long as Keys is not modified.
type Verifier struct {
	Keys    map[string]string
	MaxSkew time.Duration
	Now     func() time.Time
}

// Verify checks req's signature over body (nil means empty) and returns the AK
// that signed it. The checks run in this order, and the first failure is returned:
// the Authorization header is present and well formed and names x-sdk-date among
// its SignedHeaders (the gateway requires that header to be signed); the AK is
// known; X-Sdk-Date is present and parses; the signature recomputed over the
// named headers matches; the date is within MaxSkew of now. The date is checked
// last so that ErrDateSkew means "correctly signed, but at the wrong time".
func (v Verifier) Verify(req *http.Request, body []byte) (string, error) {
	auth, err := parseAuthorization(req.Header.Values(AuthorizationHeader))
	if err != nil {
		return "", fmt.Errorf("verify: %w", err)
	}
	sk, ok := v.Keys[auth.ak]
	if !ok || sk == "" {
		return "", fmt.Errorf("verify: access key %q: %w", auth.ak, ErrUnknownAccessKey)
	}

	date := req.Header.Get(DateHeader)
	if date == "" {
		return "", fmt.Errorf("verify access key %q: %w", auth.ak, ErrMissingDate)
	}
	signedAt, err := time.Parse(DateLayout, date)
	if err != nil {
		return "", fmt.Errorf("verify access key %q: %s %q is not in layout %s: %w", auth.ak, DateHeader, date, DateLayout, ErrMissingDate)
	}

	canonical := CanonicalRequest(req, auth.signedHeaders, body)
	sts := StringToSign(canonical, date)
	if !hmac.Equal(mac(sk, sts), auth.signature) {
		return "", &MismatchError{AK: auth.ak, CanonicalRequest: canonical, StringToSign: sts}
	}

	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	maxSkew := v.MaxSkew
	if maxSkew <= 0 {
		maxSkew = DefaultMaxSkew
	}
	serverTime := now().UTC()
	if off := serverTime.Sub(signedAt).Abs(); off > maxSkew {
		return "", fmt.Errorf("verify access key %q: %s %s is %s from server time %s, more than %s: %w",
			auth.ak, DateHeader, date, off, serverTime.Format(DateLayout), maxSkew, ErrDateSkew)
	}
	return auth.ak, nil
}

type parsedAuthorization struct {
	ak            string
	signedHeaders []string
	signature     []byte
}

// parseAuthorization reads `SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<a;b>,
// Signature=<hex>`. It accepts the three fields in any order and any spacing
// around the commas, and rejects duplicates, unknown fields and empty values.
func parseAuthorization(values []string) (parsedAuthorization, error) {
	var p parsedAuthorization
	switch {
	case len(values) == 0 || len(values) == 1 && strings.TrimSpace(values[0]) == "":
		return p, ErrMissingAuthorization
	case len(values) > 1:
		return p, fmt.Errorf("%d Authorization headers, want one: %w", len(values), ErrMalformedAuthorization)
	}
	alg, rest, _ := strings.Cut(strings.TrimSpace(values[0]), " ")
	if alg != Algorithm {
		return p, fmt.Errorf("algorithm %q, want %q: %w", alg, Algorithm, ErrMalformedAuthorization)
	}
	fields := map[string]string{}
	for part := range strings.SplitSeq(rest, ",") {
		key, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		switch {
		case !ok:
			return p, fmt.Errorf("field %q is not key=value: %w", strings.TrimSpace(part), ErrMalformedAuthorization)
		case key != "Access" && key != "SignedHeaders" && key != "Signature":
			return p, fmt.Errorf("unknown field %q: %w", key, ErrMalformedAuthorization)
		case value == "":
			return p, fmt.Errorf("field %s is empty: %w", key, ErrMalformedAuthorization)
		}
		if _, dup := fields[key]; dup {
			return p, fmt.Errorf("field %s given twice: %w", key, ErrMalformedAuthorization)
		}
		fields[key] = value
	}
	for _, key := range []string{"Access", "SignedHeaders", "Signature"} {
		if _, ok := fields[key]; !ok {
			return p, fmt.Errorf("field %s missing: %w", key, ErrMalformedAuthorization)
		}
	}

	p.ak = fields["Access"]
	p.signedHeaders = strings.Split(fields["SignedHeaders"], ";")
	for _, name := range p.signedHeaders {
		if name == "" || strings.ContainsAny(name, " \t:") {
			return p, fmt.Errorf("SignedHeaders %q has an invalid name %q: %w", fields["SignedHeaders"], name, ErrMalformedAuthorization)
		}
	}
	if !slices.ContainsFunc(p.signedHeaders, func(n string) bool { return strings.EqualFold(n, DateHeader) }) {
		return p, fmt.Errorf("SignedHeaders %q does not name %s: %w", fields["SignedHeaders"], strings.ToLower(DateHeader), ErrMalformedAuthorization)
	}
	sig, err := hex.DecodeString(fields["Signature"])
	if err != nil || len(sig) != 32 {
		return p, fmt.Errorf("signature is not 64 hex digits: %w", ErrMalformedAuthorization)
	}
	p.signature = sig
	return p, nil
}

// String lists the AKs and the skew, never the SKs.
func (v Verifier) String() string {
	aks := make([]string, 0, len(v.Keys))
	for ak := range v.Keys {
		aks = append(aks, ak)
	}
	slices.Sort(aks)
	return fmt.Sprintf("Verifier{AKs: %q, SKs: %s, MaxSkew: %s}", aks, redacted, v.MaxSkew)
}

// Format makes every fmt verb print the String form, so that no verb prints Keys.
func (v Verifier) Format(f fmt.State, _ rune) {
	io.WriteString(f, v.String())
}
