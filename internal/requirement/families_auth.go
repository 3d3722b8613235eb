package requirement

import (
	"context"
	"net/http"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/engine"
	"github.com/dli-conformance/dli-conformance/internal/signer"
)

// AuthNearMiss sends credentials one step from the configured ones, which a
// check that compares a prefix, trims, or skips a field lets through: a token
// with its last character changed, half of it, it with a suffix; an AK/SK
// signature one digit off, a date past the gateway's 15 minutes of skew either
// way (reference/dli-api.md §3.2), and a signed header left out of the request.
var AuthNearMiss = Requirement{ID: "AUTH-NEAR-MISS", Group: Negative, Needs: []Need{NeedConnection, NeedQueues, NeedCredentials}, Codes: codesAuth,
	Title: "rejects credentials one step from the configured ones (a token changed, cut or extended; a signature, date or signed header off) with 401, binding nothing",
	Check: func(ctx context.Context, s *engine.Spec) {
		before := s.Guard(ctx)
		var last *client.Exchange
		for _, m := range nearMisses(s) {
			req := s.BindRequest(s.JSON(dli.BindBody{Queues: s.Run.Cfg.Queues[:1]}))
			x := s.SendWith(ctx, client.Send{Auth: m.auth}, req)
			mustAll(s, m.name, check.AuthRejected(x, AuthStatusCodes), check.ErrorCode(x, s.ExpectedCodes()))
			unchangedNow(ctx, s, before, variant{name: m.name}, x)
			last = x
		}
		s.UnchangedAfterQuiet(ctx, before, last)
	}}

type nearMiss struct {
	name string
	auth client.Auth
}

func nearMisses(s *engine.Spec) []nearMiss {
	cfg := s.Run.Cfg
	if cfg.AuthToken != "" {
		t := cfg.AuthToken
		return []nearMiss{
			{"the token with its last character changed", client.TokenAuth{Token: t[:len(t)-1] + string(otherChar(t[len(t)-1]))}},
			{"the first half of the token", client.TokenAuth{Token: t[:max(len(t)/2, 1)]}},
			{"the token with a suffix", client.TokenAuth{Token: t + "x"}},
		}
	}
	signed := client.SignerAuth{Credentials: signer.Credentials{AK: cfg.AK, SK: cfg.SK, SecurityToken: cfg.SecurityToken}, ProjectID: cfg.ProjectID}
	return []nearMiss{
		{"a signature one digit off", tampered{signed: signed, oneOff: true}},
		{"a date 20 minutes ago", tampered{signed: signed, date: time.Now().Add(-20 * time.Minute).UTC().Format(signer.DateLayout)}},
		{"a date 20 minutes ahead", tampered{signed: signed, date: time.Now().Add(20 * time.Minute).UTC().Format(signer.DateLayout)}},
		{"a signed header left out of the request", tampered{signed: signed, leaveOut: true}},
	}
}

// leftOutHeader is signed, then removed from the request.
const leftOutHeader = "X-Conformance-Signed"

// otherChar is a character other than c of the same kind (so a token or hex
// signature keeps its form).
func otherChar(c byte) byte {
	switch {
	case c == '0':
		return '1'
	case c >= '1' && c <= '9', c >= 'b' && c <= 'z', c >= 'B' && c <= 'Z':
		return c - 1
	}
	return c + 1
}

// tampered signs as the configured credentials do, then spoils the signed
// request: with date as X-Sdk-Date when set, the signature's last digit
// changed (oneOff), or a header signed and then removed (leaveOut).
type tampered struct {
	signed           client.SignerAuth
	date             string
	oneOff, leaveOut bool
}

// Apply signs req and spoils it.
func (t tampered) Apply(req *http.Request, body []byte) error {
	if t.date != "" {
		req.Header.Set(signer.DateHeader, t.date)
	}
	if t.leaveOut {
		req.Header.Set(leftOutHeader, "1")
	}
	if err := t.signed.Apply(req, body); err != nil {
		return err
	}
	if t.leaveOut {
		req.Header.Del(leftOutHeader)
	}
	if a := req.Header.Get(signer.AuthorizationHeader); t.oneOff && a != "" {
		req.Header.Set(signer.AuthorizationHeader, a[:len(a)-1]+string(otherChar(a[len(a)-1])))
	}
	return nil
}

// Wrong is the scheme's wrong credentials.
func (t tampered) Wrong() client.Auth { return t.signed.Wrong() }
