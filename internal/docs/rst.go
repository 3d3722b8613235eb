package docs

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

var (
	rstSimpleRE    = regexp.MustCompile(`^=+( +=+)+\s*$`)
	rstDirectiveRE = regexp.MustCompile(`^\.\.\s+([a-z-]+)::\s*(.*)$`)
)

// rstBlocks reads the OTC RST source of a page: section titles, `table` and
// `list-table` directives holding grid or simple tables, code blocks and paragraphs.
func rstBlocks(src string) []block {
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	var out []block
	for i := 0; i < len(lines); {
		line := lines[i]
		trimmed := strings.TrimSpace(line)
		ind := indentOf(line)
		switch {
		case trimmed == "":
			i++
		case i+1 < len(lines) && ind == 0 && isUnderline(lines[i+1]) &&
			utf8.RuneCountInString(strings.TrimSpace(lines[i+1])) >= utf8.RuneCountInString(trimmed) &&
			!isUnderline(line):
			out = append(out, block{kind: blockHeading, text: trimmed})
			i += 2
		case rstDirectiveRE.MatchString(trimmed):
			m := rstDirectiveRE.FindStringSubmatch(trimmed)
			body, next := indentedBody(lines, i+1, ind)
			i = next
			switch m[1] {
			case "table":
				if rows := rstTable(body); rows != nil {
					out = append(out, block{kind: blockTable, caption: m[2], rows: rows})
				}
			case "list-table":
				if rows := rstListTable(body); rows != nil {
					out = append(out, block{kind: blockTable, caption: m[2], rows: rows})
				}
			case "code-block", "code", "sourcecode":
				out = append(out, block{kind: blockCode, text: strings.Join(skipOptions(body), "\n")})
			default:
				out = append(out, block{kind: blockText, text: trimmed})
			}
		case strings.HasPrefix(trimmed, "+-") || rstSimpleRE.MatchString(trimmed):
			body, next := tableBody(lines, i)
			i = next
			if rows := rstTable(body); rows != nil {
				caption := ""
				if n := len(out); n > 0 && out[n-1].kind == blockText {
					if _, _, ok := parseCaption(out[n-1].text); ok {
						caption = out[n-1].text
					}
				}
				out = append(out, block{kind: blockTable, caption: caption, rows: rows})
			}
		default:
			text := strings.TrimSpace(strings.TrimLeft(trimmed, "-*•"))
			out = append(out, block{kind: blockText, text: text})
			i++
		}
	}
	return out
}

// indentedBody returns the lines after start that are blank or indented deeper than
// base, with their common indentation removed, and the index of the next line.
func indentedBody(lines []string, start, base int) ([]string, int) {
	i := start
	for i < len(lines) && (strings.TrimSpace(lines[i]) == "" || indentOf(lines[i]) > base) {
		i++
	}
	body := lines[start:i]
	common := -1
	for _, l := range body {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if n := indentOf(l); common < 0 || n < common {
			common = n
		}
	}
	out := make([]string, 0, len(body))
	for _, l := range body {
		if strings.TrimSpace(l) == "" {
			out = append(out, "")
			continue
		}
		out = append(out, strings.TrimRight(string([]rune(expandTabs(l))[common:]), " "))
	}
	return out, i
}

// tableBody returns a bare table starting at start: its lines up to the first blank
// line after the table's last border.
func tableBody(lines []string, start int) ([]string, int) {
	base := indentOf(lines[start])
	i := start
	borders := 0
	simple := rstSimpleRE.MatchString(strings.TrimSpace(lines[start]))
	for i < len(lines) {
		t := strings.TrimSpace(lines[i])
		if t == "" && (!simple || borders >= 3) {
			break
		}
		if simple && rstSimpleRE.MatchString(t) {
			borders++
		}
		i++
		if simple && borders == 3 {
			break
		}
	}
	out := make([]string, 0, i-start)
	for _, l := range lines[start:i] {
		r := []rune(expandTabs(l))
		if len(r) >= base {
			r = r[base:]
		}
		out = append(out, strings.TrimRight(string(r), " "))
	}
	return out, i
}

// skipOptions drops a directive's leading :option: lines and blank lines.
func skipOptions(body []string) []string {
	i := 0
	for i < len(body) && (body[i] == "" || strings.HasPrefix(body[i], ":")) {
		i++
	}
	return body[i:]
}

// rstTable reads a grid or simple table from the lines of a table directive's body.
func rstTable(body []string) [][]string {
	body = skipOptions(body)
	if len(body) == 0 {
		return nil
	}
	if strings.HasPrefix(body[0], "+") {
		return gridTable(body)
	}
	if rstSimpleRE.MatchString(body[0]) {
		return simpleTable(body)
	}
	return nil
}

// gridTable reads a table drawn with +---+ borders; cells that span several lines
// are joined with spaces.
func gridTable(lines []string) [][]string {
	border := []rune(lines[0])
	var cols []int
	for i, r := range border {
		if r == '+' {
			cols = append(cols, i)
		}
	}
	if len(cols) < 2 {
		return nil
	}
	var rows [][]string
	var cur []string
	flush := func() {
		if cur != nil {
			for k := range cur {
				cur[k] = collapse(cur[k])
			}
			rows = append(rows, cur)
			cur = nil
		}
	}
	for _, l := range lines {
		r := []rune(l)
		if len(r) == 0 {
			continue
		}
		if r[0] == '+' {
			flush()
			continue
		}
		if r[0] != '|' {
			continue
		}
		if cur == nil {
			cur = make([]string, len(cols)-1)
		}
		for k := 0; k+1 < len(cols); k++ {
			from, to := cols[k]+1, cols[k+1]
			if from >= len(r) {
				break
			}
			if to > len(r) {
				to = len(r)
			}
			cur[k] += " " + strings.Trim(string(r[from:to]), "| ")
		}
	}
	flush()
	return rows
}

// simpleTable reads a table drawn with === === borders: the header between the first
// two borders, the body up to the last; a line with an empty first column continues
// the row above.
func simpleTable(lines []string) [][]string {
	border := []rune(lines[0])
	var starts []int
	for i, r := range border {
		if r == '=' && (i == 0 || border[i-1] == ' ') {
			starts = append(starts, i)
		}
	}
	var rows [][]string
	borders := 0
	for _, l := range lines {
		if rstSimpleRE.MatchString(l) {
			borders++
			continue
		}
		if strings.TrimSpace(l) == "" || borders == 0 {
			continue
		}
		r := []rune(l)
		cells := make([]string, len(starts))
		for k, from := range starts {
			to := len(r)
			if k+1 < len(starts) && starts[k+1] < to {
				to = starts[k+1]
			}
			if from < len(r) {
				cells[k] = strings.TrimSpace(string(r[from:to]))
			}
		}
		if cells[0] == "" && len(rows) > 0 && borders >= 2 {
			prev := rows[len(rows)-1]
			for k := range cells {
				prev[k] = collapse(prev[k] + " " + cells[k])
			}
			continue
		}
		rows = append(rows, cells)
	}
	return rows
}

// rstListTable reads a list-table body: "* - cell" starts a row, "- cell" a cell,
// deeper lines continue the cell.
func rstListTable(body []string) [][]string {
	var rows [][]string
	for _, l := range body {
		t := strings.TrimSpace(l)
		switch {
		case t == "" || strings.HasPrefix(t, ":"):
			continue
		case strings.HasPrefix(t, "* -"):
			rows = append(rows, []string{strings.TrimSpace(t[3:])})
		case strings.HasPrefix(t, "- ") || t == "-":
			if len(rows) > 0 {
				rows[len(rows)-1] = append(rows[len(rows)-1], strings.TrimSpace(strings.TrimPrefix(t, "-")))
			}
		default:
			if n := len(rows); n > 0 {
				row := rows[n-1]
				row[len(row)-1] = collapse(row[len(row)-1] + " " + t)
			}
		}
	}
	return rows
}

func indentOf(l string) int {
	l = expandTabs(l)
	return utf8.RuneCountInString(l) - utf8.RuneCountInString(strings.TrimLeft(l, " "))
}

func expandTabs(l string) string { return strings.ReplaceAll(l, "\t", "    ") }

// isUnderline reports whether l is a section adornment: one punctuation character
// repeated at least three times.
func isUnderline(l string) bool {
	l = strings.TrimRight(l, " ")
	if len(l) < 3 || !strings.ContainsRune("=-~^\"'*+#", rune(l[0])) {
		return false
	}
	return strings.Count(l, l[:1]) == len(l)
}
