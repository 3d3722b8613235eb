package emulator

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Latitude picks, for each point the DLI documentation leaves open, one of the answers a
// conformant implementation may give. Every choice is legal: a conformance suite must
// pass against the emulator whatever Latitude says. The zero value is the emulator's
// own default behaviour.
type Latitude struct {
	// NonJSONStatus answers a body sent with a non-JSON Content-Type: 415 (0, the
	// default) or 400 with a DLI error body.
	NonJSONStatus int
	// UnroutedMethodStatus answers a method the path does not define (e.g. GET on
	// associate-queue): 405 with Allow (0, the default) or 404.
	UnroutedMethodStatus int
	// BindAgainStatus answers a bind naming an already-bound queue or pool: 200, the
	// binding kept once (0, the default), or 400 with a DLI error body, nothing bound.
	BindAgainStatus int
	// EitherWay answers a bind that names nothing ({}, empty or null arrays, no body):
	// "reject" (400, "" is the default), "accept" (200 is_success true, nothing bound)
	// or "decline" (200 is_success false and a message, nothing bound).
	EitherWay string
	// ExtraFields answers unknown body fields beside a valid queue: "accept" (ignore
	// them and bind, "" is the default) or "reject" (400, nothing bound).
	ExtraFields string
	// ErrorCodeChoice picks, for each refusal with documented alternative error codes,
	// the Nth alternative (modulo their count); 0 gives the emulator's default codes.
	ErrorCodeChoice int
	// OtherProjectStatus answers a connection of another project addressed under the
	// caller's project id: 400 (0, the default), 401, 403 or 404.
	OtherProjectStatus int
	// VisibilityDelay hides a new binding from show and list until it has passed, as
	// when the peering is created asynchronously; independent of ActivationDelay.
	VisibilityDelay time.Duration
	// FailBindings makes every new binding end FAILED with an err_msg.
	FailBindings bool
	// ForeignBindings gives every active seeded connection, at start and after each
	// reset, bindings of its own to foreign_queue and foreign_pool, resources the
	// project has but a suite does not name.
	ForeignBindings bool
	// ThrottleEvery answers every Nth API request that reaches DLI with 429 and
	// Retry-After: ThrottleRetryAfter ("" → "1"), changing nothing; 0 never throttles.
	ThrottleEvery      int
	ThrottleRetryAfter string
	// ContentTypeCharset writes Content-Type: application/json;charset=UTF-8, which is
	// also the default; it matters only to override PlainContentType.
	ContentTypeCharset bool
	// PlainContentType writes Content-Type: application/json without parameters.
	PlainContentType bool
	// Chunked sends answers with chunked transfer encoding (no Content-Length).
	Chunked bool
	// Gzip compresses answers when the request accepts gzip.
	Gzip bool
	// ConnectionClose sends Connection: close with every answer.
	ConnectionClose bool
	// ExtraResponseFields adds an unknown field to every JSON object of every answer.
	ExtraResponseFields bool
	// NonCanonicalPath answers an API path that is not canonical (//, a trailing slash,
	// /./ or /../): "404" ("" is the default, the gateway's APIG.0101), or "301", "307"
	// or "308", a redirect to the cleaned path as Go's http.ServeMux gives.
	NonCanonicalPath string
	// ConnectionIDCase says how a connection id in the path is matched: "exact" (""
	// is the default: an id in another case is no connection, answered as not found)
	// or "any" (a UUID names the same connection in upper or lower case).
	ConnectionIDCase string
	// EmptySuccessMessage answers a successful bind with message "" (BindResponse's
	// message "may be blank on success", dli_02_0191 table 3).
	EmptySuccessMessage bool
	// ListingOrder lists a connection's bindings "bound" (in bind order, "" is the
	// default) or "reversed": the show and list pages state no order.
	ListingOrder string
	// SpacedMediaType writes Content-Type: application/json; charset=utf-8, with a
	// space and the charset in lower case (media type parameters, RFC 9110 §8.3.1).
	SpacedMediaType bool
}

// ExtraResponseField is the field that ExtraResponseFields adds to every object.
const ExtraResponseField = "x_emulator_extra"

// LatitudeChoice is one option of Latitude as a command-line flag names it, with the
// values a test may try and how to apply one.
type LatitudeChoice struct {
	Name string // the emulator command's flag, without dashes
	// Values are the legal values worth trying (every value Apply accepts is legal;
	// for durations and counts these are examples). The first is the default.
	Values []string
	Usage  string
	Apply  func(*Latitude, string) error
}

// IsBool tells whether the choice is a switch (values false and true).
func (c LatitudeChoice) IsBool() bool {
	return len(c.Values) == 2 && c.Values[0] == "false" && c.Values[1] == "true"
}

// LatitudeChoices lists every option of Latitude. A pairwise test can walk it to try
// every option with every value without naming them.
var LatitudeChoices = []LatitudeChoice{
	{"non-json-status", []string{"415", "400"}, "status for a body that is not application/json",
		intIn(func(l *Latitude) *int { return &l.NonJSONStatus }, 415, 400)},
	{"unrouted-method-status", []string{"405", "404"}, "status for a method the path does not define",
		intIn(func(l *Latitude) *int { return &l.UnroutedMethodStatus }, 405, 404)},
	{"bind-again-status", []string{"200", "400"}, "status for binding an already-bound queue",
		intIn(func(l *Latitude) *int { return &l.BindAgainStatus }, 200, 400)},
	{"either-way", []string{"reject", "accept", "decline"}, "answer to a bind naming nothing ({}, [] or null)",
		wordIn(func(l *Latitude) *string { return &l.EitherWay }, "reject", "accept", "decline")},
	{"extra-fields", []string{"accept", "reject"}, "answer to unknown body fields beside a valid queue",
		wordIn(func(l *Latitude) *string { return &l.ExtraFields }, "accept", "reject")},
	{"error-code-choice", []string{"0", "1", "2", "3"}, "which documented alternative error code to answer (index, modulo the count)",
		count(func(l *Latitude) *int { return &l.ErrorCodeChoice })},
	{"other-project-status", []string{"400", "401", "403", "404"}, "status for a connection of another project",
		intIn(func(l *Latitude) *int { return &l.OtherProjectStatus }, 400, 401, 403, 404)},
	{"visibility-delay", []string{"0s", "200ms"}, "how long a new binding stays unlisted (Go duration)",
		func(l *Latitude, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				return fmt.Errorf("%q is not a non-negative Go duration", v)
			}
			l.VisibilityDelay = d
			return nil
		}},
	{"fail-bindings", boolValues, "every new binding ends FAILED", boolIn(func(l *Latitude) *bool { return &l.FailBindings })},
	{"foreign-bindings", boolValues, "seeded active connections hold bindings to foreign_queue and foreign_pool",
		boolIn(func(l *Latitude) *bool { return &l.ForeignBindings })},
	{"throttle-every", []string{"0", "5"}, "answer every Nth API request 429 (0: never)",
		count(func(l *Latitude) *int { return &l.ThrottleEvery })},
	{"throttle-retry-after", []string{"1", "0"}, "Retry-After seconds of a throttled answer",
		func(l *Latitude, v string) error {
			if n, err := strconv.Atoi(v); err != nil || n < 0 || strconv.Itoa(n) != v {
				return fmt.Errorf("%q is not a whole number of seconds", v)
			}
			l.ThrottleRetryAfter = v
			return nil
		}},
	{"content-type", []string{"charset", "plain", "spaced"}, "Content-Type of answers: application/json;charset=UTF-8, application/json or application/json; charset=utf-8",
		func(l *Latitude, v string) error {
			switch v {
			case "charset":
				l.ContentTypeCharset, l.PlainContentType, l.SpacedMediaType = true, false, false
			case "plain":
				l.ContentTypeCharset, l.PlainContentType, l.SpacedMediaType = false, true, false
			case "spaced":
				l.ContentTypeCharset, l.PlainContentType, l.SpacedMediaType = false, false, true
			default:
				return fmt.Errorf("%q, want charset, plain or spaced", v)
			}
			return nil
		}},
	{"chunked", boolValues, "send answers with chunked transfer encoding", boolIn(func(l *Latitude) *bool { return &l.Chunked })},
	{"gzip", boolValues, "gzip answers when the request accepts it", boolIn(func(l *Latitude) *bool { return &l.Gzip })},
	{"connection-close", boolValues, "send Connection: close", boolIn(func(l *Latitude) *bool { return &l.ConnectionClose })},
	{"extra-response-fields", boolValues, "add an unknown field to every JSON object answered",
		boolIn(func(l *Latitude) *bool { return &l.ExtraResponseFields })},
	{"non-canonical-path", []string{"404", "301", "307", "308"}, "answer to a path with //, /./ or a trailing slash: 404 or a redirect",
		wordIn(func(l *Latitude) *string { return &l.NonCanonicalPath }, "404", "301", "307", "308")},
	{"connection-id-case", []string{"exact", "any"}, "match the connection id of a path exactly, or in any case",
		wordIn(func(l *Latitude) *string { return &l.ConnectionIDCase }, "exact", "any")},
	{"empty-success-message", boolValues, "answer a successful bind with an empty message",
		boolIn(func(l *Latitude) *bool { return &l.EmptySuccessMessage })},
	{"listing-order", []string{"bound", "reversed"}, "order of a connection's bindings in show and list",
		wordIn(func(l *Latitude) *string { return &l.ListingOrder }, "bound", "reversed")},
}

// LatitudeNames lists the names of LatitudeChoices, in order.
func LatitudeNames() []string {
	out := make([]string, len(LatitudeChoices))
	for i, c := range LatitudeChoices {
		out[i] = c.Name
	}
	return out
}

// ApplyLatitude sets the option name to value.
func ApplyLatitude(l *Latitude, name, value string) error {
	for _, c := range LatitudeChoices {
		if c.Name == name {
			return c.Apply(l, value)
		}
	}
	return fmt.Errorf("unknown latitude %q (want one of %s)", name, strings.Join(LatitudeNames(), ", "))
}

var boolValues = []string{"false", "true"}

func intIn(field func(*Latitude) *int, legal ...int) func(*Latitude, string) error {
	return func(l *Latitude, v string) error {
		n, err := strconv.Atoi(v)
		for _, ok := range legal {
			if err == nil && n == ok {
				*field(l) = n
				return nil
			}
		}
		return fmt.Errorf("%q, want one of %s", v, joinInts(legal))
	}
}

func wordIn(field func(*Latitude) *string, legal ...string) func(*Latitude, string) error {
	return func(l *Latitude, v string) error {
		for _, ok := range legal {
			if v == ok {
				*field(l) = v
				return nil
			}
		}
		return fmt.Errorf("%q, want one of %s", v, strings.Join(legal, ", "))
	}
}

func count(field func(*Latitude) *int) func(*Latitude, string) error {
	return func(l *Latitude, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return fmt.Errorf("%q is not a whole number", v)
		}
		*field(l) = n
		return nil
	}
}

func boolIn(field func(*Latitude) *bool) func(*Latitude, string) error {
	return func(l *Latitude, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%q, want true or false", v)
		}
		*field(l) = b
		return nil
	}
}

// validate checks the fields a caller set directly, naming the field at fault.
func (l Latitude) validate() error {
	in := func(n int, legal ...int) bool {
		for _, ok := range legal {
			if n == ok {
				return true
			}
		}
		return false
	}
	word := func(s string, legal ...string) bool {
		for _, ok := range legal {
			if s == ok {
				return true
			}
		}
		return false
	}
	switch {
	case !in(l.NonJSONStatus, 0, 400, 415):
		return fmt.Errorf("NonJSONStatus %d, want 400 or 415", l.NonJSONStatus)
	case !in(l.UnroutedMethodStatus, 0, 404, 405):
		return fmt.Errorf("UnroutedMethodStatus %d, want 404 or 405", l.UnroutedMethodStatus)
	case !in(l.BindAgainStatus, 0, 200, 400):
		return fmt.Errorf("BindAgainStatus %d, want 200 or 400", l.BindAgainStatus)
	case !word(l.EitherWay, "", "reject", "accept", "decline"):
		return fmt.Errorf("EitherWay %q, want reject, accept or decline", l.EitherWay)
	case !word(l.ExtraFields, "", "accept", "reject"):
		return fmt.Errorf("ExtraFields %q, want accept or reject", l.ExtraFields)
	case l.ErrorCodeChoice < 0:
		return fmt.Errorf("ErrorCodeChoice %d is negative", l.ErrorCodeChoice)
	case !in(l.OtherProjectStatus, 0, 400, 401, 403, 404):
		return fmt.Errorf("OtherProjectStatus %d, want 400, 401, 403 or 404", l.OtherProjectStatus)
	case l.VisibilityDelay < 0:
		return fmt.Errorf("VisibilityDelay %s is negative", l.VisibilityDelay)
	case l.ThrottleEvery < 0:
		return fmt.Errorf("ThrottleEvery %d is negative", l.ThrottleEvery)
	case !word(l.NonCanonicalPath, "", "404", "301", "307", "308"):
		return fmt.Errorf("NonCanonicalPath %q, want 404, 301, 307 or 308", l.NonCanonicalPath)
	case l.ContentTypeCharset && l.PlainContentType, l.SpacedMediaType && (l.ContentTypeCharset || l.PlainContentType):
		return fmt.Errorf("more than one of ContentTypeCharset, PlainContentType and SpacedMediaType is set")
	case !word(l.ConnectionIDCase, "", "exact", "any"):
		return fmt.Errorf("ConnectionIDCase %q, want exact or any", l.ConnectionIDCase)
	case !word(l.ListingOrder, "", "bound", "reversed"):
		return fmt.Errorf("ListingOrder %q, want bound or reversed", l.ListingOrder)
	}
	if l.ThrottleRetryAfter != "" {
		if n, err := strconv.Atoi(l.ThrottleRetryAfter); err != nil || n < 0 || strconv.Itoa(n) != l.ThrottleRetryAfter {
			return fmt.Errorf("ThrottleRetryAfter %q is not a whole number of seconds", l.ThrottleRetryAfter)
		}
	}
	return nil
}

// retryAfter is the Retry-After of a throttled answer.
func (l Latitude) retryAfter() string {
	if l.ThrottleRetryAfter == "" {
		return "1"
	}
	return l.ThrottleRetryAfter
}

// Documented alternative error codes, default first (dli_02_0056 and the connection
// pages, see internal/requirement). The auth list holds only codes documented with 401:
// DLI.0015 (token parsing) is documented as 400, so it cannot answer a 401.
var (
	codesNoConnection      = []string{codeParam, codeNoObject}
	codesDeletedConnection = []string{codeParam, codeNoObject, "DLI.0012"}
	codesNoResource        = []string{codeNoObject, codeParam, "DLI.0008"}
	codesAuth              = []string{codeIAMToken, "APIGW.0301", "DLI.0013", "DLI.0014"}
)

func (l Latitude) pick(codes []string) string { return codes[l.ErrorCodeChoice%len(codes)] }
