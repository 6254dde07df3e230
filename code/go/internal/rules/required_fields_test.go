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
	errs := r.Check(p)
	assert.Equal(t, []string{
		`data_stream/foo/fields/base-fields.yml: expected type "constant_keyword" for required field "data_stream.dataset", found "keyword" in "data_stream/foo/fields/base-fields.yml"`,
		`data_stream/foo/fields/base-fields.yml: expected type "constant_keyword" for required field "data_stream.namespace", found no type in "data_stream/foo/fields/base-fields.yml"`,
		`data_stream/foo/fields/base-fields.yml: expected field "data_stream.type" with type "constant_keyword" not found in datastream "foo"`,
	}, messages(errs))
	// Each is placed: a wrong type at its definition, a missing field at the start of the file.
	assert.Equal(t, [][2]int{{1, 3}, {3, 3}, {1, 1}}, [][2]int{{errs[0].Line, errs[0].Column}, {errs[1].Line, errs[1].Column}, {errs[2].Line, errs[2].Column}})
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
		`fields/base-fields.yml: expected type "constant_keyword" for required field "data_stream.dataset", found "keyword" in "fields/base-fields.yml"`,
		`fields/base-fields.yml: expected field "data_stream.type" with type "constant_keyword" not found`,
	}, messages(r.Check(p)))
}

// As in the reference, a data stream or an input package is asked for the required fields once
// it defines any field: one whose fields name none of them is asked for all four, one without
// field definitions for none.
func TestRequiredFieldsOnlyWithFields(t *testing.T) {
	r := ruleByName(t, "required_fields")
	other := r.Check(newPackage(t, map[string]string{
		"manifest.yml":      "format_version: 3.0.0\nname: x\ntype: input\n",
		"fields/fields.yml": "- name: message\n  type: text\n",
	}))
	assert.Len(t, other, 4)
	assert.Equal(t, `fields/fields.yml: expected field "@timestamp" with type "date" not found`, messages(other)[0])
	for name, files := range map[string]map[string]string{
		"no fields": {
			"manifest.yml": "format_version: 3.5.0\nname: x\ntype: input\n",
		},
		"empty data stream": {
			"manifest.yml":                   "format_version: 3.5.0\nname: x\ntype: integration\n",
			"data_stream/a/manifest.yml":     "title: A\n",
			"data_stream/a/fields/empty.yml": "[]\n",
		},
	} {
		t.Run(name, func(t *testing.T) {
			assert.Empty(t, messages(r.Check(newPackage(t, files))))
		})
	}
}
