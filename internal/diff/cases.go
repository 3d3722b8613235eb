package diff

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dli-conformance/dli-conformance/internal/report"
)

// CasesFile is the file of a run's report directory that holds its cases.
const CasesFile = report.CasesFile

// ReadRun reads a run's summary.json and cases.json from its report directory.
func ReadRun(dir string) (Run, error) {
	var s report.Summary
	if err := readJSON(filepath.Join(dir, "summary.json"), &s); err != nil {
		return Run{}, err
	}
	var doc report.CasesDoc
	if err := readJSON(filepath.Join(dir, CasesFile), &doc); err != nil {
		return Run{}, err
	}
	if doc.SchemaVersion != report.CasesSchema {
		return Run{}, fmt.Errorf("%s: schema_version %d, want %d", filepath.Join(dir, CasesFile), doc.SchemaVersion, report.CasesSchema)
	}
	run := Run{Cases: doc.Cases, Results: map[string]string{}, Titles: map[string]string{}, NothingTested: s.NothingTested,
		Side: Side{Target: s.Target, Profile: s.Profile, Passed: s.Counts.Passed, Failed: s.Counts.Failed, Skipped: s.Counts.Skipped, Reports: dir}}
	for _, r := range s.Requirements {
		run.Results[r.ID] = string(r.Status)
		run.Titles[r.ID] = r.Title
	}
	return run, nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s is missing: not the report directory of a run of this version", path)
	}
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	return nil
}
