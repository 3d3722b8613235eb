package docs

import (
	"strings"
)

// textHeadings are the section titles of a reference page; the text rendering of
// the HTML page keeps no markup, so headings are known by name.
var textHeadings = map[string]bool{
	"function": true, "description": true, "authorization": true, "constraints": true,
	"uri": true, "request": true, "request parameters": true, "response": true,
	"response parameters": true, "example request": true, "example requests": true,
	"example response": true, "example responses": true, "status codes": true,
	"status code": true, "error codes": true, "error code": true, "debugging": true,
}

// textHeaders are the column names a table header may have.
var textHeaders = map[string]bool{
	"parameter": true, "mandatory": true, "type": true, "description": true,
	"status code": true, "error code": true, "error message": true, "name": true,
	"value": true, "http status code": true,
}

// textBlocks reads a page's text rendering: one cell, heading or paragraph a line;
// a table is its caption line, its header names one a line, then its cells row by row.
func textBlocks(src string) []block {
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n") {
		t := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), "•·*-"))
		if t != "" {
			lines = append(lines, t)
		}
	}
	var out []block
	for i := 0; i < len(lines); {
		l := lines[i]
		if _, _, ok := parseCaption(l); ok && i+1 < len(lines) && textHeaders[strings.ToLower(lines[i+1])] {
			rows, next := textTable(lines, i+1)
			out = append(out, block{kind: blockTable, caption: l, rows: rows})
			i = next
			continue
		}
		if textHeadings[strings.ToLower(l)] {
			out = append(out, block{kind: blockHeading, text: l})
		} else {
			out = append(out, block{kind: blockText, text: l})
		}
		i++
	}
	return out
}

// textTable reads the header names from start, then the cells in rows of as many,
// up to the next heading or table caption.
func textTable(lines []string, start int) ([][]string, int) {
	i := start
	var header []string
	for i < len(lines) && textHeaders[strings.ToLower(lines[i])] && !containsFold(header, lines[i]) {
		header = append(header, lines[i])
		i++
	}
	rows := [][]string{header}
	var cur []string
	for ; i < len(lines); i++ {
		l := lines[i]
		if textHeadings[strings.ToLower(l)] {
			break
		}
		if _, _, ok := parseCaption(l); ok && i+1 < len(lines) && textHeaders[strings.ToLower(lines[i+1])] {
			break
		}
		cur = append(cur, l)
		if len(cur) == len(header) {
			rows = append(rows, cur)
			cur = nil
		}
	}
	if len(cur) > 0 { // a short last row: keep what there is
		for len(cur) < len(header) {
			cur = append(cur, "")
		}
		rows = append(rows, cur)
	}
	return rows, i
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
