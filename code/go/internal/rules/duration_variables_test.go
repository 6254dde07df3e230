package rules

import "testing"

func TestDurationVariables(t *testing.T) {
	m := func(fv, v string) map[string]string {
		return map[string]string{"manifest.yml": "format_version: " + fv + "\nname: x\nversion: 1.0.0\nvars:\n  - name: d\n    type: duration\n" + v}
	}
	expectNone(t, runSelected(t, "duration_variables", m("3.5.0", "    min_duration: 1s\n    default: 10s\n    max_duration: 1m\n")))
	expectOne(t, runSelected(t, "duration_variables", m("3.5.0", "    min_duration: 1m\n    default: 10s\n")), "manifest.yml", `min_duration "1m" greater than default "10s"`)
	expectOne(t, runSelected(t, "duration_variables", m("3.5.0", "    default: forever\n")), "manifest.yml", `invalid default value "forever"`)
	expectOne(t, runSelected(t, "duration_variables", m("3.5.0", "    min_duration: -1s\n")), "manifest.yml", "negative min_duration")
	// Duration bounds appeared in 3.5.0: the same package is not checked just before.
	expectNone(t, runSelected(t, "duration_variables", m("3.4.0", "    min_duration: 1m\n    default: 10s\n")))
	if appliesTo(t, "duration_variables", "integration", "3.4.0") || !appliesTo(t, "duration_variables", "input", "3.5.0") {
		t.Fatal("duration_variables must apply from 3.5.0")
	}
}
