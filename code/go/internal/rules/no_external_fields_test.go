package rules

import (
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"
)

func TestNoExternalFields(t *testing.T) {
	r := ruleByName(t, "no_external_fields")
	p := newPackage(t, map[string]string{
		"manifest.yml":                 "format_version: 3.0.0\nname: x\ntype: integration\n",
		"data_stream/a/fields/ecs.yml": "- name: host.name\n  type: keyword\n- name: container.id\n  external: ecs\n",
	})
	errs := r.Check(p)
	assert.Len(t, errs, 1)
	assert.Equal(t, "data_stream/a/fields/ecs.yml", errs[0].File)
	assert.Contains(t, errs[0].Message, "field container.id has external: ecs reference")
	assert.Equal(t, 3, errs[0].Line)

	v := semver.MustParse("3.0.0")
	assert.True(t, r.Applies("integration", v, Build))
	assert.False(t, r.Applies("integration", v, Source))
	assert.False(t, r.Applies("integration", v, Legacy))
	// and the rule that needs _dev/build/build.yml for external fields is not run on built packages
	ext := ruleByName(t, "external_fields_with_dev_folder")
	assert.False(t, ext.Applies("integration", v, Build))
	assert.True(t, ext.Applies("integration", v, Source))
	assert.True(t, ext.Applies("input", v, Legacy))
}

func TestNoExternalFieldsPass(t *testing.T) {
	expectPass(t, "no_external_fields", Build, map[string]string{
		"manifest.yml":                 "format_version: 3.0.0\nname: x\ntype: integration\nversion: 1.0.0\n",
		"data_stream/a/fields/ecs.yml": "- name: container.id\n  type: keyword\n  description: Container id.\n",
	})
}
