package pairwise

import (
	"reflect"
	"testing"
)

func TestRowsCoverEveryPair(t *testing.T) {
	params := []Parameter{
		{"a", []string{"1", "2", "3", "4"}}, {"b", []string{"x", "y"}}, {"c", []string{"p", "q", "r"}},
		{"d", []string{"on", "off"}}, {"e", []string{"1", "2", "3", "4"}}, {"f", []string{"only"}},
	}
	rows := Rows(params)
	for a := range params {
		for b := a + 1; b < len(params); b++ {
			for va := range params[a].Values {
				for vb := range params[b].Values {
					found := false
					for _, r := range rows {
						found = found || (r[a] == va && r[b] == vb)
					}
					if !found {
						t.Errorf("pair %s=%s %s=%s not covered", params[a].Name, params[a].Values[va], params[b].Name, params[b].Values[vb])
					}
				}
			}
		}
	}
	// Far fewer rows than the 384 of every combination, and at least 16 (4×4).
	if len(rows) < 16 || len(rows) > 30 {
		t.Errorf("%d rows", len(rows))
	}
	if again := Rows(params); !reflect.DeepEqual(again, rows) {
		t.Error("rows differ between calls")
	}
	t.Logf("%d rows", len(rows))
}

func TestASingleParameterGivesOneRow(t *testing.T) {
	if rows := Rows([]Parameter{{"a", []string{"1", "2"}}}); len(rows) != 1 {
		t.Errorf("%v", rows)
	}
}
