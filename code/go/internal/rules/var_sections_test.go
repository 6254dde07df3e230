package rules

import (
	"slices"
	"testing"
)

func TestVarSections(t *testing.T) {
	files := map[string]string{
		"manifest.yml": `format_version: 3.6.0
name: x
version: 1.0.0
sections:
  - name: main
  - name: main
vars:
  - name: a
    section: main
  - name: b
    section: other
policy_templates:
  - name: p
    sections:
      - name: advanced
    vars:
      - name: c
        section: advanced
      - name: d
        section: main
    inputs:
      - type: logfile
        vars:
          - name: e
            section: advanced
`,
		"data_stream/l/manifest.yml": `title: L
streams:
  - input: logfile
    sections:
      - name: files
    vars:
      - name: paths
        section: files
  - input: logfile
    title: Second
    vars:
      - name: paths
        section: files
  - vars:
      - name: x
        section: ""
`,
	}
	got := positioned(checkRule(t, "var_sections", files))
	want := []string{
		`manifest.yml:6:11: duplicate section name "main" in package root`,
		`manifest.yml:11:14: var "b" references undefined section "other" in package root`,
		`manifest.yml:20:18: var "d" references undefined section "main" in policy template "p"`,
		`manifest.yml:25:22: var "e" references undefined section "advanced" in input "logfile" of policy template "p"`,
		`data_stream/l/manifest.yml:13:18: var "paths" references undefined section "files" in stream "Second"`,
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}

// The rule applies at every version and to every package type: a section is looked for in the
// scope of the var only, whatever the version.
func TestVarSectionsEveryVersion(t *testing.T) {
	for _, v := range []string{"1.0.0", "2.3.0", "3.5.0", "3.6.0"} {
		files := func(section string) map[string]string {
			return map[string]string{"manifest.yml": "format_version: " + v + "\nname: x\ntype: input\nversion: 1.0.0\n" +
				"sections:\n  - name: s\nvars:\n  - name: a\n    section: " + section + "\n"}
		}
		expectNone(t, runSelected(t, "var_sections", files("s")))
		expectOne(t, runSelected(t, "var_sections", files("t")), "manifest.yml", `var "a" references undefined section "t" in package root`)
	}
}
