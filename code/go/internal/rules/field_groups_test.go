package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFieldGroups(t *testing.T) {
	r := ruleByName(t, "field_groups")
	p := newPackage(t, map[string]string{
		"manifest.yml": "format_version: 3.0.0\nname: x\ntype: integration\n",
		"data_stream/a/fields/fields.yml": `
- name: sizes
  type: group
  unit: byte
  fields:
    - name: total
      type: long
      unit: byte
- name: stats
  type: group
  metric_type: gauge
  fields:
    - name: inner
      type: group
      fields:
        - name: leaf
          type: long
          metric_type: counter
`,
	})
	errs := r.Check(p)
	assert.Equal(t, []string{
		`data_stream/a/fields/fields.yml: field "sizes" is a group: it can't have a unit`,
		`data_stream/a/fields/fields.yml: field "stats" is a group: it can't have a metric type`,
	}, messages(errs))
	assert.Equal(t, 1, errs[0].Line)
	assert.Equal(t, 8, errs[1].Line)

	good := newPackage(t, map[string]string{
		"manifest.yml":          "format_version: 3.0.0\nname: x\ntype: input\n",
		"fields/fields.yml":     "- name: a\n  type: group\n  fields:\n    - name: b\n      type: long\n      unit: byte\n",
		"fields/not-a-list.yml": "name: oops\n",
		"fields/broken.yml":     "- name: [\n",
	})
	assert.Empty(t, r.Check(good))
}
