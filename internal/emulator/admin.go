package emulator

import (
	"errors"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// adminPrefix reserves a path prefix for the harness. The API has no path there, so
// these endpoints cannot shadow an operation; they need no credentials because only
// the harness that started the emulator talks to them.
const adminPrefix = "/_emulator/"

// maxSeedBytes bounds a posted seed; seeds are small, but larger than API bodies.
const maxSeedBytes = 16 << 20

// adminEndpoint is one harness endpoint: a path and a method.
type adminEndpoint struct{ path, method string }

// requestsView is the answer of GET /_emulator/requests.
type requestsView struct {
	Requests []RecordedRequest `json:"requests"`
	// Seen counts every API request since start, including those the ring dropped.
	Seen     uint64 `json:"seen"`
	Capacity int    `json:"capacity"`
}

// admin answers the harness-only endpoints:
//
//	GET    /_emulator/healthz   readiness probe
//	POST   /_emulator/reset     back to the seed, as Reset does
//	GET    /_emulator/state     the whole store as JSON, peer states computed at the time of the request
//	POST   /_emulator/seed      replace the seed with the posted one (validated) and reset to it
//	GET    /_emulator/requests  the recorded API requests, oldest first
//	DELETE /_emulator/requests  forget the recorded requests
//	GET    /_emulator/violations the emulator's own contract violations, the last MaxKeptViolations, with the total count
func (e *Emulator) admin(w http.ResponseWriter, r *http.Request) response {
	endpoints := map[adminEndpoint]func() response{
		{"healthz", http.MethodGet}: func() response {
			return ok(http.StatusOK, map[string]string{"status": "ok"})
		},
		{"reset", http.MethodPost}: func() response {
			e.Reset()
			return ok(http.StatusOK, result{IsSuccess: true, Message: "reset to the seed"})
		},
		{"state", http.MethodGet}: func() response {
			st := e.store.dump()
			st.Profile = string(e.contract.Profile())
			return ok(http.StatusOK, st)
		},
		{"seed", http.MethodPost}: func() response { return e.postSeed(w, r) },
		{"requests", http.MethodGet}: func() response {
			list, seen := e.log.list()
			return ok(http.StatusOK, requestsView{Requests: list, Seen: seen, Capacity: len(e.log.ring)})
		},
		{"violations", http.MethodGet}: func() response {
			list, count := e.violations.list()
			return ok(http.StatusOK, violationsView{Violations: list, Count: count, Capacity: MaxKeptViolations})
		},
		{"requests", http.MethodDelete}: func() response {
			n := e.log.clear()
			return ok(http.StatusOK, result{IsSuccess: true, Message: "forgot " + strconv.Itoa(n) + " recorded requests"})
		},
	}
	name := strings.TrimPrefix(r.URL.Path, adminPrefix)
	if serve := endpoints[adminEndpoint{name, r.Method}]; serve != nil {
		return serve()
	}
	var allowed []string
	for ep := range endpoints {
		if ep.path == name {
			allowed = append(allowed, ep.method)
		}
	}
	if len(allowed) == 0 {
		return gatewayError(http.StatusNotFound, codeNoAPI, msgNoAPI)
	}
	sort.Strings(allowed)
	resp := gatewayError(http.StatusMethodNotAllowed, codeNoAPI, msgNoMethod)
	resp.header = http.Header{"Allow": {strings.Join(allowed, ", ")}}
	return resp
}

// postSeed replaces the seed with the request's body, in the form of
// fixtures/emulator-seed.json. An invalid seed changes nothing.
func (e *Emulator) postSeed(w http.ResponseWriter, r *http.Request) response {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxSeedBytes))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return gatewayError(http.StatusRequestEntityTooLarge, codeRequest, msgTooLarge)
	case err != nil:
		return dliError(http.StatusBadRequest, codeParam, "The seed could not be read: %v", err)
	}
	seed, err := ParseSeed(data)
	if err != nil {
		return dliError(http.StatusBadRequest, codeParam, "%v", err)
	}
	if err := e.SetSeed(seed); err != nil {
		return dliError(http.StatusBadRequest, codeParam, "%v", err)
	}
	return ok(http.StatusOK, result{IsSuccess: true, Message: "seed replaced; state reset to it"})
}
