package docgen

import (
	"fmt"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/broken"
	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
	"github.com/dli-conformance/dli-conformance/internal/mdtext"
)

// settingsTable is every setting with its flag, default and help.
func settingsTable(string) (string, error) { return config.MarkdownTable(), nil }

// groupCounts says how many requirements each group holds, groups in the order
// the catalogue first names them.
func groupCounts(reqs []entry) string {
	var order []string
	n := map[string]int{}
	for _, r := range reqs {
		if n[r.Group] == 0 {
			order = append(order, r.Group)
		}
		n[r.Group]++
	}
	parts := make([]string, len(order))
	for i, g := range order {
		parts[i] = fmt.Sprintf("%d %s", n[g], g)
	}
	return strings.Join(parts, ", ")
}

// requirementCounts is the size of the catalogue, by group.
func requirementCounts(string) (string, error) {
	reqs := catalogue()
	return fmt.Sprintf("The catalogue holds **%d** requirements: %s.\n", len(reqs), groupCounts(reqs)), nil
}

// derivedLabel tells the labels every requirement carries by rule (its id, group,
// operation and needs) from those that say something of their own.
func derivedLabel(l string) bool {
	for _, p := range []string{"id:", "kind:", "op:", "needs:"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// codeList renders names as inline code, comma-separated.
func codeList(names []string) string {
	out := make([]string, len(names))
	for i, s := range names {
		out[i] = mdtext.Cell(s)
	}
	return strings.Join(out, ", ")
}

// requirementTable lists every requirement in catalogue order.
func requirementTable(string) (string, error) {
	var b strings.Builder
	b.WriteString("| ID | Group | Title | Needs | Other labels | Documented codes |\n|---|---|---|---|---|---|\n")
	for _, r := range catalogue() {
		var labels []string
		for _, l := range r.Labels {
			if !derivedLabel(l) {
				labels = append(labels, l)
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", mdtext.Cell(r.ID), mdtext.Text(r.Group),
			mdtext.Text(r.Title), codeList(r.Needs), codeList(labels), codeList(r.Codes))
	}
	return b.String(), nil
}

// latitudeTable lists the choices the documentation leaves open, as the
// emulator's flags.
func latitudeTable(string) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "%d choices, each an `emulator` flag; the first value is the default.\n\n", len(emulator.LatitudeChoices))
	b.WriteString("| Flag | Values tried | What it chooses |\n|---|---|---|\n")
	for _, c := range emulator.LatitudeChoices {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", mdtext.Cell("--"+c.Name), codeList(c.Values), mdtext.Text(c.Usage))
	}
	return b.String(), nil
}

// defectTable lists the emulator's named defects.
func defectTable(string) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "%d defects, each named by `--defect NAME` (repeatable).\n\n", len(broken.Defects))
	b.WriteString("| Defect | What it breaks |\n|---|---|\n")
	for _, d := range broken.Defects {
		fmt.Fprintf(&b, "| %s | %s |\n", mdtext.Cell(d.Name), mdtext.Text(d.Description))
	}
	return b.String(), nil
}

// counts is the paragraph of figures the README and the contributing guide
// give: how much is checked, and how much proves the checks.
func counts(root string) (string, error) {
	reqs := catalogue()
	return fmt.Sprintf("The catalogue holds **%d** requirements (%s), beside the cases the suite generates from the contract. "+
		"The documentation leaves **%d** choices open; each is an emulator option, and the suite passes every pair of them. "+
		"**%d** broken implementations (decorators of the emulator in internal/broken, **%d** of them also named defects of the emulator command) "+
		"each fail exactly the requirements they break.\n",
		len(reqs), groupCounts(reqs), len(emulator.LatitudeChoices), len(broken.Catalogue), len(broken.Defects)), nil
}
