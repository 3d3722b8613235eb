package emulator

import (
	"fmt"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// generateBody makes a body for a declared response that has no example: the
// contract's sample of the schema, every property filled so that a client decodes
// every field. An error body gets the code and message the emulator gives that
// status, so that it reads like a real refusal. The result is checked against the
// schema.
func generateBody(ref *openapi3.SchemaRef, status int) (any, error) {
	if ref == nil || ref.Value == nil {
		return map[string]any{}, nil
	}
	s := ref.Value
	v, err := contract.Sample(s)
	if err != nil {
		return nil, err
	}
	if m, isObject := v.(map[string]any); isObject {
		_, hasCode := m["error_code"]
		_, hasMsg := m["error_msg"]
		if e, known := statusErrors[status]; known && hasCode && hasMsg {
			code, msg := m["error_code"], m["error_msg"]
			m["error_code"], m["error_msg"] = e.ErrorCode, e.ErrorMsg
			if s.VisitJSON(m) != nil {
				m["error_code"], m["error_msg"] = code, msg
			}
		}
	}
	if err := s.VisitJSON(v, openapi3.MultiErrors()); err != nil {
		return nil, fmt.Errorf("the generated body does not match the schema: %w", err)
	}
	return v, nil
}

// statusErrors are the refusals the emulator gives for each error status, used to
// fill a generated error body.
var statusErrors = map[int]errorBody{
	http.StatusBadRequest:            {ErrorCode: codeParam, ErrorMsg: "Parameter check errors occur."},
	http.StatusUnauthorized:          {ErrorCode: codeIAMToken, ErrorMsg: msgWrongToken},
	http.StatusForbidden:             {ErrorCode: codeForbidden, ErrorMsg: msgProjectMismatch},
	http.StatusNotFound:              {ErrorCode: codeNoAPI, ErrorMsg: msgNoAPI},
	http.StatusMethodNotAllowed:      {ErrorCode: codeNoAPI, ErrorMsg: msgNoMethod},
	http.StatusRequestEntityTooLarge: {ErrorCode: codeRequest, ErrorMsg: msgTooLarge},
	http.StatusUnsupportedMediaType:  {ErrorCode: codeParam, ErrorMsg: "The request body must be application/json."},
	http.StatusTooManyRequests:       {ErrorCode: codeThrottled, ErrorMsg: msgThrottled},
	http.StatusInternalServerError:   {ErrorCode: codeServer, ErrorMsg: "Server-side errors occur."},
}
