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
)

// Gateway messages, worded as the APIG error-code table words them.
const (
	msgNoAPI      = "The API does not exist or has not been published in the environment."
	msgNoMethod   = "The API does not exist."
	msgTooLarge   = "Request entity too large."
	msgNoToken    = "Incorrect IAM authentication information: x-auth-token not found"
	msgWrongToken = "Incorrect IAM authentication information: decrypt token fail"
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

// stampRequestID puts the request id into a gateway error body.
func (r response) stampRequestID(id string) response {
	if b, isErr := r.body.(errorBody); isErr && strings.HasPrefix(b.ErrorCode, "APIG") {
		b.RequestID = id
		r.body = b
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
