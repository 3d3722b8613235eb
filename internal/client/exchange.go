package client

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/redact"
)

// Exchange is one request and what came back, recorded byte for byte.
type Exchange struct {
	Endpoint   string
	Method     string
	Target     string
	ReqHeader  http.Header
	ReqBody    []byte
	Status     int
	RespHeader http.Header
	// RespHeaderDropped counts the response header bytes not kept in
	// RespHeader: past DLI_MAX_EVIDENCE_HEADER_BYTES an exchange keeps only the
	// headers checks read and what it can show.
	RespHeaderDropped int
	RespBody          []byte
	Duration          time.Duration
	// Err is set when no complete response came: transport failure, timeout,
	// oversized body, throttle budget spent.
	Err error
	// Failure classifies Err; FailureNone when Err is nil.
	Failure FailureKind
	// Retries counts the throttled attempts before this one.
	Retries int

	redactor *redact.Redactor
	evidence evidenceLimits
}

// evidenceLimits bound what String shows of one message.
type evidenceLimits struct{ header, body int }

func (l evidenceLimits) orDefaults() evidenceLimits {
	if l.header <= 0 {
		l.header = DefaultMaxEvidenceHeaderBytes
	}
	if l.body <= 0 {
		l.body = DefaultMaxEvidenceBodyBytes
	}
	return l
}

// ContractRequest returns the request as the contract checks it.
func (x *Exchange) ContractRequest() contract.Request {
	return contract.Request{Method: x.Method, Target: x.Target, Header: x.ReqHeader, Body: x.ReqBody}
}

// ContractResponse returns the response as the contract checks it.
func (x *Exchange) ContractResponse() contract.Response {
	return contract.Response{Status: x.Status, Header: x.RespHeader, Body: x.RespBody}
}

// Redacted is what replaces a secret in evidence.
const Redacted = redact.Mask

// String renders the exchange for a person: request line, headers and body, then
// status, headers and body, with every credential replaced.
func (x *Exchange) String() string {
	lim := x.evidence.orDefaults()
	var b strings.Builder
	fmt.Fprintf(&b, "> %s %s%s\n", x.Method, x.Endpoint, x.Target)
	// Each part is masked before it is cut to its limit, so that a cut
	// cannot leave half a secret; the whole is masked again at the end.
	writeHeaders(&b, "> ", x.redactor, x.ReqHeader, lim.header, 0)
	writeBody(&b, "> ", x.redactor.Bytes(x.ReqBody), lim.body)
	if x.Err != nil {
		fmt.Fprintf(&b, "! %v\n", x.Err)
	}
	if x.Status != 0 {
		retries := ""
		if x.Retries > 0 {
			retries = fmt.Sprintf(", after %d throttled attempts", x.Retries)
		}
		fmt.Fprintf(&b, "< %d %s (%v%s)\n", x.Status, http.StatusText(x.Status), x.Duration.Round(time.Millisecond), retries)
		writeHeaders(&b, "< ", x.redactor, x.RespHeader, lim.header, x.RespHeaderDropped)
		writeBody(&b, "< ", x.redactor.Bytes(x.RespBody), lim.body)
	}
	return x.redactor.String(b.String())
}

// Curl returns a one-line curl command that repeats the request, with credentials
// taken from environment variables instead of their values.
func (x *Exchange) Curl() string {
	var b strings.Builder
	fmt.Fprintf(&b, "curl -sS -i -X %s %s", x.Method, shellQuote(x.Endpoint+x.Target))
	for _, k := range sortedKeys(x.ReqHeader) {
		for _, v := range x.ReqHeader[k] {
			switch k {
			case "X-Auth-Token":
				if v == WrongToken {
					fmt.Fprintf(&b, " -H %s", shellQuote(k+": "+v))
				} else {
					b.WriteString(` -H "X-Auth-Token: $DLI_AUTH_TOKEN"`)
				}
			case "Authorization", "X-Security-Token", "X-Sdk-Date":
				// Signatures are per request: re-signing is the user's tool's job.
			default:
				fmt.Fprintf(&b, " -H %s", shellQuote(k+": "+v))
			}
		}
	}
	if len(x.ReqBody) > 0 {
		fmt.Fprintf(&b, " --data-binary %s", shellQuote(string(x.ReqBody)))
	}
	return x.redactor.String(b.String())
}

// writeHeaders writes the headers in name order, each credential masked (the
// well-known wrong token excepted: it is no secret and shows what was sent),
// until limit bytes are shown; the rest, with the dropped bytes the exchange
// did not keep, is counted in one line.
func writeHeaders(b *strings.Builder, prefix string, red *redact.Redactor, h http.Header, limit, dropped int) {
	shown, hidden := 0, dropped
	for _, k := range sortedKeys(h) {
		for _, v := range h[k] {
			if !(k == "X-Auth-Token" && v == WrongToken) {
				v = red.String(redact.Value(k, v))
			}
			k := red.String(k)
			n := headerBytes(k, v)
			if shown+n > limit {
				hidden += n
				continue
			}
			shown += n
			fmt.Fprintf(b, "%s%s: %s\n", prefix, k, v)
		}
	}
	if hidden > 0 {
		fmt.Fprintf(b, "%s… %d more header bytes not shown\n", prefix, hidden)
	}
}

func writeBody(b *strings.Builder, prefix string, body []byte, limit int) {
	if len(body) == 0 {
		return
	}
	shown := body
	if len(shown) > limit {
		shown = shown[:limit]
	}
	text := string(shown)
	if !utf8.ValidString(text) {
		text = fmt.Sprintf("%q", shown)
	}
	b.WriteString(prefix + "\n")
	for _, line := range strings.Split(text, "\n") {
		b.WriteString(prefix + line + "\n")
	}
	if len(body) > limit {
		fmt.Fprintf(b, "%s… %d more bytes\n", prefix, len(body)-limit)
	}
}

func sortedKeys(h http.Header) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
