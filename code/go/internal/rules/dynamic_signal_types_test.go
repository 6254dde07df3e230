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

func TestOtelSuffix(t *testing.T) {
	ds := func(body string) map[string]string {
		return map[string]string{"manifest.yml": "format_version: 3.6.0\nname: x\nversion: 1.0.0\n", "data_stream/l/manifest.yml": "title: L\ntype: logs\nuse_otel_suffix: true\n" + body}
	}
	expectNone(t, runRule(t, "otel_suffix", ds("")))
	expectOne(t, runRule(t, "otel_suffix", ds("streams:\n  - input: logfile\n")), "data_stream/l/manifest.yml", `inputs defined: "logfile"`)
}

func TestFleetReservedVars(t *testing.T) {
	input := map[string]string{"manifest.yml": `format_version: 3.6.0
name: x
type: input
version: 1.0.0
vars:
  - name: data_stream.dataset
    type: text
policy_templates:
  - name: sample
    input: otelcol
    type: traces
    vars:
      - name: use_apm
        type: bool
      - name: data_stream.dataset
        type: bool
`}
	msgs := runRule(t, "fleet_reserved_vars", input)
	if len(msgs) != 2 || msgs[0] != `manifest.yml: package root vars: variable "data_stream.dataset" must only be declared at stream level` ||
		msgs[1] != `manifest.yml: policy template "sample": variable "data_stream.dataset" must be type "text", got "bool"` {
		t.Fatalf("got %q", msgs)
	}
	integration := map[string]string{
		"manifest.yml":               "format_version: 3.6.0\nname: x\nversion: 1.0.0\n",
		"data_stream/l/manifest.yml": "title: L\ntype: logs\nstreams:\n  - input: otelcol\n    vars:\n      - name: use_apm\n        type: bool\n",
	}
	expectOne(t, runRule(t, "fleet_reserved_vars", integration), "data_stream/l/manifest.yml", `"traces" data stream type or "dynamic_signal_types: true"`)
}
