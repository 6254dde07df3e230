package rules

import "testing"

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
