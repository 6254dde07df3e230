package rules

import "testing"

func TestOtelSuffix(t *testing.T) {
	ds := func(body string) map[string]string {
		return map[string]string{"manifest.yml": "format_version: 3.6.0\nname: x\nversion: 1.0.0\n", "data_stream/l/manifest.yml": "title: L\ntype: logs\nuse_otel_suffix: true\n" + body}
	}
	expectNone(t, runRule(t, "otel_suffix", ds("")))
	expectOne(t, runRule(t, "otel_suffix", ds("streams:\n  - input: logfile\n")), "data_stream/l/manifest.yml", `inputs defined: "logfile"`)
}
