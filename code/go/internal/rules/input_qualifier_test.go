package rules

import "testing"

func TestInputQualifier(t *testing.T) {
	m := func(inputs string) map[string]string {
		return map[string]string{"manifest.yml": "format_version: 3.6.0\nname: x\nversion: 1.0.0\npolicy_templates:\n  - name: nginx\n    inputs:\n" + inputs}
	}
	expectNone(t, runRule(t, "input_qualifier", m("      - type: logfile\n      - type: httpjson\n")))
	expectNone(t, runRule(t, "input_qualifier", m("      - type: otelcol\n        name: a\n      - type: otelcol\n        name: b\n")))
	msgs := runRule(t, "input_qualifier", m("      - type: otelcol\n      - type: otelcol\n"))
	expectOne(t, msgs, "manifest.yml", `policy template "nginx": input with type "otelcol" must have a name`)
	// Inputs without a type (those that use an input package) are told apart by name too.
	expectOne(t, runRule(t, "input_qualifier", m("      - package: a\n      - package: b\n")), "manifest.yml",
		`policy template "nginx": an input without a type must have a name when several inputs have no type`)
	if errs := ruleByName(t, "input_qualifier").Check(newPackage(t, m("      - type: otelcol\n      - type: otelcol\n"))); errs[0].Code != "SVR00010" {
		t.Fatalf("want SVR00010, got %q", errs[0].Code)
	}
}
