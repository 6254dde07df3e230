package output

import (
	"io"
	"net/url"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
	"github.com/pkgspec/pkgspec/code/go/pkg/validator"
)

// uncodedRule is the SARIF rule of problems that have no code of their own: the package's
// structure or a file's content does not follow the spec.
const uncodedRule = "PKGSPEC"

// SARIF writes a SARIF 2.1.0 log with one run, one rule per error code, and one result per
// problem, located at the file (joined to the package path, as a relative URI reference) and
// line. toolVersion is the version of the tool that found the problems.
func SARIF(w io.Writer, results []validator.Result, toolVersion string) error {
	report, err := sarif.New(sarif.Version210)
	if err != nil {
		return err
	}
	run := sarif.NewRunWithInformationURI("pkgspec", "https://github.com/pkgspec/pkgspec")
	if toolVersion != "" {
		run.Tool.Driver.WithVersion(toolVersion)
	}
	rules := map[string]bool{}
	add := func(pkg string, e specerrors.ValidationError, level string) {
		id := e.Code
		if id == "" {
			id = uncodedRule
		}
		if !rules[id] {
			rules[id] = true
			desc := "A package does not follow the Elastic Package specification."
			if id != uncodedRule {
				desc = "Package check " + id + " of the Elastic Package specification."
			}
			run.AddRule(id).WithShortDescription(sarif.NewMultiformatMessageString(desc))
		}
		loc := sarif.NewPhysicalLocation().WithArtifactLocation(sarif.NewSimpleArtifactLocation(fileURI(problemPath(pkg, e))))
		if e.Line > 0 {
			region := sarif.NewRegion().WithStartLine(e.Line)
			if e.Column > 0 {
				region.WithStartColumn(e.Column)
			}
			loc.WithRegion(region)
		}
		run.CreateResultForRule(id).
			WithLevel(level).
			WithMessage(sarif.NewTextMessage(e.Message)).
			AddLocation(sarif.NewLocationWithPhysicalLocation(loc))
	}
	for _, r := range results {
		for _, e := range r.Errors {
			add(r.Path, e, "error")
		}
		for _, e := range r.Warnings {
			add(r.Path, e, "warning")
		}
	}
	if run.Results == nil {
		run.Results = []*sarif.Result{}
	}
	report.AddRun(run)
	return report.PrettyWrite(w)
}

// fileURI writes a file path as the URI reference SARIF wants: characters that a URI cannot
// hold as they are (spaces, %, #, ?, control characters...) are percent-encoded, and a first
// segment with a colon is kept from reading as a scheme.
func fileURI(p string) string {
	return (&url.URL{Path: p}).String()
}
