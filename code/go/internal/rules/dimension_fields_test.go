package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDimensionFields(t *testing.T) {
	r := ruleByName(t, "dimension_fields")
	p := newPackage(t, map[string]string{
		"manifest.yml": "format_version: 3.0.0\nname: x\ntype: integration\n",
		"data_stream/a/fields/fields.yml": `
- name: host.name
  type: keyword
  dimension: true
- name: metrics
  type: group
  fields:
    - name: text
      type: text
      dimension: true
    - name: no
      type: text
      dimension: false
- name: agent.id
  external: ecs
  dimension: true
`,
	})
	errs := r.Check(p)
	assert.Len(t, errs, 1)
	assert.Equal(t, "data_stream/a/fields/fields.yml", errs[0].File)
	assert.Contains(t, errs[0].Message, `field "metrics.text" of type text can't be a dimension`)
	assert.Equal(t, 7, errs[0].Line)
}

func TestDimensionFieldsPass(t *testing.T) {
	expectPass(t, "dimension_fields", Legacy, map[string]string{
		"manifest.yml":                    "format_version: 3.0.0\nname: x\ntype: integration\nversion: 1.0.0\n",
		"data_stream/a/fields/fields.yml": "- name: host.name\n  type: keyword\n  dimension: true\n- name: agent.id\n  external: ecs\n  dimension: true\n- name: note\n  type: text\n",
	})
}
