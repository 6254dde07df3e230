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

func TestRequiredFieldsInputPackage(t *testing.T) {
	r := ruleByName(t, "required_fields")
	p := newPackage(t, map[string]string{
		"manifest.yml": "format_version: 3.0.0\nname: x\ntype: input\n",
		"fields/base-fields.yml": `
- name: '@timestamp'
  type: date
- name: data_stream.dataset
  type: keyword
- name: data_stream.namespace
  type: constant_keyword
`,
	})
	assert.Equal(t, []string{
		`: expected type "constant_keyword" for required field "data_stream.dataset", found "keyword" in "fields/base-fields.yml" (line 3, column 3)`,
		`: expected field "data_stream.type" with type "constant_keyword" not found`,
	}, messages(r.Check(p)))
}

// An input package whose fields name none of the required fields is not asked for them, as in
// the reference; neither is one without fields at all.
func TestRequiredFieldsInputPackageWithoutThem(t *testing.T) {
	r := ruleByName(t, "required_fields")
	for name, files := range map[string]map[string]string{
		"other fields": {
			"manifest.yml":      "format_version: 3.0.0\nname: x\ntype: input\n",
			"fields/fields.yml": "- name: message\n  type: text\n",
		},
		"no fields": {
			"manifest.yml": "format_version: 3.5.0\nname: x\ntype: input\n",
		},
	} {
		t.Run(name, func(t *testing.T) {
			assert.Empty(t, messages(r.Check(newPackage(t, files))))
		})
	}
}
