package rules

import (
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"
)

func TestNoLinkFiles(t *testing.T) {
	r := ruleByName(t, "no_link_files")
	p := newPackage(t, map[string]string{
		"manifest.yml":                                   "format_version: 3.0.0\nname: x\ntype: integration\n",
		"data_stream/a/fields/ecs.yml.link":              "../../../../shared/ecs.yml\n",
		"elasticsearch/ingest_pipeline/default.yml.link": "../../../shared/default.yml\n",
		"data_stream/a/fields/base.yml":                  "- name: a\n  type: keyword\n",
	})
	assert.Equal(t, []string{
		"data_stream/a/fields/ecs.yml.link: .link files are not allowed in built packages",
		"elasticsearch/ingest_pipeline/default.yml.link: .link files are not allowed in built packages",
	}, messages(r.Check(p)))

	v := semver.MustParse("3.0.0")
	assert.True(t, r.Applies("input", v, Build))
	assert.False(t, r.Applies("input", v, Source))
	assert.False(t, r.Applies("input", v, Legacy))
}

func TestNoLinkFilesPass(t *testing.T) {
	expectPass(t, "no_link_files", Build, map[string]string{
		"manifest.yml":              "format_version: 3.0.0\nname: x\ntype: input\nversion: 1.0.0\n",
		"agent/input/input.yml.hbs": "paths: {{paths}}\n",
		"fields/base-fields.yml":    "- name: a\n  type: keyword\n",
		"docs/README.md":            "# X\n",
	})
}
