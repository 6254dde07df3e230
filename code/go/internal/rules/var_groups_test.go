package rules

import "testing"

func TestVarGroups(t *testing.T) {
	manifest := func(options string) map[string]string {
		return map[string]string{"manifest.yml": `format_version: 3.6.0
name: x
version: 1.0.0
vars:
  - name: key_id
    type: text
  - name: secret
    type: password
    required: true
var_groups:
  - name: credential_type
    options:
` + options}
	}
	expectNone(t, runRule(t, "var_groups", manifest("      - name: keys\n        vars: [key_id]\n")))
	expectOne(t, runRule(t, "var_groups", manifest("      - name: keys\n        vars: [key_id, nope]\n")), "manifest.yml",
		`var "nope" referenced in var_group "credential_type" option "keys" is not defined`)
	expectOne(t, runRule(t, "var_groups", manifest("      - name: keys\n        vars: [key_id]\n      - name: keys\n        vars: [key_id]\n")), "manifest.yml",
		`duplicate option name "keys" in var_group "credential_type"`)
	expectOne(t, runRule(t, "var_groups", manifest("      - name: keys\n        vars: [secret]\n")), "manifest.yml",
		`var "secret" in non-required var_group "credential_type" should not have required: true`)
	if appliesTo(t, "var_groups", "integration", "3.5.0") || !appliesTo(t, "var_groups", "integration", "3.6.0") {
		t.Fatal("var_groups must apply from 3.6.0")
	}
}

func TestVarGroupsVersionBound(t *testing.T) {
	files := func(fv string) map[string]string {
		return map[string]string{"manifest.yml": "format_version: " + fv + "\nname: x\nversion: 1.0.0\n" +
			"var_groups:\n  - name: g\n    options:\n      - name: o\n        vars: [undefined_var]\n"}
	}
	// var_groups appeared in 3.6.0: the same package is not checked just before.
	expectNone(t, runSelected(t, "var_groups", files("3.5.0")))
	expectOne(t, runSelected(t, "var_groups", files("3.6.0")), "manifest.yml", `var "undefined_var" referenced in var_group "g" option "o" is not defined`)
}

// Groups of policy templates and inputs are not checked (as in the reference); root groups see
// the vars of every level, the last definition of a name standing.
func TestVarGroupsScopes(t *testing.T) {
	files := map[string]string{"manifest.yml": `format_version: 3.6.1
name: x
type: integration
version: 1.0.0
vars:
  - name: token
    type: password
    required: true
var_groups:
  - name: root
    options:
      - name: o
        vars: [token, url]
policy_templates:
  - name: p
    var_groups:
      - name: g
        options:
          - name: o
            vars: [undefined_here]
    inputs:
      - type: httpjson
        vars:
          - name: url
            type: url
          - name: token
            type: password
        var_groups:
          - name: g
            options:
              - name: o
                vars: [undefined_too]
`}
	expectNone(t, runSelected(t, "var_groups", files))
}
