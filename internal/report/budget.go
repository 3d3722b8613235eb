package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/redact"
	"github.com/dli-conformance/dli-conformance/internal/safewrite"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// File is a file of a run besides the four Write renders itself, written into
// the same directory under the same DLI_MAX_REPORT_BYTES.
type File struct {
	// Name is the file's name in the report directory, such as "cases.json".
	Name string
	// Render renders the file with each evidence text in it (exchanges, curl
	// lines, messages) cut by CutEvidence to at most evidence bytes; a negative
	// evidence asks for the file whole. Write calls it once per cut it tries.
	Render func(evidence int) ([]byte, error)
}

// ReportCut says how the reports were made to fit DLI_MAX_REPORT_BYTES. Only
// evidence is cut: statuses, counts and the verdict are the run's.
type ReportCut struct {
	// LimitBytes is DLI_MAX_REPORT_BYTES.
	LimitBytes int64 `json:"limit_bytes"`
	// EvidenceBytes is what each evidence text (an exchange, a curl line, a
	// message) was cut to at most.
	EvidenceBytes int `json:"evidence_bytes"`
	// Omitted lists the files not written, because even without evidence they
	// did not fit.
	Omitted []string `json:"omitted,omitempty"`
	// Over is set when summary.json alone, its evidence cut, is larger than the
	// limit: it is written all the same, for it carries the verdict.
	Over bool `json:"over_limit,omitempty"`
}

// The cuts Write tries, largest first, when the reports do not fit whole: the
// bytes each evidence text keeps at most.
var evidenceCuts = []int{64 << 10, 16 << 10, 4 << 10, 1 << 10, 256, 0}

// minMessage is what a failure's message and reason keep whatever the cut:
// without them a reader cannot tell what failed.
const minMessage = 160

// rendered is one file of the reports, in the order they are kept when even
// the smallest cut does not fit: the verdict first, junit.xml last.
type rendered struct {
	name string
	data []byte
}

// limitOf is the budget Write keeps to.
func (s Summary) limitOf() int64 {
	if s.maxReportBytes > 0 {
		return s.maxReportBytes
	}
	return config.DefaultMaxReportBytes
}

// Write writes summary.json, junit.xml, report.html, summary.md and the extra
// files for the run into dir, all of them together within the
// DLI_MAX_REPORT_BYTES the summary was built with (Inputs.Config). When they do
// not fit whole, every evidence text in every file is cut to the same size,
// the largest that fits, and summary.json, report.html and summary.md say so;
// when even no evidence does not fit, files are left out, junit.xml first,
// summary.json never. The verdict is the same whatever is cut.
//
// Every file passes the run's redactor (that of the configuration the summary
// was built with) as bytes, whatever field they came from, and the summary is
// masked before it is cut or rendered, so that a cut cannot halve a secret
// and an escape cannot hide one; sizes are those of the masked bytes.
func Write(dir string, s Summary, extra ...File) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create report directory %s: %w", dir, err)
	}
	s = redact.Deep(s.redactor, s)
	limit := s.limitOf()
	files, err := renderAll(s, extra, -1)
	if err != nil {
		return err
	}
	if size(files) > limit {
		files = nil
		for _, cut := range evidenceCuts {
			note := &ReportCut{LimitBytes: limit, EvidenceBytes: cut}
			if files, err = renderAll(s.cut(cut, note), extra, cut); err != nil {
				return err
			}
			if size(files) <= limit {
				break
			}
		}
		if size(files) > limit {
			if files, err = omitToFit(s, extra, limit); err != nil {
				return err
			}
		}
	}
	for _, f := range files {
		if err := safewrite.File(s.redactor, filepath.Join(dir, f.name), f.data); err != nil {
			return err
		}
	}
	return nil
}

// omitToFit renders the reports with no evidence and leaves files out, from
// the end of the order, until the rest fits; summary.json stays, over the
// limit if it must. The note names what was left out, so it is rendered again
// until the files left out no longer change.
func omitToFit(s Summary, extra []File, limit int64) ([]rendered, error) {
	note := &ReportCut{LimitBytes: limit, EvidenceBytes: 0}
	for {
		files, err := renderAll(s.cut(0, note), extra, 0)
		if err != nil {
			return nil, err
		}
		keep := len(files)
		for keep > 1 && size(files[:keep]) > limit {
			keep--
		}
		var omitted []string
		for _, f := range files[keep:] {
			omitted = append(omitted, f.name)
		}
		over := size(files[:keep]) > limit
		if slices.Equal(omitted, note.Omitted) && over == note.Over {
			return files[:keep], nil
		}
		note.Omitted, note.Over = omitted, over
	}
}

func size(files []rendered) int64 {
	var n int64
	for _, f := range files {
		n += int64(len(f.data))
	}
	return n
}

// renderAll renders every file of the reports, in the order they are kept,
// each as it will be written: masked by the run's redactor.
func renderAll(s Summary, extra []File, evidence int) ([]rendered, error) {
	files, err := renderPlain(s, extra, evidence)
	for i := range files {
		files[i].data = safewrite.Bytes(s.redactor, files[i].data)
	}
	return files, err
}

// renderPlain renders every file of the reports, in the order they are kept.
func renderPlain(s Summary, extra []File, evidence int) ([]rendered, error) {
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode summary: %w", err)
	}
	files := []rendered{{name: "summary.json", data: append(out, '\n')}}
	for _, f := range []struct {
		name  string
		write func(io.Writer, Summary) error
	}{{"summary.md", WriteMarkdown}, {"report.html", WriteHTML}} {
		var b bytes.Buffer
		if err := f.write(&b, s); err != nil {
			return nil, fmt.Errorf("render %s: %w", f.name, err)
		}
		files = append(files, rendered{name: f.name, data: b.Bytes()})
	}
	for _, f := range extra {
		if f.Render == nil {
			return nil, fmt.Errorf("render %s: no Render function", f.Name)
		}
		data, err := f.Render(evidence)
		if err != nil {
			return nil, fmt.Errorf("render %s: %w", f.Name, err)
		}
		files = append(files, rendered{name: f.Name, data: data})
	}
	junit, err := renderJUnit(s)
	if err != nil {
		return nil, err
	}
	return append(files, rendered{name: "junit.xml", data: junit}), nil
}

// cut returns a copy of s with every evidence text cut to n bytes and the
// note of the cut; statuses, counts and kinds are untouched.
func (s Summary) cut(n int, note *ReportCut) Summary {
	out := s
	out.Requirements = slices.Clone(s.Requirements)
	for i := range out.Requirements {
		res := &out.Requirements[i]
		res.Reason = verdict.CutEvidence(res.Reason, max(n, minMessage))
		res.Failure = cutFailure(res.Failure, n)
	}
	out.Setup = cutFailure(s.Setup, n)
	if len(s.EmulatorViolations) > 0 {
		out.EmulatorViolations = make([]string, len(s.EmulatorViolations))
		for i, v := range s.EmulatorViolations {
			out.EmulatorViolations[i] = verdict.CutEvidence(v, max(n, minMessage))
		}
	}
	out.ReportCut = note
	out.Warnings = append(slices.Clone(s.Warnings), note.warning())
	return out
}

// warning is the note as reports show it to people.
func (c *ReportCut) warning() string {
	w := fmt.Sprintf("The reports were cut to fit DLI_MAX_REPORT_BYTES (%s): each exchange, curl line and message keeps at most %d bytes; the verdict is unchanged.",
		sizeText(c.LimitBytes), c.EvidenceBytes)
	if len(c.Omitted) > 0 {
		w += " Not written, even without evidence: " + strings.Join(c.Omitted, ", ") + "."
	}
	if c.Over {
		w += " summary.json alone is larger than the limit and is written all the same."
	}
	return w
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%dMiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%dKiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// stepsKept bounds the steps of a reproduction once no evidence is kept: the
// first and the last half of them.
const stepsKept = 20

func cutFailure(f *verdict.Failure, n int) *verdict.Failure {
	if f == nil {
		return nil
	}
	c := *f
	c.Message = verdict.CutEvidence(f.Message, max(n, minMessage))
	c.Expected = verdict.CutEvidence(f.Expected, max(n, minMessage))
	c.Exchange = verdict.CutEvidence(f.Exchange, n)
	c.Curl = verdict.CutEvidence(f.Curl, n)
	c.Undone = make([]string, len(f.Undone))
	for i, u := range f.Undone {
		c.Undone[i] = verdict.CutEvidence(u, max(n, minMessage))
	}
	steps := f.Steps
	if n == 0 && len(steps) > stepsKept {
		steps = append(slices.Clone(steps[:stepsKept/2]), append([]verdict.Step{{
			Description: fmt.Sprintf("… %d steps cut to fit DLI_MAX_REPORT_BYTES", len(steps)-stepsKept)}},
			steps[len(steps)-stepsKept/2:]...)...)
	}
	c.Steps = make([]verdict.Step, len(steps))
	for i, st := range steps {
		c.Steps[i] = verdict.Step{Description: verdict.CutEvidence(st.Description, max(n, minMessage)),
			Curl: verdict.CutEvidence(st.Curl, n), Observed: verdict.CutEvidence(st.Observed, n)}
	}
	if f.Undone == nil {
		c.Undone = nil
	}
	if f.Steps == nil {
		c.Steps = nil
	}
	return &c
}
