package rules

import "testing"

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
