package rules

import "testing"

func TestDurationVariables(t *testing.T) {
	m := func(fv, v string) map[string]string {
		return map[string]string{"manifest.yml": "format_version: " + fv + "\nname: x\nversion: 1.0.0\nvars:\n  - name: d\n    type: duration\n" + v}
	}
	expectNone(t, runSelected(t, "duration_variables", m("3.5.0", "    min_duration: 1s\n    default: 10s\n    max_duration: 1m\n")))
	expectOne(t, runSelected(t, "duration_variables", m("3.5.0", "    min_duration: 1m\n    default: 10s\n")), "manifest.yml", `min_duration "1m" greater than default "10s"`)
	expectOne(t, runSelected(t, "duration_variables", m("3.5.0", "    default: forever\n")), "manifest.yml",
		`duration variable "d": invalid default value "forever": it is not a duration such as "30s", "1m30s" or "2h"`)
	// Values that are not strings are described in words, not in Go syntax.
	expectOne(t, runSelected(t, "duration_variables", m("3.5.0", "    default: 30\n")), "manifest.yml",
		`duration variable "d": default must be a duration string such as "30s", not the number 30`)
	expectOne(t, runSelected(t, "duration_variables", m("3.5.0", "    max_duration: {a: 1}\n")), "manifest.yml",
		`duration variable "d": max_duration must be a duration string such as "30s", not a mapping`)
	// The error points at the key concerned.
	errs := ruleByName(t, "duration_variables").Check(newPackage(t, m("3.5.0", "    min_duration: 1s\n    default: 10s\n    max_duration: 5s\n")))
	if len(errs) != 1 || errs[0].Field != "vars.0.default" || errs[0].Line != 8 || errs[0].Column != 5 {
		t.Fatalf("want one error at vars.0.default, line 8, column 5; got %+v", errs)
	}
	expectOne(t, runSelected(t, "duration_variables", m("3.5.0", "    min_duration: -1s\n")), "manifest.yml", "negative min_duration")
	// Duration bounds appeared in 3.5.0: the same package is not checked just before.
	expectNone(t, runSelected(t, "duration_variables", m("3.4.0", "    min_duration: 1m\n    default: 10s\n")))
	if appliesTo(t, "duration_variables", "integration", "3.4.0") || !appliesTo(t, "duration_variables", "input", "3.5.0") {
		t.Fatal("duration_variables must apply from 3.5.0")
	}
}
