package rules

import "testing"

func TestDynamicSignalTypes(t *testing.T) {
	input := func(pt string) map[string]string {
		return map[string]string{"manifest.yml": "format_version: 3.6.0\nname: x\ntype: input\nversion: 1.0.0\npolicy_templates:\n  - name: p\n" + pt}
	}
	expectNone(t, runRule(t, "dynamic_signal_types", input("    input: otelcol\n    dynamic_signal_types: true\n")))
	expectOne(t, runRule(t, "dynamic_signal_types", input("    input: otelcol\n    type: logs\n    dynamic_signal_types: true\n")),
		"manifest.yml", "type field must not be set when dynamic_signal_types is true")
	expectOne(t, runRule(t, "dynamic_signal_types", input("    input: logfile\n    dynamic_signal_types: true\n")),
		"manifest.yml", "only allowed when input is 'otelcol'")
	integration := map[string]string{"manifest.yml": "format_version: 3.6.0\nname: x\nversion: 1.0.0\npolicy_templates:\n  - name: p\n    inputs:\n      - type: logfile\n        dynamic_signal_types: true\n"}
	expectOne(t, runRule(t, "dynamic_signal_types", integration), "manifest.yml", `policy template "p": input type "logfile": dynamic_signal_types is only allowed`)
}
