package output

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/pkgspec/pkgspec/code/go/pkg/validator"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// JUnit writes a JUnit XML report, as CI servers read test results: one test case per
// package, failed with its errors as text lines, or in error when the package could not be
// read; warnings and skipped problems go to the case's system-out.
func JUnit(w io.Writer, results []validator.Result) error {
	suite := junitSuite{Name: "pkgspec validate", Tests: len(results), Cases: make([]junitCase, 0, len(results))}
	for _, r := range results {
		c := junitCase{Name: Clean(r.Path), ClassName: "pkgspec"}
		var problems, other []string
		for _, e := range r.Errors {
			problems = append(problems, textLine(r.Path, e, "error"))
		}
		for _, e := range r.Warnings {
			other = append(other, textLine(r.Path, e, "warning"))
		}
		for _, e := range r.Skipped {
			other = append(other, textLine(r.Path, e, "skipped"))
		}
		switch {
		case r.InputErr != nil:
			suite.Errors++
			c.Error = &junitProblem{Message: Clean(r.InputErr.Error()), Type: "unreadable", Text: strings.Join(problems, "\n")}
		case !r.Valid():
			suite.Failures++
			c.Failure = &junitProblem{Message: fmt.Sprintf("%d %s", len(r.Errors), plural(len(r.Errors), "error")), Type: "invalid", Text: strings.Join(problems, "\n")}
		}
		c.SystemOut = strings.Join(other, "\n")
		suite.Skipped += len(r.Skipped)
		suite.Cases = append(suite.Cases, c)
	}
	doc := junitSuites{Name: "pkgspec", Tests: suite.Tests, Failures: suite.Failures, Errors: suite.Errors, Suites: []junitSuite{suite}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
