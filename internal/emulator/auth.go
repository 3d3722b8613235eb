package emulator

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/signer"
)

// Credential kinds, as RecordedRequest.Credentials names what a request presented.
const (
	credsNone  = "none"
	credsToken = "token"
	credsAKSK  = "aksk"
	credsBoth  = "token+aksk"
)

// authenticate stands in for IAM and the gateway's signature check. A request is let
// through when it carries one of the configured tokens OR a valid SDK-HMAC-SHA256
// signature by one of the configured key pairs (reference/dli-api.md §3). A refusal
// is 401 with the gateway's APIG.0301 body; the message says which check failed.
//
// The signature covers the body, so a signed request whose body is over the limit
// cannot be verified: it is let through here to be answered 413 by the caller. A
// token request is judged without its body, so it gets 401 before 413.
func (e *Emulator) authenticate(r *http.Request, body []byte, tooLarge bool) (response, bool) {
	token := r.Header.Get("X-Auth-Token")
	signed := isSigned(r.Header)
	if token != "" && e.validToken(token) {
		return response{}, false
	}
	if signed {
		if tooLarge {
			return response{}, false
		}
		if e.verifier == nil {
			return gatewayError(http.StatusUnauthorized, codeIAMToken, msgUnknownAK), true
		}
		if _, err := e.verifier.Verify(r, body); err != nil {
			return gatewayError(http.StatusUnauthorized, codeIAMToken, signatureMessage(err)), true
		}
		return response{}, false
	}
	if token == "" {
		return gatewayError(http.StatusUnauthorized, codeIAMToken, msgNoToken), true
	}
	return gatewayError(http.StatusUnauthorized, codeIAMToken, msgWrongToken), true
}

func (e *Emulator) validToken(token string) bool {
	for _, t := range e.tokens {
		if subtle.ConstantTimeCompare([]byte(token), t) == 1 {
			return true
		}
	}
	return false
}

// isSigned tells whether a request claims an AK/SK signature. Another Authorization
// scheme is not the gateway's, so such a request is judged by its token alone.
func isSigned(h http.Header) bool {
	return strings.HasPrefix(strings.TrimSpace(h.Get(signer.AuthorizationHeader)), signer.Algorithm)
}

func credentialKind(token, signed bool) string {
	switch {
	case token && signed:
		return credsBoth
	case token:
		return credsToken
	case signed:
		return credsAKSK
	}
	return credsNone
}

// signatureMessage words a failed verification the way the gateway's APIG.0301
// messages do ("Incorrect IAM authentication information: …").
func signatureMessage(err error) string {
	switch {
	case errors.Is(err, signer.ErrUnknownAccessKey):
		return msgUnknownAK
	case errors.Is(err, signer.ErrDateSkew):
		return msgDateExpired
	case errors.Is(err, signer.ErrMissingDate):
		return msgNoDate
	}
	return msgSignatureFail
}

// checkProjectHeader applies the rule for X-Project-Id: AK/SK callers name the
// project they act in with it (reference/dli-api.md §3.3), so when present it must
// be exactly the project of the path. A mismatch is the gateway's 403.
func checkProjectHeader(h http.Header, pathProject string) (response, bool) {
	values := h.Values("X-Project-Id")
	if len(values) == 0 || len(values) == 1 && values[0] == pathProject {
		return response{}, false
	}
	return gatewayError(http.StatusForbidden, codeForbidden, msgProjectMismatch), true
}
