package docs

import (
	"os"
	"slices"
	"testing"
)

func readFile(t *testing.T, path string) Page {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Read(path, b)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// wantBindingPage checks what every form of the Binding a Queue page must yield.
func wantBindingPage(t *testing.T, p Page) {
	t.Helper()
	if p.Title != "Binding a Queue" || p.Method != "POST" ||
		p.Path != "/v2.0/{project_id}/datasource/enhanced-connections/{connection_id}/associate-queue" {
		t.Errorf("%s: title %q, URI %q %q", p.Name, p.Title, p.Method, p.Path)
	}
	want := map[Role][]string{
		RoleURI:      {"project_id", "connection_id"},
		RoleRequest:  {"queues", "elastic_resource_pools"},
		RoleResponse: {"is_success", "message"},
		RoleStatus:   {"200", "400", "500"},
	}
	for role, names := range want {
		ts := p.TablesOf(role)
		if len(ts) != 1 {
			t.Errorf("%s: %d tables of role %s, want 1", p.Name, len(ts), role)
			continue
		}
		var got []string
		for _, r := range ts[0].Rows {
			v, _ := r.Cell("Parameter", "Status Code")
			got = append(got, v)
		}
		if !slices.Equal(got, names) {
			t.Errorf("%s: %s rows %v, want %v", p.Name, ts[0].Label(), got, names)
		}
	}
	if ts := p.TablesOf(RoleRequest); len(ts) == 1 {
		if typ, _ := ts[0].Rows[0].Cell("Type"); typ != "Array of Strings" {
			t.Errorf("%s: queues type %q", p.Name, typ)
		}
		if m, _ := ts[0].Rows[1].Cell("Mandatory"); m != "No" {
			t.Errorf("%s: elastic_resource_pools mandatory %q", p.Name, m)
		}
	}
	if p.ExampleRequest != `{"queues":["q1","q2"]}` {
		t.Errorf("%s: example request %q", p.Name, p.ExampleRequest)
	}
	if p.ExampleResponse != `{"is_success":true,"message":"associated peer connection for queues: {q1,q2}."}` {
		t.Errorf("%s: example response %q", p.Name, p.ExampleResponse)
	}
}

func TestReadsTheOTCSourceWithGridAndSimpleTables(t *testing.T) {
	p := readFile(t, "testdata/binding-a-queue.otc.rst")
	if p.Form != FormRST || p.ID != "dli_02_0191" {
		t.Errorf("form %s id %q", p.Form, p.ID)
	}
	wantBindingPage(t, p)
	if got := p.TablesOf(RoleURI)[0].Label(); got != "Table 1 URI parameters" {
		t.Errorf("label %q", got)
	}
}

func TestReadsTheHuaweiCloudTextRendering(t *testing.T) {
	p := readFile(t, "testdata/binding-a-queue.huaweicloud.txt")
	if p.Form != FormText || p.ID != "" || p.Revision != "2026-01-08 GMT+08:00" {
		t.Errorf("form %s id %q revision %q", p.Form, p.ID, p.Revision)
	}
	wantBindingPage(t, p)
	// "Table 4 describes the status code." is a sentence, not a second Table 4.
	if n := len(p.Tables); n != 4 {
		t.Errorf("%d tables, want 4", n)
	}
}

func TestReadsTheHTMLPage(t *testing.T) {
	p := readFile(t, "testdata/binding-a-queue.fixture.html")
	if p.Form != FormHTML || p.ID != "dli_02_0191" {
		t.Errorf("form %s id %q", p.Form, p.ID)
	}
	wantBindingPage(t, p)
	if d, _ := p.TablesOf(RoleURI)[0].Rows[1].Cell("Description"); d != "Connection ID & the UUID of a datasource connection." {
		t.Errorf("entities not decoded: %q", d)
	}
	if d, _ := p.TablesOf(RoleRequest)[0].Rows[1].Cell("Description"); d != "Elastic resource pools to bind. a nested note" {
		t.Errorf("nested table not kept as cell text: %q", d)
	}
}

func TestReadsListTablesAndContinuedSimpleRows(t *testing.T) {
	p := readFile(t, "testdata/list-table.fixture.rst")
	req := p.TablesOf(RoleRequest)
	if len(req) != 1 || len(req[0].Rows) != 2 {
		t.Fatalf("request tables %+v", req)
	}
	if d, _ := req[0].Rows[0].Cell("Description"); d != "List of queue names that are available for datasource connections." {
		t.Errorf("continued list-table cell %q", d)
	}
	st := p.TablesOf(RoleStatus)
	if len(st) != 1 || len(st[0].Rows) != 3 {
		t.Fatalf("status tables %+v", st)
	}
	if d, _ := st[0].Rows[0].Cell("Description"); d != "Resource bound succeeded." {
		t.Errorf("continued simple-table row %q", d)
	}
}

func TestRefusesAPageWithNothingToCompare(t *testing.T) {
	for _, src := range []string{"", "just some words\nand more", "<html><body><p>Nothing here</p></body></html>"} {
		if _, err := Read("x", []byte(src)); err == nil {
			t.Errorf("Read(%q) accepted a page with no URI format and no table", src)
		}
	}
}

func TestDocumentedTypesAreNormalised(t *testing.T) {
	for in, want := range map[string]string{
		"Array of Strings": "array<string>", "Array of String": "array<string>", "Array of objects": "array<object>",
		"Long": "integer", "Integer": "integer", "Boolean": "boolean", "String": "string", "Array": "array", "Object": "object",
	} {
		if got := docType(in); got != want {
			t.Errorf("docType(%q) = %q, want %q", in, got, want)
		}
	}
	if !typesAgree("array", "array<object>") || typesAgree("array<string>", "array<object>") || typesAgree("string", "integer") {
		t.Error("typesAgree")
	}
}
