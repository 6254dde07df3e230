package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRequiredFields(t *testing.T) {
	r := ruleByName(t, "required_fields")
	p := newPackage(t, map[string]string{
		"manifest.yml": "format_version: 1.0.0\nname: x\ntype: integration\n",
		"data_stream/foo/fields/base-fields.yml": `
- name: data_stream.dataset
  type: keyword
- name: data_stream.namespace
- name: '@timestamp'
  external: ecs
`,
		"elasticsearch/transform/t/fields/base.yml": "- name: '@timestamp'\n  type: long\n",
		"data_stream/good/fields/base.yml": `
- name: data_stream
  type: group
  fields:
    - name: type
      type: constant_keyword
    - name: dataset
      type: constant_keyword
    - name: namespace
      type: constant_keyword
- name: '@timestamp'
  type: date
`,
	})
	assert.Equal(t, []string{
		`: expected type "constant_keyword" for required field "data_stream.dataset", found "keyword" in "data_stream/foo/fields/base-fields.yml" (line 1, column 3)`,
		`: expected type "constant_keyword" for required field "data_stream.namespace", found no type in "data_stream/foo/fields/base-fields.yml" (line 3, column 3)`,
		`: expected field "data_stream.type" with type "constant_keyword" not found in datastream "foo"`,
	}, messages(r.Check(p)))
}

func TestRequiredFieldsPass(t *testing.T) {
	expectPass(t, "required_fields", Legacy, map[string]string{
		"manifest.yml": "format_version: 1.0.0\nname: x\ntype: integration\nversion: 1.0.0\n",
		"data_stream/good/fields/base.yml": `
- name: data_stream.type
  type: constant_keyword
- name: data_stream.dataset
  type: constant_keyword
- name: data_stream.namespace
  type: constant_keyword
- name: '@timestamp'
  type: date
`,
	})
}
