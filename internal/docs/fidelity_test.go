package docs

import (
	"os"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

func TestFidelityOfTheShippedSeeds(t *testing.T) {
	for _, profile := range contract.Profiles() {
		c := loadContract(t, profile)
		fs := Fidelity(c)
		if len(fs) != 6 {
			t.Fatalf("%s: %d operations, want 6", profile, len(fs))
		}
		for _, f := range fs {
			if f.OperationID == contract.OpBind {
				if !f.Checked || !f.Passed || f.PageID != "dli_02_0191" || len(f.Pages) != 2 || f.Explained == 0 {
					t.Errorf("%s: bind %+v", profile, f)
				}
				if profile == contract.HuaweiCloud && f.Revision != "2026-01-08 GMT+08:00" {
					t.Errorf("huaweicloud revision %q", f.Revision)
				}
				if profile == contract.OTC && f.Revision == "" {
					t.Error("otc revision not taken from the doc-pages list")
				}
				continue
			}
			if f.Checked || f.Passed || f.PageID == "" || f.PageTitle == "" {
				t.Errorf("%s: %+v: no copy of its page ships, so it is unchecked", profile, f)
			}
		}
	}
}

func TestFidelityOfADriftedPageFails(t *testing.T) {
	c := loadContract(t, contract.OTC)
	b, _ := os.ReadFile("testdata/binding-a-queue.otc.rst")
	p := identified(t, c, "drifted.rst", mutate(t, string(b), drifted["testdata/binding-a-queue.otc.rst"]...))
	for _, f := range Fidelity(c, p) {
		if f.OperationID == contract.OpBind && (f.Passed || !f.Checked || f.Drift != 3) {
			t.Errorf("%+v, want checked, failed with 3 differences", f)
		}
	}
}
