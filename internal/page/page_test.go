package page

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
)

// hostile is text a target could send: markup that would run if it were not
// escaped.
const hostile = `</pre><script>alert("x")</script>`

func testPage(t *testing.T, body string) *Page {
	t.Helper()
	p, err := New(fstest.MapFS{
		"t.html.tmpl": {Data: []byte(`{{define "title"}}T {{.Word}}{{end}}{{define "body"}}` + body + `{{end}}`)},
		"t.css":       {Data: []byte(".own { color: red; }\n")},
	}, "t.html.tmpl", "t.css", nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDocumentInlinesBothStylesheetsAndTheBody(t *testing.T) {
	var b bytes.Buffer
	if err := testPage(t, `<p id="b">{{.Headline}}</p>`).Render(&b, Verdict{Word: "PASSED", Headline: hostile}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	style := page[strings.Index(page, "<style>\n")+len("<style>\n") : strings.Index(page, "</style>")]
	if !strings.HasPrefix(style, BaseCSS()) || !strings.Contains(style, ".own { color: red; }") {
		t.Errorf("the stylesheet is not base.css then the page's own:\n%s", style)
	}
	for _, want := range []string{"<title>T PASSED</title>", `content="default-src 'none'`, `<main>`, `<p id="b">&lt;/pre&gt;&lt;script&gt;`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page, "<script") {
		t.Error("hostile text became markup")
	}
}

func TestPartials(t *testing.T) {
	p := testPage(t, `{{template "verdict" .V}}{{template "exchange" (exchange .Lines .Open)}}{{template "curl" .Curl}}`)
	type data struct {
		V     Verdict
		Lines []Line
		Open  bool
		Curl  string
	}
	render := func(d data) string {
		t.Helper()
		var b bytes.Buffer
		if err := p.Render(&b, struct {
			data
			Word string
		}{d, d.V.Word}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	page := render(data{V: Verdict{What: "run", Word: "FAILED", Headline: "1 failed", Actions: []string{"read it"}},
		Lines: ExchangeLines("> GET /x\n< 200 OK\n! " + hostile), Open: true, Curl: "curl -sS x"})
	for _, want := range []string{
		`<div class="verdict">FAILED</div>`, `<ul class="actions"><li>read it</li></ul>`,
		"<details open>", `<span class="req">&gt; GET /x</span>`, `<span class="resp">&lt; 200 OK</span>`,
		`<span class="err">! &lt;/pre&gt;&lt;script&gt;`, `<pre class="curl">curl -sS x</pre>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the partials lack %q", want)
		}
	}
	// With nothing to show, the optional parts are left out.
	page = render(data{V: Verdict{Word: "PASSED"}})
	page = page[strings.Index(page, "<main>"):]
	for _, unwanted := range []string{"<details", `class="actions"`, `class="curl"`, `class="label"`} {
		if strings.Contains(page, unwanted) {
			t.Errorf("an empty verdict, exchange or curl renders %q", unwanted)
		}
	}
}

func TestNewRefusesAnIncompletePage(t *testing.T) {
	fsys := fstest.MapFS{"t.html.tmpl": {Data: []byte(`{{define "title"}}T{{end}}`)}}
	if _, err := New(fsys, "t.html.tmpl", "", nil); err == nil || !strings.Contains(err.Error(), `"body"`) {
		t.Errorf("a page without a body: %v", err)
	}
	if _, err := New(fsys, "t.html.tmpl", "missing.css", nil); err == nil {
		t.Error("a missing stylesheet is not an error")
	}
}

func TestRenderWritesNothingOnATemplateError(t *testing.T) {
	// The body reads a field the data lacks, after the head has rendered.
	p := testPage(t, `{{.Missing}}`)
	var b bytes.Buffer
	if err := p.Render(&b, Verdict{}); err == nil || b.Len() != 0 {
		t.Fatalf("a failed render: error %v, %d bytes written", err, b.Len())
	}
}

func TestExchangeLinesClassByDirection(t *testing.T) {
	got := ExchangeLines("> POST /a\n> \n< 400 Bad Request\n! timeout\n… 3 more bytes cut")
	want := []string{"req", "req", "resp", "err", "resp"}
	if len(got) != len(want) {
		t.Fatalf("%d lines, want %d", len(got), len(want))
	}
	for i, l := range got {
		if l.Class != want[i] {
			t.Errorf("line %q classed %q, want %q", l.Text, l.Class, want[i])
		}
	}
	if ExchangeLines("") != nil {
		t.Error("no exchange has lines")
	}
}
