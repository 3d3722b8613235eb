package report

import (
	"encoding/xml"
	"fmt"
	"strings"
)

// junit.xml is one test suite with one test case per requirement, for a CI
// job's test pane: a failure carries its reason and its evidence as the
// console shows it, a skip its reason.
type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Tests   int          `xml:"tests,attr"`
	Fails   int          `xml:"failures,attr"`
	Errors  int          `xml:"errors,attr"`
	Skipped int          `xml:"skipped,attr"`
	Time    string       `xml:"time,attr"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name      string      `xml:"name,attr"`
	Tests     int         `xml:"tests,attr"`
	Fails     int         `xml:"failures,attr"`
	Errors    int         `xml:"errors,attr"`
	Skipped   int         `xml:"skipped,attr"`
	Time      string      `xml:"time,attr"`
	Timestamp string      `xml:"timestamp,attr"`
	Cases     []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Error     *junitFailure `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// junitSuiteName names the one suite of junit.xml.
const junitSuiteName = "DLI Binding a Queue conformance"

func renderJUnit(s Summary) ([]byte, error) {
	suite := junitSuite{Name: junitSuiteName, Time: seconds(s.DurationSeconds), Timestamp: s.StartedAt.Format("2006-01-02T15:04:05")}
	// A run that could not start is one error of its own, so that a test pane
	// that counts only failures does not show its skipped requirements as green.
	if s.Setup != nil {
		suite.Errors++
		suite.Cases = append(suite.Cases, junitCase{Name: "[SETUP] NOT RUN: " + s.NotRun, ClassName: "setup", Time: seconds(0),
			Error: &junitFailure{Message: s.NotRun, Type: string(s.Setup.Kind), Text: s.Setup.Error()}})
	}
	for _, r := range s.Requirements {
		c := junitCase{Name: "[" + r.ID + "] " + r.Title, ClassName: r.Group, Time: seconds(r.DurationSecond)}
		switch r.Status {
		case Failed, Stale:
			suite.Fails++
			text := r.Text()
			if r.Status == Stale {
				text = "the baseline lists this requirement as failing, but it passed: remove the entry"
			}
			c.Failure = &junitFailure{Message: r.Reason, Type: r.Kind, Text: text}
		case Skipped:
			suite.Skipped++
			c.Skipped = &junitSkipped{Message: r.Reason}
		case ExpectedFailure:
			suite.Skipped++
			c.Skipped = &junitSkipped{Message: "expected failure (baseline): " + strings.TrimSpace(r.BaselineReason)}
		}
		suite.Cases = append(suite.Cases, c)
	}
	suite.Tests = len(suite.Cases)
	doc := junitSuites{Tests: suite.Tests, Fails: suite.Fails, Errors: suite.Errors, Skipped: suite.Skipped, Time: suite.Time, Suites: []junitSuite{suite}}
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode junit.xml: %w", err)
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

func seconds(s float64) string { return fmt.Sprintf("%.3f", s) }
