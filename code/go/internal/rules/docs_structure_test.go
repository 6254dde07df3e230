package rules

import (
	"strings"
	"testing"
)

func TestDocsStructure(t *testing.T) {
	readme := "# T\n## Overview\n## What data does this integration collect?\n## What do I need to use this integration?\n" +
		"## How do I deploy this integration?\n```\n## Troubleshooting\n```\n## Performance and scaling\n## reference ##\n"
	files := func(validation string) map[string]string {
		return map[string]string{
			"manifest.yml":   "format_version: 3.6.0\nname: x\nversion: 1.0.0\n",
			"validation.yml": validation,
			"docs/README.md": readme,
		}
	}
	enforced := "docs_structure_enforced:\n  enabled: true\n  version: 1\n"
	// A heading inside a code block does not count; headings compare without regard to case.
	expectOneAt(t, checkRule(t, "docs_structure", files(enforced)), "docs/README.md", 1, 1,
		"missing required documentation sections (docs_structure_enforced in validation.yml): docs/README.md has no 'Troubleshooting'")
	// Several files, several sections: one error per file.
	more := files(enforced)
	more["docs/extra.md"] = "# Extra\n## Overview\n"
	got := runSelected(t, "docs_structure", more)
	want := []string{
		"docs/README.md: missing required documentation sections (docs_structure_enforced in validation.yml): docs/README.md has no 'Troubleshooting'",
		"docs/extra.md: missing required documentation sections (docs_structure_enforced in validation.yml): " +
			"docs/extra.md has no 'What data does this integration collect?', 'What do I need to use this integration?', " +
			"'How do I deploy this integration?', 'Troubleshooting', 'Performance and scaling', 'Reference'",
	}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	expectNone(t, runSelected(t, "docs_structure", files(enforced+"  skip:\n    - title: Troubleshooting\n      reason: none\n")))
	// Not enforced: nothing is required.
	expectNone(t, runSelected(t, "docs_structure", files("docs_structure_enforced:\n  enabled: false\n  version: 1\n")))
	expectNone(t, runSelected(t, "docs_structure", map[string]string{"manifest.yml": "format_version: 3.6.0\nname: x\nversion: 1.0.0\n", "docs/README.md": "# T\n"}))
	// An unknown version of the structure is an error of validation.yml.
	expectOne(t, runSelected(t, "docs_structure", files("docs_structure_enforced:\n  enabled: true\n  version: 9\n")),
		"validation.yml", "unknown version 9 of the enforced documentation structure (known: 1)")
	expectOne(t, runSelected(t, "docs_structure", files("docs_structure_enforced:\n  enabled: true\n")),
		"validation.yml", "docs_structure_enforced has no version: say which version of the documentation structure to enforce (known: 1)")
	expectOne(t, runSelected(t, "docs_structure", files("docs_structure_enforced:\n  enabled: true\n  version: [1]\n")),
		"validation.yml", "the version of the enforced documentation structure must be a number (known: 1), not a list")
	// The rule has no version bound: it applies to old packages as well.
	if !appliesTo(t, "docs_structure", "integration", "1.0.0") || !appliesTo(t, "docs_structure", "content", "3.7.0") {
		t.Fatal("docs_structure must apply to every version and type")
	}
}

// Setext headings (text underlined with = or -) are headings too; a list item or a thematic
// break is not.
func TestMarkdownHeadings(t *testing.T) {
	doc := "Overview\n========\n\nReference\n---\n\n- item\n---\n\n1. first\n===\n\n# ATX #\n```\nCode\n===\n```\ntext\n\n---\n"
	got := markdownHeadings([]byte(doc))
	want := []string{"Overview", "Reference", "ATX"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q, want %q", got, want)
	}
}
