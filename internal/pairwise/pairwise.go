// Package pairwise draws a covering array of strength two: a small set of rows
// such that every value of every parameter meets every value of every other
// parameter in at least one row.
package pairwise

// Parameter is a named choice with its values.
type Parameter struct {
	Name   string
	Values []string
}

type pair struct{ a, va, b, vb int }

// Rows returns rows (one value index per parameter, in parameter order) that
// cover every pair of values of two parameters. It is deterministic: the same
// parameters give the same rows. A parameter without values gets index -1.
func Rows(params []Parameter) [][]int {
	uncovered := map[pair]bool{}
	for a := range params {
		for b := a + 1; b < len(params); b++ {
			for va := range params[a].Values {
				for vb := range params[b].Values {
					uncovered[pair{a, va, b, vb}] = true
				}
			}
		}
	}
	var rows [][]int
	for {
		row := make([]int, len(params))
		for i := range row {
			row[i] = -1
		}
		// Seed the row with the first uncovered pair in a fixed order.
		seeded := false
		for a := range params {
			for b := a + 1; b < len(params) && !seeded; b++ {
				for va := range params[a].Values {
					for vb := range params[b].Values {
						if !seeded && uncovered[pair{a, va, b, vb}] {
							row[a], row[b], seeded = va, vb, true
						}
					}
				}
			}
		}
		if !seeded {
			if len(rows) == 0 {
				for i, p := range params {
					if len(p.Values) > 0 {
						row[i] = 0
					}
				}
				rows = append(rows, row)
			}
			return rows
		}
		// Fill the rest greedily: the value that covers most uncovered pairs with
		// what the row already holds.
		for i := range params {
			if row[i] >= 0 || len(params[i].Values) == 0 {
				continue
			}
			best, bestGain := 0, -1
			for v := range params[i].Values {
				gain := 0
				for j := range params {
					if row[j] < 0 || j == i {
						continue
					}
					if uncovered[key(i, v, j, row[j])] {
						gain++
					}
				}
				if gain > bestGain {
					best, bestGain = v, gain
				}
			}
			row[i] = best
		}
		for a := range params {
			for b := a + 1; b < len(params); b++ {
				if row[a] >= 0 && row[b] >= 0 {
					delete(uncovered, pair{a, row[a], b, row[b]})
				}
			}
		}
		rows = append(rows, row)
	}
}

func key(i, vi, j, vj int) pair {
	if i < j {
		return pair{i, vi, j, vj}
	}
	return pair{j, vj, i, vi}
}
