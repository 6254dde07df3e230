package rules

import (
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"
)

func TestUniqueFields(t *testing.T) {
	r := ruleByName(t, "unique_fields")
	files := map[string]string{
		"manifest.yml":                           "format_version: 2.0.0\nname: x\ntype: integration\n",
		"data_stream/a/fields/base.yml":          "- name: event.dataset\n  type: constant_keyword\n- name: event\n  type: group\n  fields:\n    - name: kind\n      type: keyword\n",
		"data_stream/a/fields/ecs.yml":           "- name: event.dataset\n  external: ecs\n- name: event\n  type: group\n  fields:\n    - name: module\n      type: keyword\n",
		"data_stream/b/fields/ecs.yml":           "- name: event.dataset\n  external: ecs\n",
		"elasticsearch/transform/t/fields/a.yml": "- name: f1\n  type: keyword\n",
		"elasticsearch/transform/t/fields/b.yml": "- name: f1\n  type: keyword\n",
	}
	p := newPackage(t, files)
	assert.Equal(t, []string{
		`data_stream/a/fields/base.yml: field "event.dataset" is defined multiple times for data stream "a", found in: data_stream/a/fields/base.yml:1:3, data_stream/a/fields/ecs.yml:1:3`,
		`elasticsearch/transform/t/fields/a.yml: field "f1" is defined multiple times for transform "t", found in: elasticsearch/transform/t/fields/a.yml:1:3, elasticsearch/transform/t/fields/b.yml:1:3`,
	}, messages(r.Check(p)))

	input := newPackage(t, map[string]string{
		"manifest.yml":    "format_version: 3.0.0\nname: x\ntype: input\n",
		"fields/base.yml": "- name: a.b\n  type: keyword\n",
		"fields/more.yml": "- name: a\n  type: group\n  fields:\n    - name: b\n      type: keyword\n",
	})
	assert.Equal(t, []string{`fields/base.yml: field "a.b" is defined multiple times, found in: fields/base.yml:1:3, fields/more.yml:4:7`}, messages(r.Check(input)))

	// Twice in one file: the positions tell the two definitions apart; the error is placed at
	// the first.
	twice := r.Check(newPackage(t, map[string]string{
		"manifest.yml":    "format_version: 3.0.0\nname: x\ntype: input\n",
		"fields/base.yml": "- name: a\n  type: keyword\n- name: b\n  type: keyword\n- name: a\n  type: long\n",
	}))
	assert.Equal(t, []string{`fields/base.yml: field "a" is defined multiple times, found in: fields/base.yml:1:3, fields/base.yml:5:3`}, messages(twice))
	assert.Equal(t, [3]any{1, 3, "0"}, [3]any{twice[0].Line, twice[0].Column, twice[0].Field})

	// Before 2.0.0 the rule does not apply.
	assert.False(t, r.Applies("integration", semver.MustParse("1.9.0"), Legacy))
	assert.True(t, r.Applies("input", semver.MustParse("2.0.0"), Legacy))
	assert.False(t, r.Applies("content", semver.MustParse("3.0.0"), Legacy))
}

func TestUniqueFieldsPass(t *testing.T) {
	files := func(fv, second string) map[string]string {
		return map[string]string{
			"manifest.yml":                 "format_version: " + fv + "\nname: x\ntype: integration\nversion: 1.0.0\n",
			"data_stream/a/fields/one.yml": "- name: a.b\n  type: keyword\n",
			"data_stream/a/fields/two.yml": "- name: " + second + "\n  type: keyword\n",
		}
	}
	expectPass(t, "unique_fields", Legacy, files("2.0.0", "a.c"))
	// Checked from 2.0.0 on: a duplicate passes just before.
	expectNone(t, runSelected(t, "unique_fields", files("1.9.0", "a.b")))
	expectOne(t, runSelected(t, "unique_fields", files("2.0.0", "a.b")), "data_stream/a/fields/one.yml", `field "a.b" is defined multiple times`)
}
