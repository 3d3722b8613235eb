package broken

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"

	"github.com/dli-conformance/dli-conformance/internal/emulator"
	"github.com/dli-conformance/dli-conformance/internal/ids"
)

// The HTTP defects change the emulator's answers on their way out, or answer in its
// place; the emulator underneath answers as documented.

// wrongErrorCode is the error_code of wrong-error-code-form: no documented form.
const wrongErrorCode = "ERR-1"

// boundPrefix starts the message of the emulator's answer to a successful bind; the
// answer to a bind of nothing (under the either-way latitude) is not one.
const (
	boundPrefix   = "associated peer connection for "
	boundNothing  = "associated peer connection for nothing"
	nothingPrefix = "At least one queue"
)

// lowercaseStatus writes the binding states of show and list in lower case.
func lowercaseStatus(next http.Handler, _ *emulator.Emulator) http.Handler {
	lower := func(v any) {
		list, _ := v.([]any)
		for _, p := range list {
			if m, ok := p.(map[string]any); ok {
				if st, ok := m["status"].(string); ok {
					m["status"] = strings.ToLower(st)
				}
			}
		}
	}
	conn := func(c map[string]any) {
		lower(c["available_queue_info"])
		lower(c["elastic_resource_pools"])
	}
	return rewriting(next, func(r *http.Request, a *answer) {
		if r.Method != http.MethodGet || isAdmin(r) || a.status != http.StatusOK {
			return
		}
		a.body = editJSON(a.body, func(obj map[string]any) bool {
			conn(obj)
			list, _ := obj["connections"].([]any)
			for _, c := range list {
				if m, ok := c.(map[string]any); ok {
					conn(m)
				}
			}
			return true
		})
	})
}

// successBody changes the body of a successful bind's answer.
func successBody(change func(map[string]any)) func(http.Handler, *emulator.Emulator) http.Handler {
	return func(next http.Handler, _ *emulator.Emulator) http.Handler {
		return rewriting(next, func(r *http.Request, a *answer) {
			if !IsBind(r) || a.status != http.StatusOK {
				return
			}
			a.body = editJSON(a.body, func(obj map[string]any) bool {
				msg, _ := obj["message"].(string)
				if obj["is_success"] != true || !strings.HasPrefix(msg, boundPrefix) || strings.HasPrefix(msg, boundNothing) {
					return false
				}
				change(obj)
				return true
			})
		})
	}
}

// empty401 sends every 401 with an empty body.
func empty401(next http.Handler, _ *emulator.Emulator) http.Handler {
	return rewriting(next, func(_ *http.Request, a *answer) {
		if a.status != http.StatusUnauthorized {
			return
		}
		a.body = nil
		a.header.Del("Content-Encoding")
		a.header.Del("Vary")
		a.header.Set("Content-Length", "0")
	})
}

// throttleAll answers every API request with the gateway's 429 and Retry-After: 1,
// before the emulator sees it.
func throttleAll(next http.Handler, _ *emulator.Emulator) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isAdmin(r) {
			next.ServeHTTP(w, r)
			return
		}
		id := ids.NewHex(16)
		body, _ := json.Marshal(map[string]string{"error_code": "APIG.0308", "error_msg": "The request is throttled.", "request_id": id})
		h := w.Header()
		h.Set("Content-Type", "application/json;charset=UTF-8")
		h.Set("X-Request-Id", id)
		h.Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write(append(body, '\n'))
	})
}

// nilBody500 answers 500 to a bind with no body at all, where the emulator reached
// the operation (it refused the empty request, or took it under the either-way
// latitude); refusals of the gateway stay.
func nilBody500(next http.Handler, _ *emulator.Emulator) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !IsBind(r) || len(readBody(r)) > 0 {
			next.ServeHTTP(w, r)
			return
		}
		rewriting(next, func(_ *http.Request, a *answer) {
			var body struct {
				Msg string `json:"error_msg"`
			}
			_ = json.Unmarshal(a.body, &body)
			if a.status == http.StatusOK || (a.status == http.StatusBadRequest && strings.HasPrefix(body.Msg, nothingPrefix)) {
				a.status = http.StatusInternalServerError
				a.body = []byte(`{"error_code":"DLI.0999","error_msg":"Server-side errors occur: the request has no body."}` + "\n")
			}
		}).ServeHTTP(w, r)
	})
}

// wrongCodeForm replaces the error_code of every API error body.
func wrongCodeForm(next http.Handler, _ *emulator.Emulator) http.Handler {
	return rewriting(next, func(r *http.Request, a *answer) {
		if isAdmin(r) {
			return
		}
		a.body = editJSON(a.body, func(obj map[string]any) bool {
			if _, ok := obj["error_code"].(string); !ok {
				return false
			}
			obj["error_code"] = wrongErrorCode
			return true
		})
	})
}

// documentedFields are the top-level fields of a bind body.
var documentedFields = []string{"queues", "elastic_resource_pools"}

// extraFieldBindsNothing lets a bind whose body has undocumented fields answer as
// the emulator does, and then puts the connection's bindings back as they were.
func extraFieldBindsNothing(next http.Handler, emu *emulator.Emulator) http.Handler {
	var mu sync.Mutex
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var fields map[string]json.RawMessage
		if !IsBind(r) || json.Unmarshal(readBody(r), &fields) != nil || !hasExtra(fields) {
			next.ServeHTTP(w, r)
			return
		}
		project, conn := pathIDs(r)
		mu.Lock()
		defer mu.Unlock()
		snap, err := emu.Store().Snapshot(project, conn)
		rewriting(next, func(_ *http.Request, a *answer) {
			if err == nil && a.status == http.StatusOK {
				_ = emu.Store().Restore(project, conn, snap)
			}
		}).ServeHTTP(w, r)
	})
}

func hasExtra(fields map[string]json.RawMessage) bool {
	for k := range fields {
		if k != documentedFields[0] && k != documentedFields[1] {
			return true
		}
	}
	return false
}
