package contract

import "regexp"

// The documented forms of ids and codes, the same the document states as patterns
// (ConnectionId, Error.error_code), for code that checks values outside a request.
var (
	uuidRE      = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	errorCodeRE = regexp.MustCompile(`^(DLI\.[0-9]{4,5}|APIGW?\.[0-9]{4})$`)
)

// IsUUID reports whether s is a dashed UUID, the documented form of a connection id.
func IsUUID(s string) bool { return uuidRE.MatchString(s) }

// IsErrorCode reports whether code has the documented form: DLI.nnnn (or
// DLI.nnnnn) from DLI, APIG.nnnn or APIGW.nnnn from the gateway.
func IsErrorCode(code string) bool { return errorCodeRE.MatchString(code) }
