// Package docs reads the DLI API reference pages in the forms they are published
// (the OTC RST source, the Huawei Cloud HTML page and its text rendering), extracts
// what a page documents into a Page, and compares it with the contract's operation
// for that page, so that the hand-written contract cannot drift from its authority
// unnoticed.
package docs

// Form is the published form a page was read from.
type Form string

// The forms Read understands.
const (
	FormRST  Form = "rst"
	FormHTML Form = "html"
	FormText Form = "text"
)

// Role says what a documented table describes.
type Role string

// The table roles of an API reference page.
const (
	RoleURI      Role = "uri"      // URI (path) parameters
	RoleQuery    Role = "query"    // query parameters
	RoleRequest  Role = "request"  // request body parameters
	RoleResponse Role = "response" // response body parameters
	RoleStatus   Role = "status"   // status codes
	RoleOther    Role = "other"    // nested objects, error codes, permissions
)

// Page is what one reference page documents, whatever form it was read from.
type Page struct {
	Name     string  // where it was read from (a file name)
	Form     Form    // the form it was read in
	ID       string  // the page id (dli_02_0191), "" when the page does not give it
	Title    string  // the page title (Binding a Queue)
	Revision string  // the revision the page states (Updated on ...), "" when none
	Method   string  // the method of the URI format
	Path     string  // the path template of the URI format
	Tables   []Table // every numbered table, in page order
	// The example request and response bodies, as JSON text; "" when the page has none.
	ExampleRequest  string
	ExampleResponse string
}

// Table is one numbered table of a page.
type Table struct {
	Number  int
	Caption string
	Role    Role
	Header  []string
	Rows    []Row
}

// Row is one body row of a table, with its cells keyed by the header's column names.
type Row struct {
	Index int // 1-based, in the table
	Cells map[string]string
}

// Label names the table the way the page does: "Table 3 Response parameters".
func (t Table) Label() string {
	if t.Caption == "" {
		return "Table " + itoa(t.Number)
	}
	return "Table " + itoa(t.Number) + " " + t.Caption
}

// Cell returns the row's cell in the first column whose name is one of names.
func (r Row) Cell(names ...string) (string, bool) {
	for _, n := range names {
		if v, ok := r.Cells[n]; ok {
			return v, true
		}
	}
	return "", false
}

// TablesOf returns the page's tables with the role.
func (p Page) TablesOf(role Role) []Table {
	var out []Table
	for _, t := range p.Tables {
		if t.Role == role {
			out = append(out, t)
		}
	}
	return out
}
