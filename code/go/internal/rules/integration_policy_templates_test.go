package rules

import (
	"slices"
	"testing"
)

func TestIntegrationPolicyTemplates(t *testing.T) {
	files := func(input, stream string, extra map[string]string) map[string]string {
		f := map[string]string{
			"manifest.yml":                "format_version: 3.0.0\nname: x\ntype: integration\nversion: 1.0.0\npolicy_templates:\n  - name: s\n    inputs:\n      - type: logfile\n" + input,
			"data_stream/ds/manifest.yml": "title: t\ntype: logs\nstreams:\n  - input: logfile\n" + stream,
		}
		for k, v := range extra {
			f[k] = v
		}
		return f
	}
	streamTemplate := map[string]string{"data_stream/ds/agent/stream/stream.yml.hbs": "x"}
	expectNone(t, runRule(t, "integration_policy_templates", files("", "", streamTemplate)))
	expectNone(t, runRule(t, "integration_policy_templates", files("", "    template_path: log.yml.hbs\n", map[string]string{"data_stream/ds/agent/stream/my-log.yml.hbs": "x"})))
	expectOne(t, runRule(t, "integration_policy_templates", files("", "", map[string]string{"data_stream/ds/agent/stream/other.yml.hbs": "x"})),
		"data_stream/ds/manifest.yml", `data stream "data_stream/ds" stream input "logfile": template file not found`)
	expectOne(t, runRule(t, "integration_policy_templates", files("        template_path: input.yml.hbs\n", "", streamTemplate)),
		"manifest.yml", `policy template "s": failed validation for policy input "logfile": template file not found`)
	expectNone(t, runRule(t, "integration_policy_templates", files("        template_path: input.yml.hbs\n", "", map[string]string{
		"agent/input/input.yml.hbs": "x", "data_stream/ds/agent/stream/stream.yml.hbs": "x"})))
	// Streams are checked whether or not an input of a policy template names templates.
	expectOne(t, runRule(t, "integration_policy_templates", files("        template_path: input.yml.hbs\n", "", map[string]string{"agent/input/input.yml.hbs": "x"})),
		"data_stream/ds/manifest.yml", "stream.yml.hbs")
	// template_paths, when given, stand for template_path.
	expectNone(t, runRule(t, "integration_policy_templates", files("        template_path: missing.yml.hbs\n        template_paths: [input.yml.hbs]\n", "",
		map[string]string{"agent/input/input.yml.hbs": "x", "data_stream/ds/agent/stream/stream.yml.hbs": "x"})))
	// A stream template in a sub-folder of agent/stream is not found.
	expectOne(t, runRule(t, "integration_policy_templates", files("", "", map[string]string{"data_stream/ds/agent/stream/sub/stream.yml.hbs": "x"})),
		"data_stream/ds/manifest.yml", "template file not found")
	// A stream of an input package without templates of its own is left alone.
	expectNone(t, runRule(t, "integration_policy_templates", map[string]string{
		"manifest.yml":                "format_version: 3.6.0\nname: x\ntype: integration\nversion: 1.0.0\n",
		"data_stream/ds/manifest.yml": "title: t\ntype: logs\nstreams:\n  - package: sql_input\n",
	}))
	// A manifest that does not say it is an integration is not checked.
	untyped := files("", "", nil)
	untyped["manifest.yml"] = "format_version: 3.0.0\nname: x\nversion: 1.0.0\n"
	expectNone(t, runRule(t, "integration_policy_templates", untyped))
}

// One error per policy template: the first input with a missing template.
func TestIntegrationPolicyTemplatesOnePerTemplate(t *testing.T) {
	got := runRule(t, "integration_policy_templates", map[string]string{
		"manifest.yml": "format_version: 3.0.0\nname: x\ntype: integration\nversion: 1.0.0\npolicy_templates:\n" +
			"  - name: a\n    inputs:\n      - type: logfile\n        template_path: one.yml.hbs\n      - type: httpjson\n        template_path: two.yml.hbs\n" +
			"  - name: b\n    inputs:\n      - type: logfile\n        template_path: three.yml.hbs\n",
	})
	want := []string{
		`manifest.yml: policy template "a": failed validation for policy input "logfile": template file not found (one.yml.hbs is not in agent/input)`,
		`manifest.yml: policy template "b": failed validation for policy input "logfile": template file not found (three.yml.hbs is not in agent/input)`,
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}
