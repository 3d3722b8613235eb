package emulator

import "net/http"

// adminPrefix reserves a path prefix for the harness. The API has no path there, so
// these endpoints cannot shadow an operation; they need no token because only the
// harness that started the emulator talks to them.
const adminPrefix = "/_emulator/"

// admin answers the harness-only endpoints:
//
//	GET  /_emulator/healthz  readiness probe
//	POST /_emulator/reset    back to the seed, as Reset does
//	GET  /_emulator/state    the whole store as JSON, peer states computed at the time of the request
func (e *Emulator) admin(r *http.Request) response {
	endpoints := map[string]struct {
		method string
		serve  func() response
	}{
		adminPrefix + "healthz": {http.MethodGet, func() response {
			return ok(http.StatusOK, map[string]string{"status": "ok"})
		}},
		adminPrefix + "reset": {http.MethodPost, func() response {
			e.Reset()
			return ok(http.StatusOK, result{IsSuccess: true, Message: "reset to the seed"})
		}},
		adminPrefix + "state": {http.MethodGet, func() response {
			st := e.store.dump()
			st.Profile = string(e.contract.Profile())
			return ok(http.StatusOK, st)
		}},
	}
	ep, found := endpoints[r.URL.Path]
	switch {
	case !found:
		return gatewayError(http.StatusNotFound, codeNoAPI, msgNoAPI)
	case r.Method != ep.method:
		resp := gatewayError(http.StatusMethodNotAllowed, codeNoAPI, msgNoMethod)
		resp.header = http.Header{"Allow": {ep.method}}
		return resp
	}
	return ep.serve()
}
