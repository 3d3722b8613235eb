package emulator

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"sort"
)

// refusal turns a store refusal into the answer the Latitude picks: which documented
// error code, and how a connection of another project is refused.
func (e *Emulator) refusal(c call, err error) response {
	lat := e.store.beh.lat
	var oe *objectError
	errors.As(err, &oe)
	var codes []string
	switch {
	case errors.Is(err, errConnectionNotFound):
		if st := lat.OtherProjectStatus; st != 0 && st != http.StatusBadRequest && e.store.ownedElsewhere(c.project, c.id) {
			return otherProjectRefusal(st, lat, c.id)
		}
		codes = codesNoConnection
	case errors.Is(err, errConnectionDeleted):
		codes = codesDeletedConnection
	case errors.Is(err, errQueueNotFound), errors.Is(err, errPoolNotFound):
		codes = codesNoResource
	case errors.Is(err, errAlreadyBound):
		return dliError(http.StatusBadRequest, codeParam, "Parameter check errors occur: %s %s.", oe.name, errAlreadyBound)
	}
	if r, ok := asRefusal(err); ok {
		return dliError(http.StatusBadRequest, codeParam, "Parameter check errors occur: %s", r.Message)
	}
	resp := fromStore(err, e.withPools)
	if codes != nil {
		resp = withCode(resp, func(string) string { return lat.pick(codes) })
	}
	return resp
}

// otherProjectRefusal refuses a connection that belongs to another project with the status the
// Latitude picks.
func otherProjectRefusal(status int, lat Latitude, id string) response {
	switch status {
	case http.StatusUnauthorized:
		return gatewayError(status, lat.pick(codesAuth), "Incorrect IAM authentication information: the token does not grant access to connection "+id)
	case http.StatusForbidden:
		return gatewayError(status, codeForbidden, "The IAM user is forbidden to access connection "+id+" of another project")
	}
	return dliError(http.StatusNotFound, codeNoObject, "Connection %s does not exist.", id)
}

// bound is the answer to a successful bind.
func (e *Emulator) bound(req bindRequest) response {
	if e.store.beh.lat.EmptySuccessMessage {
		return ok(http.StatusOK, result{IsSuccess: true})
	}
	return ok(http.StatusOK, result{IsSuccess: true, Message: "associated peer connection for " + describe(req, ": ") + "."})
}

// eitherWay answers a bind that names nothing as the Latitude picks; false leaves it to
// the default refusal.
func (e *Emulator) eitherWay() (response, bool) {
	switch e.store.beh.lat.EitherWay {
	case "accept":
		return ok(http.StatusOK, result{IsSuccess: true, Message: "associated peer connection for nothing: no queue or elastic resource pool was given."}), true
	case "decline":
		return ok(http.StatusOK, result{IsSuccess: false, Message: "No queue or elastic resource pool was given; nothing was bound."}), true
	}
	return response{}, false
}

// extraFields lists, sorted, the top-level fields of a bind body that the profile does
// not document.
func (e *Emulator) extraFields(body []byte) []string {
	var fields map[string]json.RawMessage
	if len(body) == 0 || json.Unmarshal(body, &fields) != nil {
		return nil
	}
	known := []string{"queues"}
	if e.withPools {
		known = append(known, "elastic_resource_pools")
	}
	var extra []string
	for k := range fields {
		if !slices.Contains(known, k) {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	return extra
}

// ordered lists a connection's bindings in the order the Latitude picks.
func (e *Emulator) ordered(v connView) connView {
	if e.store.beh == nil || e.store.beh.lat.ListingOrder != "reversed" {
		return v
	}
	v.AvailableQueueInfo = slices.Clone(v.AvailableQueueInfo)
	slices.Reverse(v.AvailableQueueInfo)
	if v.Pools != nil {
		pools := slices.Clone(*v.Pools)
		slices.Reverse(pools)
		v.Pools = &pools
	}
	return v
}
