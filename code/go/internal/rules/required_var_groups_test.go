package rules

import "testing"

func TestRequiredVarGroups(t *testing.T) {
	manifest := `format_version: 3.3.0
name: x
version: 1.0.0
vars:
  - name: api_key
    type: password
    required: true
policy_templates:
  - name: pt
    inputs:
      - type: httpjson
        vars:
          - name: user
            type: text
        required_vars:
          credentials:
            - name: user
            - name: password
          key:
            - name: api_key
`
	msgs := runRule(t, "required_var_groups", map[string]string{"manifest.yml": manifest})
	if len(msgs) != 2 || msgs[0] != `manifest.yml: required var "password" in optional group "credentials" is not defined` ||
		msgs[1] != `manifest.yml: required var "api_key" in optional group "key" is defined as always required` {
		t.Fatalf("got %q", msgs)
	}
	ds := `streams:
  - input: logfile
    vars:
      - name: token
        type: text
    required_vars:
      auth:
        - name: token
        - name: api_key
        - name: missing
`
	msgs = runRule(t, "required_var_groups", map[string]string{"manifest.yml": "format_version: 3.3.0\nname: x\nversion: 1.0.0\nvars:\n  - name: api_key\n    type: text\n",
		"data_stream/a/manifest.yml": ds})
	expectOne(t, msgs, "data_stream/a/manifest.yml", `required var "missing" in optional group "auth" is not defined`)
}

func TestRequiredVarGroupsPass(t *testing.T) {
	expectPass(t, "required_var_groups", Legacy, map[string]string{
		"manifest.yml": `format_version: 3.3.0
name: x
version: 1.0.0
vars:
  - name: api_key
    type: password
policy_templates:
  - name: pt
    inputs:
      - type: httpjson
        vars:
          - name: user
            type: text
          - name: password
            type: password
        required_vars:
          credentials:
            - name: user
            - name: password
          key:
            - name: api_key
`,
	})
}

// A stream's groups may name the vars of the first policy template input of its type; a var of
// the stream stands before one of the package with the same name.
func TestRequiredVarGroupsStreamScope(t *testing.T) {
	files := map[string]string{
		"manifest.yml": `format_version: 3.6.0
name: x
type: integration
version: 1.0.0
vars:
  - name: shared
    type: text
    required: true
policy_templates:
  - name: p
    inputs:
      - type: httpjson
        vars:
          - name: url
            type: url
`,
		"data_stream/a/manifest.yml": `title: A
streams:
  - input: httpjson
    vars:
      - name: shared
        type: text
    required_vars:
      g:
        - name: url
        - name: shared
  - input: logfile
    required_vars:
      g:
        - name: url
`,
	}
	expectOne(t, runRule(t, "required_var_groups", files), "data_stream/a/manifest.yml", `required var "url" in optional group "g" is not defined`)
}
