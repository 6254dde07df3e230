package rules

import "testing"

func TestOtelSuffix(t *testing.T) {
	ds := func(body string) map[string]string {
		return map[string]string{"manifest.yml": "format_version: 3.6.0\nname: x\nversion: 1.0.0\n", "data_stream/l/manifest.yml": "title: L\ntype: logs\n" + body}
	}
	expectNone(t, runSelected(t, "otel_suffix", ds("use_otel_suffix: true\n")))
	expectNone(t, runSelected(t, "otel_suffix", ds("use_otel_suffix: false\nstreams:\n  - input: logfile\n")))
	expectNone(t, runSelected(t, "otel_suffix", ds("streams:\n  - input: logfile\n")))
	expectOne(t, runSelected(t, "otel_suffix", ds("use_otel_suffix: true\nstreams:\n  - input: logfile\n  - input: otelcol\n")),
		"data_stream/l/manifest.yml", `inputs defined: "logfile", "otelcol"`)
	errs := ruleByName(t, "otel_suffix").Check(newPackage(t, ds("use_otel_suffix: true\nstreams:\n  - input: logfile\n")))
	if len(errs) != 1 || errs[0].Code != "SVR00011" || errs[0].Field != "use_otel_suffix" || errs[0].Line != 3 {
		t.Fatalf("want one SVR00011 error on use_otel_suffix at line 3, got %+v", errs)
	}
	if appliesTo(t, "otel_suffix", "input", "3.6.0") {
		t.Fatal("otel_suffix is for integration packages only")
	}
}
