package contract

import "net/http"

// Request is the project's one request type: what the suite sends, what the
// generator makes, what the emulator and the proxy receive, as the contract checks
// it. Target is the API path with its query, escaped as it goes on the wire
// (without the target's base path). Which credentials go with it is the sender's
// choice, not part of the request (client.Client.DoAs).
type Request struct {
	Method string
	Target string
	Header http.Header
	Body   []byte
}

// JSONRequest returns a request with a JSON body.
func JSONRequest(method, target string, body []byte) Request {
	return Request{Method: method, Target: target, Body: body, Header: http.Header{"Content-Type": {"application/json"}}}
}

// Clone returns a copy of r whose header can be changed without changing r's.
// The body is shared: requests never change their bytes.
func (r Request) Clone() Request {
	r.Header = r.Header.Clone()
	return r
}

// PlaceholderToken is the token WithPlaceholderToken adds.
const PlaceholderToken = "placeholder"

// WithPlaceholderToken returns r as the contract sees it once the client has added
// the configured credentials: the contract requires their presence (and no more),
// so a placeholder token stands for whichever the run has.
func (r Request) WithPlaceholderToken() Request {
	r = r.Clone()
	if r.Header == nil {
		r.Header = http.Header{}
	}
	r.Header.Set("X-Auth-Token", PlaceholderToken)
	return r
}
