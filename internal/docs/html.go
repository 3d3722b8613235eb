package docs

import (
	"html"
	"regexp"
	"strings"
)

var (
	htmlTagRE     = regexp.MustCompile(`(?s)<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?>|<!--.*?-->`)
	htmlDropRE    = regexp.MustCompile(`(?is)<(script|style|head)\b.*?</(script|style|head)>|<![a-z][^>]*>`)
	htmlHeadingRE = regexp.MustCompile(`^h[1-6]$`)
)

// htmlBlocks reads a reference page as HTML: headings, <table> (caption from
// <caption> or the paragraph before it), <pre> code and paragraphs. Tables nested
// in a cell become that cell's text.
func htmlBlocks(src string) []block {
	src = htmlDropRE.ReplaceAllString(src, "")
	var (
		out     []block
		text    strings.Builder
		depth   int // table nesting
		rows    [][]string
		row     []string
		cell    strings.Builder
		inCell  bool
		caption strings.Builder
		inCapt  bool
		inPre   bool
	)
	flushText := func(kind blockKind) {
		t := text.String()
		text.Reset()
		if kind != blockCode {
			t = collapse(html.UnescapeString(t))
		} else {
			t = html.UnescapeString(t)
		}
		if strings.TrimSpace(t) != "" {
			out = append(out, block{kind: kind, text: t})
		}
	}
	write := func(s string) {
		switch {
		case inCapt:
			caption.WriteString(s)
		case inCell:
			cell.WriteString(s)
		case depth == 0:
			text.WriteString(s)
		}
	}
	pos := 0
	for _, m := range htmlTagRE.FindAllStringSubmatchIndex(src, -1) {
		write(src[pos:m[0]])
		pos = m[1]
		if m[4] < 0 { // a comment
			continue
		}
		closing := m[3] > m[2]
		name := strings.ToLower(src[m[4]:m[5]])
		switch {
		case name == "table" && !closing:
			depth++
			if depth == 1 {
				flushText(blockText)
				rows, caption = nil, strings.Builder{}
			} else {
				write(" ")
			}
		case name == "table" && closing && depth > 0:
			depth--
			if depth == 0 {
				capt := collapse(html.UnescapeString(caption.String()))
				if capt == "" && len(out) > 0 && out[len(out)-1].kind == blockText {
					if _, _, ok := parseCaption(out[len(out)-1].text); ok {
						capt = out[len(out)-1].text
					}
				}
				out = append(out, block{kind: blockTable, caption: capt, rows: rows})
			}
		case name == "caption" && depth == 1:
			inCapt = !closing
		case (name == "tr") && depth == 1:
			if !closing {
				row = nil
			} else if row != nil {
				rows = append(rows, row)
				row = nil
			}
		case (name == "td" || name == "th") && depth == 1:
			if !closing {
				inCell = true
				cell.Reset()
			} else if inCell {
				inCell = false
				row = append(row, collapse(html.UnescapeString(cell.String())))
			}
		case depth > 0:
			write(" ")
		case name == "pre":
			if !closing {
				flushText(blockText)
				inPre = true
			} else if inPre {
				inPre = false
				flushText(blockCode)
			}
		case htmlHeadingRE.MatchString(name):
			if !closing {
				flushText(blockText)
			} else {
				flushText(blockHeading)
			}
		case name == "p" || name == "div" || name == "li" || name == "br" || name == "ul" || name == "ol" || name == "section":
			if !inPre {
				flushText(blockText)
			}
		default:
			if !inPre {
				write(" ")
			}
		}
	}
	write(src[pos:])
	flushText(blockText)
	return out
}
