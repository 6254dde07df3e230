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
	if errs := ruleByName(t, "input_qualifier").Check(newPackage(t, m("      - type: otelcol\n      - type: otelcol\n"))); errs[0].Code != "SVR00010" {
		t.Fatalf("want SVR00010, got %q", errs[0].Code)
	}
}

func TestInputsDeprecated(t *testing.T) {
	m := func(top, second string) map[string]string {
		return map[string]string{"manifest.yml": "format_version: 3.6.0\nname: x\nversion: 1.0.0\n" + top +
			"policy_templates:\n  - name: p\n    inputs:\n      - type: a\n        deprecated:\n          since: 1.0.0\n          description: old\n      - type: b\n" + second}
	}
	deprecated := "        deprecated:\n          since: 1.0.0\n          description: old\n"
	expectNone(t, runRule(t, "inputs_deprecated", m("", "")))
	expectOne(t, runRule(t, "inputs_deprecated", m("", deprecated)), "manifest.yml", "all inputs are deprecated but the integration package is not marked as deprecated")
	expectNone(t, runRule(t, "inputs_deprecated", m("deprecated:\n  since: 1.0.0\n  description: old\n", deprecated)))
	if appliesTo(t, "inputs_deprecated", "integration", "3.5.0") || !appliesTo(t, "inputs_deprecated", "integration", "3.6.0") {
		t.Fatal("inputs_deprecated must apply from 3.6.0")
	}
}

func TestDeprecatedReplacedBy(t *testing.T) {
	files := map[string]string{
		"manifest.yml": "format_version: 3.6.0\nname: x\nversion: 1.0.0\ndeprecated:\n  since: 1.0.0\n  description: d\n  replaced_by:\n    package: y\n" +
			"policy_templates:\n  - name: p\n    deprecated:\n      since: 1.0.0\n      description: d\n      replaced_by:\n        input: z\n",
		"data_stream/l/manifest.yml": "title: L\ntype: logs\ndeprecated:\n  since: 1.0.0\n  description: d\n  replaced_by:\n    data_stream: m\n",
	}
	expectOne(t, runRule(t, "deprecated_replaced_by", files), "manifest.yml",
		"policy_template deprecated.replaced_by.policy_template must be specified")
}
