package docs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

var (
	pageIDRE   = regexp.MustCompile(`\b(dli_\d{2}_\d{4})\b`)
	rstIDRE    = regexp.MustCompile(`(?m)^(?::original_name:\s*(dli_\d{2}_\d{4})\.html|\.\.\s+_(dli_\d{2}_\d{4}):)\s*$`)
	htmlIDRE   = regexp.MustCompile(`(?i)<(?:link|meta)[^>]+(?:href|content)="[^"]*?(dli_\d{2}_\d{4})\.html`)
	uriRE      = regexp.MustCompile(`^(GET|POST|PUT|DELETE|PATCH)\s+(/\S+)$`)
	updatedRE  = regexp.MustCompile(`^(?:Updated on|Last updated:?|Updated:)\s*(.+)$`)
	htmlSniff  = regexp.MustCompile(`(?i)<(html|body|table|h1|!doctype)\b`)
	rstSniffRE = regexp.MustCompile(`(?m)^(\.\. (table|code-block|list-table|_[a-z0-9_]+)::?|:original_name:)`)
)

// Read reads a page in whichever form data is: RST source, HTML, or the text
// rendering of the HTML page. name is kept for messages. It fails when the page
// documents neither a URI format nor a numbered table.
func Read(name string, data []byte) (Page, error) {
	src := string(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	var (
		form   Form
		blocks []block
		id     string
	)
	switch {
	case htmlSniff.MatchString(src):
		form, blocks = FormHTML, htmlBlocks(src)
		if m := htmlIDRE.FindStringSubmatch(src); m != nil {
			id = m[1]
		}
	case rstSniffRE.MatchString(src):
		form, blocks = FormRST, rstBlocks(src)
		if m := rstIDRE.FindStringSubmatch(src); m != nil {
			id = m[1] + m[2]
		}
	default:
		form, blocks = FormText, textBlocks(src)
	}
	p := extract(blocks, form == FormText)
	p.Name, p.Form = name, form
	if p.ID == "" {
		p.ID = id
	}
	if p.Path == "" && len(p.Tables) == 0 {
		return p, fmt.Errorf("%s: no URI format and no numbered table found: not a readable API reference page", name)
	}
	return p, nil
}

// extract reads a Page from a form's blocks.
// In the text rendering the title is the first line, not a known heading.
func extract(blocks []block, titleIsFirstLine bool) Page {
	var p Page
	firstLine := ""
	section := ""
	var sectionText map[string]*strings.Builder = map[string]*strings.Builder{}
	for _, b := range blocks {
		switch b.kind {
		case blockHeading:
			if p.Title == "" {
				p.Title = b.text
			}
			section = strings.ToLower(b.text)
		case blockText, blockCode:
			if firstLine == "" && b.kind == blockText && !updatedRE.MatchString(b.text) && !strings.HasPrefix(b.text, ":") && !strings.HasPrefix(b.text, "..") {
				firstLine = b.text
				if titleIsFirstLine && p.Title == "" {
					p.Title = b.text
				}
			}
			if m := updatedRE.FindStringSubmatch(b.text); m != nil && p.Revision == "" {
				p.Revision = strings.TrimSpace(m[1])
			}
			if m := uriRE.FindStringSubmatch(strings.TrimSpace(b.text)); m != nil && p.Path == "" {
				p.Method, p.Path = m[1], m[2]
			}
			sb := sectionText[section]
			if sb == nil {
				sb = &strings.Builder{}
				sectionText[section] = sb
			}
			sb.WriteString(b.text + "\n")
		case blockTable:
			if t, ok := tableOf(b); ok {
				p.Tables = append(p.Tables, t)
			}
		}
	}
	if p.Title == "" {
		p.Title = firstLine
	}
	for name, sb := range sectionText {
		switch {
		case strings.HasPrefix(name, "example request") || name == "request example":
			p.ExampleRequest = firstJSON(sb.String())
		case strings.HasPrefix(name, "example response") || name == "response example":
			p.ExampleResponse = firstJSON(sb.String())
		}
	}
	return p
}

// tableOf turns a table block with a "Table N" caption into a Table.
func tableOf(b block) (Table, bool) {
	n, caption, ok := parseCaption(b.caption)
	if !ok || len(b.rows) == 0 {
		return Table{}, false
	}
	header := make([]string, len(b.rows[0]))
	for i, h := range b.rows[0] {
		header[i] = collapse(h)
	}
	t := Table{Number: n, Caption: caption, Header: header, Role: roleOf(caption, header)}
	for i, cells := range b.rows[1:] {
		r := Row{Index: i + 1, Cells: map[string]string{}}
		for k, c := range cells {
			if k < len(header) {
				r.Cells[header[k]] = collapse(c)
			}
		}
		t.Rows = append(t.Rows, r)
	}
	return t, true
}

// firstJSON returns the first JSON object or array in s, compacted, or "".
func firstJSON(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] != '{' && s[i] != '[' {
			continue
		}
		var v json.RawMessage
		if err := json.NewDecoder(strings.NewReader(s[i:])).Decode(&v); err == nil {
			var buf bytes.Buffer
			if json.Compact(&buf, v) == nil {
				return buf.String()
			}
		}
	}
	return ""
}
