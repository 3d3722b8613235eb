package docs

import (
	"regexp"
	"strconv"
	"strings"
)

// block is one element of a page in reading order, the common ground of the parsers:
// each form is turned into blocks, and extract reads a Page from blocks.
type block struct {
	kind    blockKind
	text    string     // heading, paragraph or code text
	caption string     // a table's caption as written (Table 2 Request parameters)
	rows    [][]string // a table's rows, the header first
}

type blockKind int

const (
	blockHeading blockKind = iota
	blockText
	blockCode
	blockTable
)

var captionRE = regexp.MustCompile(`^\s*Table\s+(\d+)\s*(.*?)\s*$`)

// parseCaption reads "Table 4 Status codes" (with any RST emphasis removed).
func parseCaption(s string) (int, string, bool) {
	s = strings.ReplaceAll(s, "**", "")
	m := captionRE.FindStringSubmatch(collapse(s))
	if m == nil {
		return 0, "", false
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		return 0, "", false
	}
	return n, m[2], true
}

// roleOf tells a table's role from its caption and header.
func roleOf(caption string, header []string) Role {
	c := strings.ToLower(caption)
	switch {
	case strings.Contains(c, "status code"):
		return RoleStatus
	case strings.Contains(c, "uri param") || strings.Contains(c, "path param"):
		return RoleURI
	case strings.Contains(c, "query param"):
		return RoleQuery
	case strings.Contains(c, "request param") || strings.Contains(c, "request body"):
		return RoleRequest
	case strings.Contains(c, "response param") || strings.Contains(c, "response body"):
		return RoleResponse
	}
	if len(header) > 0 && strings.EqualFold(header[0], "Status Code") {
		return RoleStatus
	}
	return RoleOther
}

// collapse joins the words of s with single spaces.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func itoa(n int) string { return strconv.Itoa(n) }
