package contract

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// Violations lists every way an exchange departs from the contract, one short line
// each, for reports.
type Violations struct {
	Items []string
}

func (v *Violations) Error() string {
	if len(v.Items) == 1 {
		return "contract violated: " + v.Items[0]
	}
	return fmt.Sprintf("contract violated in %d ways: %s", len(v.Items), strings.Join(v.Items, "; "))
}

// violations flattens kin-openapi's nested errors into one line per violation.
func violations(where string, err error) error {
	v := &Violations{}
	collect(where, err, &v.Items)
	if len(v.Items) == 0 {
		v.Items = []string{where + ": " + err.Error()}
	}
	return v
}

func collect(where string, err error, out *[]string) {
	switch e := err.(type) {
	case openapi3.MultiError:
		for _, inner := range e {
			collect(where, inner, out)
		}
	case *openapi3filter.RequestError:
		switch {
		case e.Parameter != nil:
			where = fmt.Sprintf("request %s parameter %q", e.Parameter.In, e.Parameter.Name)
		case e.RequestBody != nil:
			where = "request body"
		}
		if e.Err != nil {
			collect(where, e.Err, out)
			return
		}
		*out = append(*out, where+": "+e.Reason)
	case *openapi3filter.ResponseError:
		if e.Err != nil {
			if strings.Contains(e.Reason, "body") {
				where += " body"
			}
			collect(where, e.Err, out)
			return
		}
		*out = append(*out, where+": "+e.Reason)
	case *openapi3filter.SecurityRequirementsError:
		var parts []string
		for _, inner := range e.Errors {
			parts = append(parts, inner.Error())
		}
		*out = append(*out, "request credentials: "+strings.Join(parts, "; "))
	case *openapi3.SchemaError:
		if e.Origin != nil {
			// allOf, anyOf and oneOf keep the errors that name the field here.
			before := len(*out)
			collect(where, e.Origin, out)
			if len(*out) > before {
				return
			}
		}
		ptr := "/" + strings.Join(e.JSONPointer(), "/")
		*out = append(*out, fmt.Sprintf("%s at %s: %s", where, ptr, e.Reason))
	default:
		if inner := errors.Unwrap(err); inner != nil {
			collect(where, inner, out)
			return
		}
		*out = append(*out, where+": "+err.Error())
	}
}

func decodeJSON(body []byte) (any, error) {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	return v, nil
}
