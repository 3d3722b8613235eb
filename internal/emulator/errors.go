package emulator

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Error codes. DLI answers its own refusals with 400 and a DLI.nnnn code (dli_02_0056),
// reporting even a missing connection as a parameter error; the API gateway in front
// of it answers with APIG.nnnn codes and adds a request_id.
const (
	codeParam    = "DLI.0001" // parameter check errors
	codeNoObject = "DLI.0002" // the object does not exist
	codeServer   = "DLI.0999" // server-side errors

	codeNoAPI    = "APIG.0101" // no such API (path or method)
	codeRequest  = "APIG.0201" // request refused by the gateway, e.g. too large
	codeIAMToken = "APIG.0301" // incorrect IAM authentication information
	// codeForbidden answers an X-Project-Id that is not the path's project. The APIG
	// table documents APIG.0302 as a 403 of IAM authorisation; no page shows the code
	// the gateway gives this very case, so the emulator picks that one.
	codeForbidden = "APIG.0302"
	codeThrottled = "APIG.0308" // the request is throttled
)

// Gateway messages, worded as the APIG error-code table words them.
const (
	msgNoAPI      = "The API does not exist or has not been published in the environment."
	msgNoMethod   = "The API does not exist."
	msgTooLarge   = "Request entity too large."
	msgNoToken    = "Incorrect IAM authentication information: x-auth-token not found"
	msgWrongToken = "Incorrect IAM authentication information: decrypt token fail"

	msgSignatureFail   = "Incorrect IAM authentication information: verify aksk signature fail"
	msgUnknownAK       = "Incorrect IAM authentication information: unknown ak"
	msgDateExpired     = "Incorrect IAM authentication information: x-sdk-date expired"
	msgNoDate          = "Incorrect IAM authentication information: verify aksk signature fail, x-sdk-date is missing or malformed"
	msgProjectMismatch = "The IAM user is forbidden to access the project: X-Project-Id is not the project id of the request path"
	msgThrottled       = "The request is throttled."
)

// errorBody is DLI's error body (dli_02_0056); request_id is the gateway's addition.
type errorBody struct {
	ErrorCode string `json:"error_code"`
	ErrorMsg  string `json:"error_msg"`
	RequestID string `json:"request_id,omitempty"`
}

// response is what a handler answers; the server encodes, checks and writes it.
type response struct {
	status int
	header http.Header // added to the standard headers; may be nil
	body   any
}

func ok(status int, body any) response { return response{status: status, body: body} }

// dliError is a refusal by DLI itself.
func dliError(status int, code, format string, args ...any) response {
	return response{status: status, body: errorBody{ErrorCode: code, ErrorMsg: fmt.Sprintf(format, args...)}}
}

// gatewayError is a refusal by the API gateway: the request never reached DLI. The
// server stamps its request_id into the body, as the gateway does.
func gatewayError(status int, code, msg string) response {
	return response{status: status, body: errorBody{ErrorCode: code, ErrorMsg: msg}}
}

// stampRequestID puts the request id into a gateway error body, including one that a
// scenario took from the contract's examples (a fresh copy, see scenario.go).
func (r response) stampRequestID(id string) response {
	switch b := r.body.(type) {
	case errorBody:
		if strings.HasPrefix(b.ErrorCode, "APIG") {
			b.RequestID = id
			r.body = b
		}
	case map[string]any:
		code, _ := b["error_code"].(string)
		if _, has := b["request_id"]; has || strings.HasPrefix(code, "APIG") {
			b["request_id"] = id
		}
	}
	return r
}

// fromStore turns a store refusal into DLI's answer. withPools says whether the
// profile documents elastic resource pools, so that the message names only what the
// caller could have sent.
func fromStore(err error, withPools bool) response {
	var oe *objectError
	errors.As(err, &oe)
	switch {
	case errors.Is(err, errConnectionNotFound):
		return dliError(http.StatusBadRequest, codeParam, "Connection %s does not exist.", oe.name)
	case errors.Is(err, errConnectionDeleted):
		return dliError(http.StatusBadRequest, codeParam, "Connection %s has been deleted.", oe.name)
	case errors.Is(err, errQueueNotFound):
		return dliError(http.StatusBadRequest, codeNoObject, "There is no queue named %s", oe.name)
	case errors.Is(err, errPoolNotFound):
		return dliError(http.StatusBadRequest, codeNoObject, "There is no elastic resource pool named %s", oe.name)
	case errors.Is(err, errNothingToBind) && withPools:
		return dliError(http.StatusBadRequest, codeParam, "At least one queue or elastic resource pool must be specified.")
	case errors.Is(err, errNothingToBind):
		return dliError(http.StatusBadRequest, codeParam, "At least one queue must be specified.")
	default:
		return dliError(http.StatusInternalServerError, codeServer, "Server-side errors occur: %v", err)
	}
}
