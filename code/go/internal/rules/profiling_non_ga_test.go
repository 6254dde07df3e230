package rules

import "testing"

func TestProfilingNonGA(t *testing.T) {
	files := func(version string) map[string]string {
		return map[string]string{
			"manifest.yml":                "format_version: 2.7.0\nname: x\nversion: " + version + "\n",
			"data_stream/ex/manifest.yml": "title: Ex\ntype: profiles\n",
		}
	}
	expectNone(t, runRule(t, "profiling_non_ga", files("0.0.1")))
	expectNone(t, runRule(t, "profiling_non_ga", files("1.0.0-beta1")))
	expectOne(t, runRule(t, "profiling_non_ga", files("1.0.0")), "data_stream/ex/manifest.yml", "profiles data type cannot be used in GA packages")
}
