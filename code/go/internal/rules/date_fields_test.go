package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDateFields(t *testing.T) {
	r := ruleByName(t, "date_fields")
	p := newPackage(t, map[string]string{
		"manifest.yml": "format_version: 3.0.0\nname: x\ntype: input\n",
		"fields/fields.yml": `
- name: created
  type: date
  date_format: strict_date
- name: stamp
  type: keyword
  date_format: epoch_millis
`,
	})
	assert.Equal(t, []string{`fields/fields.yml: field "stamp" of type keyword can't set date_format: only date fields may`},
		messages(r.Check(p)))
}

func TestDateFieldsPass(t *testing.T) {
	expectPass(t, "date_fields", Legacy, map[string]string{
		"manifest.yml":      "format_version: 3.0.0\nname: x\ntype: input\nversion: 1.0.0\n",
		"fields/fields.yml": "- name: created\n  type: date\n  date_format: strict_date\n- name: g\n  type: group\n  fields:\n    - name: at\n      type: date\n      date_format: epoch_millis\n",
	})
}
