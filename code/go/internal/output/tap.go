package output

import (
	"fmt"
	"io"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/pkgspec/pkgspec/code/go/pkg/validator"
)

// tapDetails is the YAML block written under a package that has problems.
type tapDetails struct {
	Errors   []string `yaml:"errors,omitempty"`
	Warnings []string `yaml:"warnings,omitempty"`
	Skipped  []string `yaml:"skipped,omitempty"`
}

// TAP writes a Test Anything Protocol (version 13) stream: one test point per package, `ok`
// when it is valid, with its problems in a YAML block below it. Names are cleaned as in the
// text output, and # is escaped so that no name reads as a TAP directive.
func TAP(w io.Writer, results []validator.Result) error {
	t := textWriter{w: w}
	t.line("TAP version 13")
	t.line(fmt.Sprintf("1..%d", len(results)))
	for i, r := range results {
		status := "ok"
		if !r.Valid() {
			status = "not ok"
		}
		t.line(fmt.Sprintf("%s %d - %s", status, i+1, strings.ReplaceAll(Clean(r.Path), "#", `\#`)))
		var d tapDetails
		for _, e := range r.Errors {
			d.Errors = append(d.Errors, textLine(r.Path, e, "error"))
		}
		for _, e := range r.Warnings {
			d.Warnings = append(d.Warnings, textLine(r.Path, e, "warning"))
		}
		for _, e := range r.Skipped {
			d.Skipped = append(d.Skipped, textLine(r.Path, e, "skipped"))
		}
		if d.Errors == nil && d.Warnings == nil && d.Skipped == nil {
			continue
		}
		var block strings.Builder
		enc := yaml.NewEncoder(&block)
		enc.SetIndent(2)
		if err := enc.Encode(d); err != nil {
			return err
		}
		t.line("  ---")
		for _, l := range strings.Split(strings.TrimSuffix(block.String(), "\n"), "\n") {
			t.line("  " + l)
		}
		t.line("  ...")
	}
	return t.err
}
