package rules

import "testing"

func TestDeprecatedReplacedBy(t *testing.T) {
	files := map[string]string{
		"manifest.yml": "format_version: 3.6.0\nname: x\nversion: 1.0.0\ndeprecated:\n  since: 1.0.0\n  description: d\n  replaced_by:\n    package: y\n" +
			"policy_templates:\n  - name: p\n    deprecated:\n      since: 1.0.0\n      description: d\n      replaced_by:\n        input: z\n",
		"data_stream/l/manifest.yml": "title: L\ntype: logs\ndeprecated:\n  since: 1.0.0\n  description: d\n  replaced_by:\n    data_stream: m\n",
	}
	expectOne(t, runRule(t, "deprecated_replaced_by", files), "manifest.yml",
		"policy_template deprecated.replaced_by.policy_template must be specified")
}
