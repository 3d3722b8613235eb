package sdkcheck

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/invoker"
	dli "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/dli/v1"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/dli/v1/model"

	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
)

// sdkCall is one operation through the SDK's invoker, so that per-call headers can be
// added (the Prefer header that picks the emulator's answer).
type sdkCall struct {
	op     string
	invoke func(c *dli.DliClient, headers map[string]string) error
}

func withHeaders(b *invoker.BaseInvoker, headers map[string]string) { b.AddHeaders(headers) }

// sdkCalls is every operation; delete comes last, so that the others can run after
// one another on the seeded connection.
var sdkCalls = []sdkCall{
	{contract.OpCreate, func(c *dli.DliClient, hd map[string]string) error {
		inv := c.CreateEnhancedConnectionInvoker(&model.CreateEnhancedConnectionRequest{Body: &model.CreateEnhancedConnectionRequestBody{
			Name: "prefer", DestVpcId: "v", DestNetworkId: "n"}})
		withHeaders(inv.BaseInvoker, hd)
		_, err := inv.Invoke()
		return err
	}},
	{contract.OpList, func(c *dli.DliClient, hd map[string]string) error {
		inv := c.ListEnhancedConnectionsInvoker(&model.ListEnhancedConnectionsRequest{})
		withHeaders(inv.BaseInvoker, hd)
		_, err := inv.Invoke()
		return err
	}},
	{contract.OpShow, func(c *dli.DliClient, hd map[string]string) error {
		inv := c.ShowEnhancedConnectionInvoker(&model.ShowEnhancedConnectionRequest{ConnectionId: connID})
		withHeaders(inv.BaseInvoker, hd)
		_, err := inv.Invoke()
		return err
	}},
	{contract.OpBind, func(c *dli.DliClient, hd map[string]string) error {
		inv := c.AssociateQueueToEnhancedConnectionInvoker(&model.AssociateQueueToEnhancedConnectionRequest{ConnectionId: connID,
			Body: &model.AssociateQueueToEnhancedConnectionRequestBody{Queues: &[]string{"queue_a"}}})
		withHeaders(inv.BaseInvoker, hd)
		_, err := inv.Invoke()
		return err
	}},
	{contract.OpUnbind, func(c *dli.DliClient, hd map[string]string) error {
		inv := c.DisassociateQueueFromEnhancedConnectionInvoker(&model.DisassociateQueueFromEnhancedConnectionRequest{ConnectionId: connID,
			Body: &model.DisassociateQueueFromEnhancedConnectionRequestBody{Queues: &[]string{"queue_a"}}})
		withHeaders(inv.BaseInvoker, hd)
		_, err := inv.Invoke()
		return err
	}},
	{contract.OpDelete, func(c *dli.DliClient, hd map[string]string) error {
		inv := c.DeleteEnhancedConnectionInvoker(&model.DeleteEnhancedConnectionRequest{ConnectionId: connID})
		withHeaders(inv.BaseInvoker, hd)
		_, err := inv.Invoke()
		return err
	}},
}

// callFor returns the call of an operation.
func callFor(t *testing.T, op string) sdkCall {
	t.Helper()
	for _, c := range sdkCalls {
		if c.op == op {
			return c
		}
	}
	t.Fatalf("no SDK call for %s", op)
	return sdkCall{}
}

// The Prefer header drives the documented 400, 401 and 500 answers of every
// operation, and the SDK reads each through *sdkerr.ServiceResponseError.
func TestPreferDrivesTheErrorPathsOfEveryOperation(t *testing.T) {
	h := newHarness(t)
	for _, call := range sdkCalls {
		for _, tc := range []struct {
			status   int
			code     string
			fragment string
		}{
			{400, "DLI.0001", ""},
			{401, "APIG.0301", "Incorrect IAM authentication information"},
			{500, "DLI.0999", "Server-side errors occur."},
		} {
			t.Run(fmt.Sprintf("%s/%d", call.op, tc.status), func(t *testing.T) {
				err := call.invoke(h.client, map[string]string{"Prefer": fmt.Sprintf("code=%d", tc.status)})
				se := serviceError(t, err, tc.status, tc.code, tc.fragment)
				if rec := h.last(); rec.Operation != call.op || rec.Status != tc.status || rec.Header.Get("Prefer") == "" {
					t.Errorf("recorded %s %d, Prefer %q", rec.Operation, rec.Status, rec.Header.Get("Prefer"))
				}
				if se.RequestId != h.last().RequestID {
					t.Errorf("RequestId %q, the emulator answered %q", se.RequestId, h.last().RequestID)
				}
			})
		}
	}
	// A scenario answer changes nothing.
	q, p, _ := h.emu.Bindings(projectID, connID)
	if len(q)+len(p) != 0 {
		t.Errorf("bindings %v %v after scenario answers", q, p)
	}
}

// Every other declared error status of associate-queue decodes too; the emulator
// generates the bodies that the contract has no example for.
func TestEveryDeclaredErrorOfAssociateQueueDecodes(t *testing.T) {
	h := newHarness(t)
	bind := callFor(t, contract.OpBind)
	want := map[int]string{403: "APIG.0302", 404: "APIG.0101", 413: "APIG.0201", 415: "DLI.0001", 429: "APIG.0308"}
	for status, code := range want {
		err := bind.invoke(h.client, map[string]string{"Prefer": fmt.Sprintf("code=%d", status)})
		serviceError(t, err, status, code)
	}
}

// The client-wide way to add a header, WithExtraHeaders, works the same.
func TestPreferThroughWithExtraHeaders(t *testing.T) {
	h := newHarness(t)
	h.client.HcClient.WithExtraHeaders(map[string]string{"Prefer": "code=500"})
	_, err := h.client.ShowEnhancedConnection(&model.ShowEnhancedConnectionRequest{ConnectionId: connID})
	serviceError(t, err, 500, "DLI.0999")
}

// The emulator's own refusals, not scenarios, decode the same way.
func TestRealRefusalsDecode(t *testing.T) {
	h := newHarness(t)
	_, err := h.client.AssociateQueueToEnhancedConnection(&model.AssociateQueueToEnhancedConnectionRequest{
		ConnectionId: unknownID, Body: &model.AssociateQueueToEnhancedConnectionRequestBody{Queues: &[]string{"queue_a"}}})
	serviceError(t, err, 400, "DLI.0001", "Connection "+unknownID+" does not exist.")

	_, err = h.client.AssociateQueueToEnhancedConnection(&model.AssociateQueueToEnhancedConnectionRequest{
		ConnectionId: connID, Body: &model.AssociateQueueToEnhancedConnectionRequestBody{Queues: &[]string{"no_such_queue"}}})
	serviceError(t, err, 400, "DLI.0002", "There is no queue named no_such_queue")

	_, err = h.client.AssociateQueueToEnhancedConnection(&model.AssociateQueueToEnhancedConnectionRequest{
		ConnectionId: deletedID, Body: &model.AssociateQueueToEnhancedConnectionRequestBody{Queues: &[]string{"queue_a"}}})
	serviceError(t, err, 400, "DLI.0001", "has been deleted")

	_, err = h.newClient(testAK, "not-the-secret").ShowEnhancedConnection(&model.ShowEnhancedConnectionRequest{ConnectionId: connID})
	se := serviceError(t, err, 401, "APIG.0301", "verify aksk signature fail")
	if !strings.Contains(se.Error(), `"error_code":"APIG.0301"`) {
		t.Errorf("Error() = %s", se.Error())
	}
	_, err = h.newClient("NOBODY", testSK).ShowEnhancedConnection(&model.ShowEnhancedConnectionRequest{ConnectionId: connID})
	serviceError(t, err, 401, "APIG.0301", "unknown ak")
}

// A signed request is checked against the emulator's clock: an SDK on a machine whose
// clock is off by more than 15 minutes is refused as the gateway refuses it.
func TestSkewedClockIsRefused(t *testing.T) {
	h := newHarness(t, func(o *emulator.Options) {
		o.Now = func() time.Time { return time.Now().Add(20 * time.Minute) }
	})
	_, err := h.client.ShowEnhancedConnection(&model.ShowEnhancedConnectionRequest{ConnectionId: connID})
	serviceError(t, err, 401, "APIG.0301", "x-sdk-date expired")
}
