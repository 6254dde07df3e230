package rules

import (
	"slices"
	"testing"
)

func TestFleetReservedVars(t *testing.T) {
	input := map[string]string{"manifest.yml": `format_version: 3.6.1
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
	msgs := runSelected(t, "fleet_reserved_vars", input)
	if len(msgs) != 2 || msgs[0] != `manifest.yml: package root vars: variable "data_stream.dataset" must only be declared at stream level` ||
		msgs[1] != `manifest.yml: policy template "sample": variable "data_stream.dataset" must be type "text", got "bool"` {
		t.Fatalf("got %q", msgs)
	}
	goodInput := map[string]string{"manifest.yml": `format_version: 3.6.1
name: x
type: input
version: 1.0.0
policy_templates:
  - name: sample
    input: otelcol
    type: logs
    dynamic_signal_types: true
    vars:
      - name: use_apm
        type: bool
      - name: data_stream.dataset
        type: text
`}
	expectNone(t, runSelected(t, "fleet_reserved_vars", goodInput))

	integration := func(dsType, input, varType string) map[string]string {
		return map[string]string{
			"manifest.yml":               "format_version: 3.6.1\nname: x\ntype: integration\nversion: 1.0.0\n",
			"data_stream/l/manifest.yml": "title: L\ntype: " + dsType + "\nstreams:\n  - input: " + input + "\n    vars:\n      - name: use_apm\n        type: " + varType + "\n",
		}
	}
	expectNone(t, runSelected(t, "fleet_reserved_vars", integration("traces", "otelcol", "bool")))
	expectOne(t, runSelected(t, "fleet_reserved_vars", integration("logs", "otelcol", "bool")), "data_stream/l/manifest.yml", `"traces" data stream type or "dynamic_signal_types: true"`)
	// Empty values are said in words, not quoted as "".
	got := runSelected(t, "fleet_reserved_vars", map[string]string{
		"manifest.yml":               "format_version: 3.6.1\nname: x\ntype: integration\nversion: 1.0.0\n",
		"data_stream/l/manifest.yml": "title: L\nstreams:\n  - vars:\n      - name: use_apm\n",
	})
	want := []string{
		`data_stream/l/manifest.yml: stream without an input: variable "use_apm" must be "otelcol" input, got no input`,
		`data_stream/l/manifest.yml: stream without an input: variable "use_apm" must be type "bool", got no type`,
		`data_stream/l/manifest.yml: stream without an input: variable "use_apm" must be "traces" data stream type or "dynamic_signal_types: true", got no data stream type`,
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	expectOne(t, runSelected(t, "fleet_reserved_vars", integration("logs", "otelcol", "bool")), "data_stream/l/manifest.yml", `got "logs" data stream type`)
	got = runSelected(t, "fleet_reserved_vars", integration("traces", "logfile", "text"))
	want = []string{
		`data_stream/l/manifest.yml: stream with input type "logfile": variable "use_apm" must be "otelcol" input, got "logfile"`,
		`data_stream/l/manifest.yml: stream with input type "logfile": variable "use_apm" must be type "bool", got "text"`,
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	// Policy template and input vars of an integration are not stream level.
	expectOne(t, runSelected(t, "fleet_reserved_vars", map[string]string{"manifest.yml": "format_version: 3.6.1\nname: x\ntype: integration\nversion: 1.0.0\n" +
		"policy_templates:\n  - name: p\n    inputs:\n      - type: otelcol\n        vars:\n          - name: use_apm\n            type: bool\n"}),
		"manifest.yml", `policy template "p" input "otelcol" vars: variable "use_apm" must only be declared at stream level`)
	expectOne(t, runSelected(t, "fleet_reserved_vars", map[string]string{"manifest.yml": "format_version: 3.6.1\nname: x\ntype: integration\nversion: 1.0.0\n" +
		"policy_templates:\n  - name: p\n    inputs:\n      - package: other\n        vars:\n          - name: use_apm\n            type: bool\n"}),
		"manifest.yml", `policy template "p" input without a type vars: variable "use_apm" must only be declared at stream level`)
}

// The rule came with spec 3.6.1: a package of 3.6.0 that breaks it is not checked.
func TestFleetReservedVarsSince(t *testing.T) {
	files := func(version string) map[string]string {
		return map[string]string{"manifest.yml": "format_version: " + version + "\nname: x\ntype: input\nversion: 1.0.0\n" +
			"vars:\n  - name: use_apm\n    type: bool\n"}
	}
	expectNone(t, runSelected(t, "fleet_reserved_vars", files("3.6.0")))
	expectOne(t, runSelected(t, "fleet_reserved_vars", files("3.6.1")), "manifest.yml", `variable "use_apm" must only be declared at stream level`)
}

// A manifest that does not name its type is not checked, as in the reference.
func TestFleetReservedVarsUntyped(t *testing.T) {
	expectNone(t, runSelected(t, "fleet_reserved_vars", map[string]string{"manifest.yml": "format_version: 3.6.1\nname: x\nversion: 1.0.0\n" +
		"vars:\n  - name: use_apm\n    type: bool\n"}))
}
