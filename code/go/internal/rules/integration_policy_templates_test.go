package rules

import "testing"

func TestIntegrationPolicyTemplates(t *testing.T) {
	files := func(input, stream string, extra map[string]string) map[string]string {
		f := map[string]string{
			"manifest.yml":                "format_version: 3.0.0\nname: x\nversion: 1.0.0\npolicy_templates:\n  - name: s\n    inputs:\n      - type: logfile\n" + input,
			"data_stream/ds/manifest.yml": "title: t\ntype: logs\nstreams:\n  - input: logfile\n" + stream,
		}
		for k, v := range extra {
			f[k] = v
		}
		return f
	}
	expectNone(t, runRule(t, "integration_policy_templates", files("", "", map[string]string{"data_stream/ds/agent/stream/stream.yml.hbs": "x"})))
	expectNone(t, runRule(t, "integration_policy_templates", files("", "    template_path: log.yml.hbs\n", map[string]string{"data_stream/ds/agent/stream/my-log.yml.hbs": "x"})))
	expectOne(t, runRule(t, "integration_policy_templates", files("", "", map[string]string{"data_stream/ds/agent/stream/other.yml.hbs": "x"})),
		"data_stream/ds/manifest.yml", `data stream "data_stream/ds" stream input "logfile": template file not found`)
	expectOne(t, runRule(t, "integration_policy_templates", files("        template_path: input.yml.hbs\n", "", nil)),
		"manifest.yml", `policy template "s": failed validation for policy input "logfile": template file not found`)
	expectNone(t, runRule(t, "integration_policy_templates", files("        template_path: input.yml.hbs\n", "", map[string]string{"agent/input/input.yml.hbs": "x"})))
}
