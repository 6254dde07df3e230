package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestExternalFieldsWithDevFolder(t *testing.T) {
	r := ruleByName(t, "external_fields_with_dev_folder")
	fields := "- name: container.id\n  external: ecs\n- name: other\n  external: other_dep\n- name: plain\n  type: keyword\n"

	noBuild := newPackage(t, map[string]string{
		"manifest.yml":                   "format_version: 3.0.0\nname: x\ntype: integration\n",
		"data_stream/foo/fields/ecs.yml": fields,
	})
	errs := r.Check(noBuild)
	assert.Equal(t, []string{
		`data_stream/foo/fields/ecs.yml: field container.id with external key defined ("ecs") but no _dev/build/build.yml found`,
		`data_stream/foo/fields/ecs.yml: field other with external key defined ("other_dep") but no _dev/build/build.yml found`,
	}, messages(errs))
	assert.Equal(t, 1, errs[0].Line)

	withBuild := newPackage(t, map[string]string{
		"manifest.yml":                   "format_version: 3.0.0\nname: x\ntype: integration\n",
		"_dev/build/build.yml":           "dependencies:\n  ecs:\n    reference: git@v8.0.0\n",
		"data_stream/foo/fields/ecs.yml": fields,
	})
	errs = r.Check(withBuild)
	assert.Len(t, errs, 1)
	assert.Contains(t, errs[0].Message, `field other with external key defined ("other_dep") but no definition found`)

	// A build file whose dependencies are not a mapping knows no dependency.
	odd := newPackage(t, map[string]string{
		"manifest.yml":         "format_version: 3.0.0\nname: x\ntype: input\n",
		"_dev/build/build.yml": "dependencies: [ecs]\n",
		"fields/ecs.yml":       "- name: a\n  external: ecs\n",
	})
	assert.Len(t, r.Check(odd), 1)
}

func TestExternalFieldsWithDevFolderPass(t *testing.T) {
	expectPass(t, "external_fields_with_dev_folder", Source, map[string]string{
		"manifest.yml":                   "format_version: 3.0.0\nname: x\ntype: integration\nversion: 1.0.0\n",
		"_dev/build/build.yml":           "dependencies:\n  ecs:\n    reference: git@v8.0.0\n",
		"data_stream/foo/fields/ecs.yml": "- name: container.id\n  external: ecs\n- name: plain\n  type: keyword\n",
	})
}
