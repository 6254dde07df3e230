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
