package rules

import (
	"strings"
	"testing"
)

func TestDynamicSignalTypes(t *testing.T) {
	input := func(pt string) map[string]string {
		return map[string]string{"manifest.yml": "format_version: 3.6.0\nname: x\ntype: input\nversion: 1.0.0\npolicy_templates:\n  - name: p\n" + pt}
	}
	expectNone(t, runRule(t, "dynamic_signal_types", input("    input: otelcol\n    dynamic_signal_types: true\n")))
	expectOne(t, runRule(t, "dynamic_signal_types", input("    input: otelcol\n    type: logs\n    dynamic_signal_types: true\n")),
		"manifest.yml", "type field must not be set when dynamic_signal_types is true")
	expectOne(t, runRule(t, "dynamic_signal_types", input("    input: logfile\n    dynamic_signal_types: true\n")),
		"manifest.yml", "only allowed when input is 'otelcol'")
	integration := map[string]string{"manifest.yml": "format_version: 3.6.0\nname: x\ntype: integration\nversion: 1.0.0\npolicy_templates:\n  - name: p\n    inputs:\n      - type: logfile\n        dynamic_signal_types: true\n"}
	expectOne(t, runRule(t, "dynamic_signal_types", integration), "manifest.yml", `policy template "p": input type "logfile": dynamic_signal_types is only allowed`)
	// An empty type is no type.
	expectNone(t, runRule(t, "dynamic_signal_types", input("    input: otelcol\n    type: \"\"\n    dynamic_signal_types: true\n")))
	// A manifest that does not name its type is not checked, as in the reference.
	untyped := map[string]string{"manifest.yml": strings.Replace(integration["manifest.yml"], "type: integration\n", "", 1)}
	expectNone(t, runRule(t, "dynamic_signal_types", untyped))
}

// The rule applies from spec 3.6.0, to every package type.
func TestDynamicSignalTypesSince(t *testing.T) {
	files := func(version string) map[string]string {
		return map[string]string{"manifest.yml": "format_version: " + version + "\nname: x\ntype: input\nversion: 1.0.0\n" +
			"policy_templates:\n  - name: p\n    input: logfile\n    dynamic_signal_types: true\n"}
	}
	expectNone(t, runSelected(t, "dynamic_signal_types", files("3.5.0")))
	expectOne(t, runSelected(t, "dynamic_signal_types", files("3.6.0")), "manifest.yml", "only allowed when input is 'otelcol'")
}
