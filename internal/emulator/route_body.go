package emulator

import (
	"fmt"
	"net/http"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// bodyLimit says what a body over MaxBodyBytes means for the routed operation, as
// the contract declares it: refused with 413 (tooLarge) where the operation declares
// 413; refused with 400 (err) where the operation takes a body but does not declare
// 413; otherwise ignored, since the operation takes no body and the rest of it was
// never read. An ignored body still counts for an AK/SK signature, which covers it:
// the part read cannot match, so such a request fails verification.
func (e *Emulator) bodyLimit(route *contract.Route, over bool) (tooLarge, ignored bool, err error) {
	switch {
	case !over:
		return false, false, nil
	case route.Operation() != "" && route.Declares(http.StatusRequestEntityTooLarge):
		return true, false, nil
	case route.TakesBody():
		return false, false, fmt.Errorf("it is larger than %d bytes", e.maxBody)
	}
	return false, true, nil
}
