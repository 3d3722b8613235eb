package report

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

const echoedSecret = "tok-ECHOED-SECRET-7a8b9c"

// fillStrings sets every settable string reachable in v to s, through
// structs, pointers and slices: a field added to a record later is filled
// too, without this test naming it.
func fillStrings(v reflect.Value, s string, depth int) {
	if depth > 8 {
		return
	}
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			v.SetString("the target said " + s + " here")
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillStrings(v.Field(i), s, depth+1)
			}
		}
	case reflect.Pointer:
		if v.IsNil() && v.CanSet() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		if !v.IsNil() {
			fillStrings(v.Elem(), s, depth+1)
		}
	case reflect.Slice:
		if v.Len() == 0 && v.CanSet() && v.Type().Elem().Kind() != reflect.Uint8 {
			v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		}
		for i := range v.Len() {
			fillStrings(v.Index(i), s, depth+1)
		}
	}
}

// TestEveryFieldOfARecordedCaseIsMaskedInEveryFile fills every string of a
// result and its cases with an echoed secret, whatever the field, and
// searches every file WriteRun wrote, whole and cut to a small limit.
func TestEveryFieldOfARecordedCaseIsMaskedInEveryFile(t *testing.T) {
	for _, limit := range []int64{0, 150 << 10} {
		res := verdict.Result{ID: "BIND-QUEUES", Status: verdict.Failed}
		fillStrings(reflect.ValueOf(&res).Elem(), echoedSecret, 0)
		res.ID, res.Status = "BIND-QUEUES", verdict.Failed
		if len(res.Cases) == 0 || !strings.Contains(res.Cases[0].Message, echoedSecret) {
			t.Fatalf("the filler did not reach the cases: %+v", res.Cases)
		}
		cfg := config.Config{AuthToken: echoedSecret, MaxReportBytes: limit}
		dir := t.TempDir()
		if err := WriteRun(dir, Build([]verdict.Result{res}, Inputs{Config: cfg}), []verdict.Result{res}); err != nil {
			t.Fatal(err)
		}
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		if len(files) < 5 {
			t.Fatalf("limit %d: %d files written", limit, len(files))
		}
		for _, f := range files {
			b, _ := os.ReadFile(f)
			for _, form := range []string{echoedSecret, echoedSecret[:12], echoedSecret[12:]} {
				if strings.Contains(string(b), form) {
					t.Errorf("limit %d: %s holds %q", limit, filepath.Base(f), form)
				}
			}
		}
	}
}
