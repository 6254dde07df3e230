package rules

import "testing"

func TestInputsDeprecated(t *testing.T) {
	m := func(fv, top, second string) map[string]string {
		return map[string]string{"manifest.yml": "format_version: " + fv + "\nname: x\ntype: integration\nversion: 1.0.0\n" + top +
			"policy_templates:\n  - name: p\n    inputs:\n      - type: a\n        deprecated:\n          since: 1.0.0\n          description: old\n      - type: b\n" + second}
	}
	deprecated := "        deprecated:\n          since: 1.0.0\n          description: old\n"
	expectNone(t, runSelected(t, "inputs_deprecated", m("3.6.0", "", "")))
	expectOne(t, runSelected(t, "inputs_deprecated", m("3.6.0", "", deprecated)), "manifest.yml", "all inputs are deprecated but the integration package is not marked as deprecated")
	expectNone(t, runSelected(t, "inputs_deprecated", m("3.6.0", "deprecated:\n  since: 1.0.0\n  description: old\n", deprecated)))
	// Deprecations appeared in 3.6.0: the same package is not checked just before.
	expectNone(t, runSelected(t, "inputs_deprecated", m("3.5.0", "", deprecated)))
	if appliesTo(t, "inputs_deprecated", "integration", "3.5.0") || !appliesTo(t, "inputs_deprecated", "integration", "3.6.0") {
		t.Fatal("inputs_deprecated must apply from 3.6.0")
	}
	if appliesTo(t, "inputs_deprecated", "input", "3.6.0") {
		t.Fatal("inputs_deprecated is for integration packages only")
	}
}
