// Package page renders the suite's HTML reports (report.html, diff.html) with
// one mechanism: html/template, one stylesheet inlined into every page, and
// partials for what the pages show alike (the document around a page, the
// verdict banner's text, an exchange, a curl). A page adds its own template
// and the few style rules only it needs.
//
// A page is one file with its CSS inline and no script, so that it can be
// attached to a ticket or opened from a CI artifact without a network. Its
// Content-Security-Policy forbids every external or local load, so a slip that
// references an asset shows up as a console error in the browser tests. Its
// text can come from a hostile target, so everything goes through
// html/template's escaping.
package page

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
)

//go:embed base.css
var baseCSS string

//go:embed partials.html.tmpl
var partials string

// BaseCSS is the stylesheet every page inlines before its own rules.
func BaseCSS() string { return baseCSS }

// Page is a parsed report page, ready to render.
type Page struct {
	t *template.Template
}

// New parses a page from fsys: tmpl is its template file, which defines
// "title" and "body" (the shared "document" lays them out), and css is its own
// stylesheet file ("" for none), inlined after BaseCSS. funcs are the page's
// own template functions, on top of the shared ones.
func New(fsys fs.FS, tmpl, css string, funcs template.FuncMap) (*Page, error) {
	own := ""
	if css != "" {
		b, err := fs.ReadFile(fsys, css)
		if err != nil {
			return nil, fmt.Errorf("read the stylesheet of page %s: %w", tmpl, err)
		}
		own = string(b)
	}
	// The stylesheets are the project's own files, never data, so they are
	// trusted as CSS.
	style := template.CSS(baseCSS + "\n" + own)
	t := template.New("document").Funcs(template.FuncMap{
		"style":    func() template.CSS { return style },
		"exchange": func(lines []Line, open bool) Exchange { return Exchange{Lines: lines, Open: open} },
	}).Funcs(funcs)
	if _, err := t.Parse(partials); err != nil {
		return nil, fmt.Errorf("parse the shared partials: %w", err)
	}
	if _, err := t.ParseFS(fsys, tmpl); err != nil {
		return nil, fmt.Errorf("parse page %s: %w", tmpl, err)
	}
	for _, name := range []string{"title", "body"} {
		if t.Lookup(name) == nil {
			return nil, fmt.Errorf("page %s defines no %q template", tmpl, name)
		}
	}
	return &Page{t: t}, nil
}

// Must returns p, and panics on err: for a page parsed from embedded files
// when its package loads, where an error is a defect the tests catch.
func Must(p *Page, err error) *Page {
	if err != nil {
		panic(err)
	}
	return p
}

// Render writes the page for data to w. The page is rendered whole first, so
// that a template error leaves w untouched rather than holding half a page.
func (p *Page) Render(w io.Writer, data any) error {
	var b bytes.Buffer
	if err := p.t.ExecuteTemplate(&b, "document", data); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}
