package config

import (
	"fmt"
	"os"
)

// CheckReportDir makes sure the reports can be written before any request is
// sent: it creates DLI_REPORT_DIR if need be, writes a temporary file in it and
// removes that file. "none" writes no reports and is not checked. It is not part
// of Load, which touches nothing on disk; the run calls it after Load.
func (c Config) CheckReportDir() error {
	if c.ReportDir == "none" {
		return nil
	}
	fail := func(err error) error {
		return &Error{Var: EnvReportDir, Msg: fmt.Sprintf("%q is not writable: %v", c.ReportDir, err)}
	}
	if err := os.MkdirAll(c.ReportDir, 0o755); err != nil {
		return fail(err)
	}
	f, err := os.CreateTemp(c.ReportDir, ".dli-write-check-*")
	if err != nil {
		return fail(err)
	}
	name := f.Name()
	err = f.Close()
	if rmErr := os.Remove(name); err == nil {
		err = rmErr
	}
	if err != nil {
		return fail(err)
	}
	return nil
}
