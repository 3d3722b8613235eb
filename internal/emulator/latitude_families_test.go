package emulator

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// The choices the request families touch: each option changes just its answer.

func TestConnectionIDCaseAnyBindsTheSameConnection(t *testing.T) {
	upper := strings.ToUpper(connID)
	exact := newHarness(t)
	exact.do("POST", bindPath(projectID, upper), queuesBody("queue_a")).expectStatus(t, http.StatusBadRequest)
	exact.expectBindings(projectID, connID, nil, nil)

	anyCase := newHarness(t, withLatitude(Latitude{ConnectionIDCase: "any"}))
	anyCase.do("POST", bindPath(projectID, upper), queuesBody("queue_a")).expectStatus(t, http.StatusOK)
	anyCase.expectBindings(projectID, connID, []string{"queue_a"}, nil)
}

func TestEmptySuccessMessage(t *testing.T) {
	h := newHarness(t, withLatitude(Latitude{EmptySuccessMessage: true}))
	r := h.do("POST", bindPath(projectID, connID), queuesBody("queue_a")).expectStatus(t, http.StatusOK)
	if r.body["is_success"] != true || r.body["message"] != "" {
		t.Errorf("answer %s, want is_success true and an empty message", r.raw)
	}
}

func TestListingOrderReversed(t *testing.T) {
	h := newHarness(t, withLatitude(Latitude{ListingOrder: "reversed"}))
	h.bind("queue_a")
	h.bind("queue_b")
	for _, fromList := range []bool{false, true} {
		if got := h.listedQueues(fromList); !slices.Equal(got, []string{"queue_b", "queue_a"}) {
			t.Errorf("listed (list %v) %v, want the later bind first", fromList, got)
		}
	}
}

func TestSpacedMediaType(t *testing.T) {
	h := newHarness(t, withLatitude(Latitude{SpacedMediaType: true}))
	r := h.raw(nil, "POST", bindPath(projectID, connID), queuesBody("queue_a"), nil)
	if got := r.header.Get("Content-Type"); got != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q, want application/json; charset=utf-8", got)
	}
}

// A key that is the documented one in another case is an unknown field, not
// queues: encoding/json alone would bind it.
func TestBodyKeysAreMatchedExactly(t *testing.T) {
	h := newHarness(t, withLatitude(Latitude{EitherWay: "accept"}))
	for _, body := range []string{`{"Queues":["queue_a"]}`, `{"QUEUES":["queue_a"]}`, `{"queues ":["queue_a"]}`} {
		h.do("POST", bindPath(projectID, connID), body).expectStatus(t, http.StatusOK)
		h.expectBindings(projectID, connID, nil, nil)
	}
}
