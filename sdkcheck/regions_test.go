package sdkcheck

import (
	"strings"
	"testing"

	dliregion "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/dli/v1/region"

	"github.com/dli-conformance/dli-conformance/internal/config"
)

// The suite's region table is the SDK's: every region the SDK knows for DLI,
// with the same endpoint, and no other.
func TestRegionTableIsTheSDKs(t *testing.T) {
	ours := config.HuaweiCloudRegions()
	for id, endpoint := range ours {
		r, err := dliregion.SafeValueOf(id)
		if err != nil {
			t.Errorf("%s: the SDK does not know it: %v", id, err)
			continue
		}
		if len(r.Endpoints) == 0 || r.Endpoints[0] != endpoint {
			t.Errorf("%s: ours %s, the SDK's %v", id, endpoint, r.Endpoints)
		}
	}
	// The SDK names every region it supports when asked for one it does not.
	_, err := dliregion.SafeValueOf("conformance-no-such-region")
	if err == nil {
		t.Fatal("the SDK knows a region it cannot")
	}
	msg := err.Error()
	open, end := strings.LastIndex(msg, "["), strings.LastIndex(msg, "]")
	if open < 0 || end < open {
		t.Fatalf("cannot read the SDK's regions from %q", msg)
	}
	for _, id := range strings.Split(msg[open+1:end], ", ") {
		if _, ok := ours[id]; !ok {
			t.Errorf("the SDK knows region %s, the suite's table does not", id)
		}
	}
	if ours["eu-west-101"] != "https://dli.eu-west-101.myhuaweicloud.eu" {
		t.Errorf("eu-west-101: %s", ours["eu-west-101"])
	}
}
