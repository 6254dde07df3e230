package rules

import "testing"

func TestInputPolicyTemplates(t *testing.T) {
	m := func(pt string) map[string]string {
		return map[string]string{
			"manifest.yml":              "format_version: 3.0.0\nname: x\ntype: input\nversion: 1.0.0\npolicy_templates:\n  - name: s\n" + pt,
			"agent/input/input.yml.hbs": "x",
		}
	}
	expectNone(t, runRule(t, "input_policy_templates", m("    template_path: input.yml.hbs\n")))
	expectNone(t, runRule(t, "input_policy_templates", m("    template_paths: [input.yml.hbs]\n")))
	expectOne(t, runRule(t, "input_policy_templates", m("    input: sql\n")), "manifest.yml",
		`policy template "s" has no template_path: template_path is required for input type packages`)
	expectOne(t, runRule(t, "input_policy_templates", m("    template_paths: [input.yml.hbs, other.yml.hbs]\n")), "manifest.yml",
		`policy template "s" references template "other.yml.hbs" in template_paths: template file not found (it is not in agent/input)`)
	expectOne(t, runRule(t, "input_policy_templates", m("    template_path: input.yml.hbs\n    template_paths: [other.yml.hbs]\n")), "manifest.yml",
		`policy template "s" references template_path "input.yml.hbs": template file not found (other.yml.hbs is not in agent/input)`)
}
