package sdkcheck

import (
	"slices"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/dli/v1/model"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// Every operation the contract covers, through the SDK, signed with AK/SK: each
// request validates (the harness checks), each answer decodes into the SDK's model.
func TestEveryOperationThroughTheSDK(t *testing.T) {
	h := newHarness(t)

	created, err := h.client.CreateEnhancedConnection(&model.CreateEnhancedConnectionRequest{
		Body: &model.CreateEnhancedConnectionRequestBody{
			Name: "sdk_conn", DestVpcId: "22094d8f-c310-4621-913d-4c4d655d8495", DestNetworkId: "78f2562a-36e4-4b39-95b9-f5aab22e1281",
			Queues:               &[]string{"queue_a"},
			ElasticResourcePools: &[]string{"pool_a"},
			RoutetableId:         ptr("rt-1"),
			Hosts:                &[]model.EnhancedConnectionHost{{Name: ptr("ecs-sdk-0001"), Ip: ptr("192.168.0.7")}},
			Tags:                 &[]model.Tag{{Key: "team", Value: "sdk"}},
		},
	})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if created.HttpStatusCode != 201 || !*created.IsSuccess || created.ConnectionId == nil || *created.Message == "" {
		t.Fatalf("create = %v", created)
	}
	id := *created.ConnectionId

	list, err := h.client.ListEnhancedConnections(&model.ListEnhancedConnectionsRequest{
		Limit: ptr(int32(10)), Offset: ptr(int32(0)), Status: ptr("active"), Name: ptr("sdk_conn"), Tags: ptr("team=sdk"),
	})
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	if list.HttpStatusCode != 200 || *list.Count != 1 || len(*list.Connections) != 1 {
		t.Fatalf("list = %v", list)
	}
	c := (*list.Connections)[0]
	if *c.Id != id || *c.Name != "sdk_conn" || *c.Status != "ACTIVE" || *c.IsPrivis || *c.CreateTime <= 0 ||
		len(*c.AvailableQueueInfo) != 1 || len(*c.ElasticResourcePools) != 1 || *(*c.Hosts)[0].Ip != "192.168.0.7" {
		t.Errorf("listed connection = %v", c)
	}

	bound, err := h.client.AssociateQueueToEnhancedConnection(&model.AssociateQueueToEnhancedConnectionRequest{
		ConnectionId: id,
		Body:         &model.AssociateQueueToEnhancedConnectionRequestBody{Queues: &[]string{"queue_b"}, ElasticResourcePools: &[]string{"pool_b"}},
	})
	if err != nil {
		t.Fatalf("associate: %v", err)
	}
	if bound.HttpStatusCode != 200 || !*bound.IsSuccess || *bound.Message != "associated peer connection for queues: {queue_b}, elastic resource pools: {pool_b}." {
		t.Errorf("associate = %v", bound)
	}

	shown, err := h.client.ShowEnhancedConnection(&model.ShowEnhancedConnectionRequest{ConnectionId: id})
	if err != nil {
		t.Fatalf("show: %v", err)
	}
	var queues, pools []string
	for _, p := range *shown.AvailableQueueInfo {
		queues = append(queues, *p.Name)
		if *p.Status != "ACTIVE" || *p.PeerId == "" || *p.UpdateTime <= 0 || p.ErrMsg == nil {
			t.Errorf("queue peer = %v", p)
		}
	}
	for _, p := range *shown.ElasticResourcePools {
		pools = append(pools, *p.Name)
	}
	slices.Sort(queues)
	slices.Sort(pools)
	if !*shown.IsSuccess || *shown.Id != id || *shown.DestVpcId != "22094d8f-c310-4621-913d-4c4d655d8495" || *shown.Ipv6Enable ||
		!slices.Equal(queues, []string{"queue_a", "queue_b"}) || !slices.Equal(pools, []string{"pool_a", "pool_b"}) {
		t.Errorf("show = %v", shown)
	}

	unbound, err := h.client.DisassociateQueueFromEnhancedConnection(&model.DisassociateQueueFromEnhancedConnectionRequest{
		ConnectionId: id,
		Body:         &model.DisassociateQueueFromEnhancedConnectionRequestBody{Queues: &[]string{"queue_a", "queue_b"}},
	})
	if err != nil {
		t.Fatalf("disassociate: %v", err)
	}
	if !*unbound.IsSuccess || *unbound.Message != "Disassociated peer connection for queues:{queue_a,queue_b}." {
		t.Errorf("disassociate = %v", unbound)
	}

	deleted, err := h.client.DeleteEnhancedConnection(&model.DeleteEnhancedConnectionRequest{ConnectionId: id})
	if err != nil {
		t.Fatalf("delete: %v", err)
	}
	if !*deleted.IsSuccess || *deleted.Message != "Deleted" {
		t.Errorf("delete = %v", deleted)
	}
	gone, err := h.client.ShowEnhancedConnection(&model.ShowEnhancedConnectionRequest{ConnectionId: id})
	if err != nil || *gone.Status != "DELETED" || len(*gone.AvailableQueueInfo) != 0 {
		t.Errorf("show after delete = %v, %v", gone, err)
	}

	// Each operation was called, each request was signed with the key pair and
	// answered as documented; the harness checks that each conforms.
	seen := map[string]int{}
	for _, rec := range h.emu.Requests() {
		seen[rec.Operation]++
		if rec.Credentials != "aksk" || rec.Status >= 300 {
			t.Errorf("%s %s: credentials %s, status %d", rec.Method, rec.Path, rec.Credentials, rec.Status)
		}
	}
	for _, op := range []string{contract.OpCreate, contract.OpList, contract.OpShow, contract.OpDelete, contract.OpBind, contract.OpUnbind} {
		if seen[op] == 0 {
			t.Errorf("%s was not called", op)
		}
	}
}

// The bind under test, on the seeded connection, with the documented request example.
func TestAssociateQueueWithTheDocumentedExample(t *testing.T) {
	h := newHarness(t)
	_, err := h.client.AssociateQueueToEnhancedConnection(&model.AssociateQueueToEnhancedConnectionRequest{
		ConnectionId: connID,
		Body:         &model.AssociateQueueToEnhancedConnectionRequestBody{Queues: &[]string{"queue_a", "queue_b"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	q, _, err := h.emu.Bindings(projectID, connID)
	if err != nil || !slices.Equal(q, []string{"queue_a", "queue_b"}) {
		t.Errorf("bindings %v, %v", q, err)
	}
}
