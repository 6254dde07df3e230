package rules

import "testing"

func TestDocsStructure(t *testing.T) {
	readme := "# T\n## Overview\n## What data does this integration collect?\n## What do I need to use this integration?\n" +
		"## How do I deploy this integration?\n```\n## Troubleshooting\n```\n## Performance and scaling\n## reference ##\n"
	files := func(skip string) map[string]string {
		return map[string]string{
			"manifest.yml":   "format_version: 3.6.0\nname: x\nversion: 1.0.0\n",
			"validation.yml": "docs_structure_enforced:\n  enabled: true\n  version: 1\n" + skip,
			"docs/README.md": readme,
		}
	}
	// A heading inside a code block does not count.
	expectOne(t, runRule(t, "docs_structure", files("")), "", "missing required section 'Troubleshooting' in file 'README.md'")
	expectNone(t, runRule(t, "docs_structure", files("  skip:\n    - title: Troubleshooting\n      reason: none\n")))
	expectNone(t, runRule(t, "docs_structure", map[string]string{"manifest.yml": "format_version: 3.6.0\nname: x\nversion: 1.0.0\n", "docs/README.md": "# T\n"}))
}
