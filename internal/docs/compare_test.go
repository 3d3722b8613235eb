package docs

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// seedFiles are the shipped copies and, when the shared folder sits beside the
// repository (as in CI), the authority itself.
func seedFiles(t *testing.T) []string {
	t.Helper()
	files := []string{"testdata/binding-a-queue.otc.rst", "testdata/binding-a-queue.huaweicloud.txt"}
	for _, name := range []string{"binding-a-queue.otc.rst", "binding-a-queue.huaweicloud.txt"} {
		if shared := sharedSeed(name); shared != "" {
			files = append(files, shared)
		}
	}
	return files
}

// sharedSeed is the path of a seed page in the checkout's shared/seeds, or ""
// when the checkout has none beside it.
func sharedSeed(name string) string {
	p := filepath.Join("..", "..", "..", "shared", "seeds", name)
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// The shipped copies are the seed pages as they are: a seed that changed
// without its copy is drift the contract has not been checked against. Where
// no seeds stand beside the checkout, there is nothing to compare with, and
// the test says so by skipping; CI has them and never skips.
func TestTheShippedCopiesAreTheSeedPages(t *testing.T) {
	for _, name := range []string{"binding-a-queue.otc.rst", "binding-a-queue.huaweicloud.txt"} {
		t.Run(name, func(t *testing.T) {
			shared := sharedSeed(name)
			if shared == "" {
				if os.Getenv("CI") == "true" {
					t.Fatalf("shared/seeds/%s is missing beside the checkout", name)
				}
				t.Skipf("shared/seeds/%s is not beside this checkout: nothing to compare the shipped copy with", name)
			}
			seed, err := os.ReadFile(shared)
			if err != nil {
				t.Fatal(err)
			}
			shipped, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(seed, shipped) {
				t.Errorf("testdata/%s differs from %s: copy the seed and run the drift check", name, shared)
			}
		})
	}
}

func loadContract(t *testing.T, p contract.Profile) *contract.Contract {
	t.Helper()
	c, err := contract.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func identified(t *testing.T, c *contract.Contract, name, src string) Page {
	t.Helper()
	p, err := Read(name, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	list, err := ShippedPageList()
	if err != nil {
		t.Fatal(err)
	}
	if err := Identify(&p, list, c, ""); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestTheSeedsAgreeWithTheContractInBothProfiles(t *testing.T) {
	for _, profile := range contract.Profiles() {
		c := loadContract(t, profile)
		for _, f := range append(seedFiles(t), "testdata/binding-a-queue.fixture.html") {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			r := Check(c, identified(t, c, f, string(b)))
			if r.Operation != contract.OpBind || r.PageID != "dli_02_0191" {
				t.Errorf("%s %s: compared with %q as %q", profile, f, r.Operation, r.PageID)
			}
			for _, d := range Drift(r.Differences) {
				t.Errorf("%s %s: drift: %s", profile, f, d)
			}
			// The gateway's statuses are the contract's on purpose and say so.
			var explained []string
			for _, d := range r.Differences {
				if d.Explained && d.Table == "Table 4 Status codes" && d.Kind == MissingInDoc {
					explained = append(explained, d.Row)
				}
			}
			if want := []string{"401", "403", "404", "413", "415", "429"}; !slices.Equal(explained, want) {
				t.Errorf("%s %s: explained statuses %v, want %v", profile, f, explained, want)
			}
		}
	}
}

// mutate applies replacements that must each match exactly once.
func mutate(t *testing.T, src string, pairs ...string) string {
	t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		if n := strings.Count(src, pairs[i]); n != 1 {
			t.Fatalf("mutation %q matches %d times", pairs[i], n)
		}
		src = strings.Replace(src, pairs[i], pairs[i+1], 1)
	}
	return src
}

// The three mutations of the task: one row fewer in Table 3, one type changed in
// Table 2, one status more in Table 4, in each form.
var drifted = map[string][]string{
	"testdata/binding-a-queue.otc.rst": {
		"   | message    | String  | System prompt. If execution succeeds, the message may be left blank.                                                        |\n   +------------+---------+-----------------------------------------------------------------------------------------------------------------------------+\n", "",
		"| queues                 | No        | Array of Strings |", "| queues                 | No        | String           |",
		"   500         Internal service error.\n", "   500         Internal service error.\n   409         Conflict.\n",
	},
	"testdata/binding-a-queue.huaweicloud.txt": {
		"message\n\nString\n\nSystem prompt. If execution succeeds, the message may be left blank.\n\n", "",
		"queues\n\nNo\n\nArray of Strings", "queues\n\nNo\n\nString",
		"500\n\nInternal service error.\n", "500\n\nInternal service error.\n\n409\n\nConflict.\n",
	},
	"testdata/binding-a-queue.fixture.html": {
		"<tr><td>message</td><td>String</td><td>System prompt.</td></tr>", "",
		"<td>queues</td><td>No</td><td>Array of Strings</td>", "<td>queues</td><td>No</td><td>String</td>",
		"<tr><td>500</td>", "<tr><td>409</td><td>Conflict.</td></tr><tr><td>500</td>",
	},
}

func TestADriftedCopyNamesEachDifferenceWithTableAndRow(t *testing.T) {
	for file, pairs := range drifted {
		for _, profile := range contract.Profiles() {
			c := loadContract(t, profile)
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			r := Check(c, identified(t, c, file, mutate(t, string(b), pairs...)))
			type key struct {
				table, row string
				kind       Kind
			}
			var got []key
			for _, d := range Drift(r.Differences) {
				got = append(got, key{d.Table, d.Row, d.Kind})
			}
			want := []key{
				{"Table 2 Request parameters", "1 (queues)", TypeDiffers},
				{"Table 3 Response parameters", "message", MissingInDoc},
				{"Table 4 Status codes", "4 (409)", MissingInContract},
			}
			if file == "testdata/binding-a-queue.fixture.html" {
				want[2].row = "3 (409)"
			}
			// The page's own example response still carries message; the contract
			// accepts it, so the example is not a difference.
			if !slices.Equal(got, want) {
				t.Errorf("%s %s: drift %v, want %v", profile, file, got, want)
			}
			if r.Agrees() {
				t.Errorf("%s %s: a drifted page agrees", profile, file)
			}
		}
	}
}

func TestAnExampleTheContractRejectsIsDrift(t *testing.T) {
	c := loadContract(t, contract.HuaweiCloud)
	b, _ := os.ReadFile("testdata/binding-a-queue.otc.rst")
	src := mutate(t, string(b), `"queues": [`, `"queues": "q1", "more": [`, `"is_success": true,`, `"is_success": "true",`)
	var kinds []string
	for _, d := range Drift(Compare(c, identified(t, c, "x.rst", src))) {
		if d.Kind != ExampleRejected || d.Contract == "" {
			t.Errorf("unexpected %s", d)
		}
		kinds = append(kinds, d.Table)
	}
	if !slices.Equal(kinds, []string{"Example Request", "Example Response"}) {
		t.Errorf("rejected examples %v, want both", kinds)
	}
	// An unknown extra field in the request is what the contract allows.
	src = mutate(t, string(b), `"queues": [`, `"extra": 1, "queues": [`)
	if d := Drift(Compare(c, identified(t, c, "x.rst", src))); len(d) != 0 {
		t.Errorf("an example the contract accepts: %v", d)
	}
}

func TestANoteExplainsOnlyItsOwnElement(t *testing.T) {
	c := loadContract(t, contract.HuaweiCloud)
	b, _ := os.ReadFile("testdata/binding-a-queue.otc.rst")
	// 401 has a note (the gateway answers it), yet listing it on the page is drift:
	// the contract says the gateway answers it, not DLI.
	src := mutate(t, string(b), "   500         Internal service error.\n", "   500         Internal service error.\n   401         Unauthorized.\n")
	drift := Drift(Compare(c, identified(t, c, "x.rst", src)))
	if len(drift) != 1 || drift[0].Kind != StatusSource || drift[0].Row != "4 (401)" {
		t.Errorf("drift %v, want 401 as a status-source difference", drift)
	}
}

func TestAURIThatDiffersIsDrift(t *testing.T) {
	c := loadContract(t, contract.OTC)
	b, _ := os.ReadFile("testdata/binding-a-queue.otc.rst")
	src := mutate(t, string(b), "{connection_id}/associate-queue", "{connection_id}/associate-queues")
	drift := Drift(Compare(c, identified(t, c, "x.rst", src)))
	if len(drift) != 1 || drift[0].Kind != URIDiffers || drift[0].Table != "URI format" {
		t.Errorf("drift %v, want the URI format", drift)
	}
}

func TestAPageOfNoOperationIsReported(t *testing.T) {
	c := loadContract(t, contract.HuaweiCloud)
	b, _ := os.ReadFile("testdata/binding-a-queue.otc.rst")
	p, _ := Read("x.rst", b)
	p.ID = "dli_02_9999"
	if d := Compare(c, p); len(d) != 1 || d[0].Kind != NoOperation || d[0].Explained {
		t.Errorf("differences %v", d)
	}
}

func TestIdentifyFindsThePageIDByTitleURIOrOverride(t *testing.T) {
	c := loadContract(t, contract.HuaweiCloud)
	list, _ := ShippedPageList()
	b, _ := os.ReadFile("testdata/binding-a-queue.huaweicloud.txt")
	p, _ := Read("x.txt", b)
	if err := Identify(&p, list, c, ""); err != nil || p.ID != "dli_02_0191" {
		t.Errorf("by title: %q %v", p.ID, err)
	}
	p, _ = Read("x.txt", []byte(strings.Replace(string(b), "Binding a Queue", "Associating Queues", 1)))
	if err := Identify(&p, list, c, ""); err != nil || p.ID != "dli_02_0191" {
		t.Errorf("by URI: %q %v", p.ID, err)
	}
	if err := Identify(&p, list, c, "dli_02_0192"); err != nil || p.ID != "dli_02_0192" {
		t.Errorf("override: %q %v", p.ID, err)
	}
	p, _ = Read("x.txt", []byte(strings.NewReplacer("Binding a Queue", "Something", "associate-queue", "elsewhere").Replace(string(b))))
	if err := Identify(&p, list, c, ""); err == nil {
		t.Errorf("identified an unknown page as %q", p.ID)
	}
}
