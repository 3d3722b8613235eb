// Package signer implements the API gateway's AK/SK request signature,
// SDK-HMAC-SHA256, for both sides of an exchange: Signer signs outgoing requests
// the way the Huawei Cloud Go SDK does, and Verifier checks incoming ones the way
// the gateway is documented to. The algorithm is described at
// https://support.huaweicloud.com/intl/en-us/devg-apisign/api-sign-algorithm-005.html
// and in reference/dli-api.md §3.2.
package signer

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Names and formats fixed by the gateway.
const (
	// Algorithm opens the Authorization header and the string to sign.
	Algorithm = "SDK-HMAC-SHA256"
	// DateHeader carries the signing time; the gateway requires it to be signed.
	DateHeader = "X-Sdk-Date"
	// DateLayout is the X-Sdk-Date format: UTC, basic ISO 8601.
	DateLayout = "20060102T150405Z"
	// SecurityTokenHeader carries the token of temporary credentials; it is signed.
	SecurityTokenHeader = "X-Security-Token"
	// ContentSHA256Header, set to UnsignedPayload, tells the gateway the body is not
	// part of the signature. The SDK sets it for every body that is neither JSON nor BSON.
	ContentSHA256Header = "X-Sdk-Content-Sha256"
	// UnsignedPayload replaces the body hash when ContentSHA256Header carries it.
	UnsignedPayload = "UNSIGNED-PAYLOAD"
	// AuthorizationHeader receives the signature; it is never itself signed.
	AuthorizationHeader = "Authorization"
)

// Signer signs outgoing requests with one set of credentials. The zero Now means
// time.Now. A Signer is safe for concurrent use.
type Signer struct {
	Credentials Credentials
	Now         func() time.Time
}

// Sign signs req in place. It sets X-Sdk-Date to the current time unless the
// request already carries one (a preset date is signed verbatim, so a test can
// send a stale or malformed one), sets X-Security-Token when the credentials have
// a token, sets X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD when the Content-Type is
// neither JSON nor BSON, and then sets Authorization, replacing any earlier one.
//
// body must be the exact bytes the caller will send; nil means an empty body.
// Sign does not read req.Body.
//
// Every header in req.Header is signed except Content-Type, Authorization and
// names containing "_", as the Go SDK does. Host is signed only when req.Header
// has a Host entry; Go's client ignores that entry and sends req.Host, so Sign
// copies the entry into req.Host to make the wire match the signature.
func (s Signer) Sign(req *http.Request, body []byte) error {
	if req == nil || req.URL == nil {
		return errors.New("sign: request or its URL is nil")
	}
	if err := s.Credentials.validate(); err != nil {
		return fmt.Errorf("sign %s %s: %w", req.Method, req.URL.Path, err)
	}
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	if host := req.Header.Get("Host"); host != "" {
		req.Host = host
	}
	date := req.Header.Get(DateHeader)
	if date == "" {
		now := time.Now
		if s.Now != nil {
			now = s.Now
		}
		date = now().UTC().Format(DateLayout)
		req.Header.Set(DateHeader, date)
	}
	if s.Credentials.SecurityToken != "" {
		req.Header.Set(SecurityTokenHeader, s.Credentials.SecurityToken)
	}
	if ct := req.Header.Get("Content-Type"); ct != "" && !hashesBody(ct) && req.Header.Get(ContentSHA256Header) == "" {
		req.Header.Set(ContentSHA256Header, UnsignedPayload)
	}

	signed := SignedHeaders(req.Header)
	sts := StringToSign(CanonicalRequest(req, signed, body), date)
	req.Header.Set(AuthorizationHeader, authorization(s.Credentials.AK, signed, signature(s.Credentials.SK, sts)))
	return nil
}

// SignedHeaders returns the names Sign signs for h: every header except
// Content-Type, Authorization and names containing "_", lower-cased, sorted and
// without duplicates.
func SignedHeaders(h http.Header) []string {
	names := make([]string, 0, len(h))
	for k := range h {
		name := strings.ToLower(k)
		if name == "content-type" || name == "authorization" || strings.Contains(name, "_") {
			continue
		}
		names = append(names, name)
	}
	return sortedUnique(names)
}

// StringToSign returns the text that is HMAC'd: the algorithm, the X-Sdk-Date value
// exactly as sent, and the hex SHA-256 of the canonical request, one per line.
func StringToSign(canonicalRequest, sdkDate string) string {
	sum := sha256.Sum256([]byte(canonicalRequest))
	return Algorithm + "\n" + sdkDate + "\n" + hex.EncodeToString(sum[:])
}

// signature is the hex HMAC-SHA256 of the string to sign; the SK is the key as is,
// with no derivation step.
func signature(sk, stringToSign string) string {
	return hex.EncodeToString(mac(sk, stringToSign))
}

func mac(sk, stringToSign string) []byte {
	m := hmac.New(sha256.New, []byte(sk))
	m.Write([]byte(stringToSign))
	return m.Sum(nil)
}

// authorization formats the header value. The gateway wants a space, not a comma,
// between the algorithm and Access, and ", " between the fields.
func authorization(ak string, signedHeaders []string, sig string) string {
	return Algorithm + " Access=" + ak + ", SignedHeaders=" + strings.Join(signedHeaders, ";") + ", Signature=" + sig
}

// hashesBody reports whether the SDK hashes a body of this Content-Type; for any
// other type it signs UNSIGNED-PAYLOAD instead.
func hashesBody(contentType string) bool {
	ct := strings.ToLower(contentType)
	return strings.Contains(ct, "application/json") || strings.Contains(ct, "application/bson")
}
