package rules

import (
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"
)

func TestNoEmbeddedECS(t *testing.T) {
	r := ruleByName(t, "no_embedded_ecs")
	p := newPackage(t, map[string]string{
		"manifest.yml": "format_version: 3.0.0\nname: x\ntype: integration\n",
		"data_stream/a/manifest.yml": `
title: A
type: logs
elasticsearch:
  index_template:
    mappings:
      dynamic_templates:
        - strings_as_keyword:
            match_mapping_type: string
            mapping: {type: keyword}
        - _embedded_ecs-ecs_timestamp:
            path_match: "@timestamp"
            mapping: {type: date}
`,
		"data_stream/b/manifest.yml": "title: B\ntype: logs\nelasticsearch:\n  index_template:\n    mappings:\n      dynamic_templates: oops\n",
	})
	errs := r.Check(p)
	assert.Len(t, errs, 1)
	assert.Equal(t, "data_stream/a/manifest.yml", errs[0].File)
	assert.Contains(t, errs[0].Message, `dynamic template "_embedded_ecs-ecs_timestamp" starts with "_embedded_ecs"`)
	assert.Equal(t, 10, errs[0].Line)

	v := semver.MustParse("3.0.0")
	assert.True(t, r.Applies("integration", v, Source))
	assert.False(t, r.Applies("integration", v, Build))
	assert.False(t, r.Applies("integration", v, Legacy))
}

func TestNoEmbeddedECSPass(t *testing.T) {
	expectPass(t, "no_embedded_ecs", Source, map[string]string{
		"manifest.yml":               "format_version: 3.0.0\nname: x\ntype: integration\nversion: 1.0.0\n",
		"data_stream/a/manifest.yml": "title: A\ntype: logs\nelasticsearch:\n  index_template:\n    mappings:\n      dynamic_templates:\n        - strings_as_keyword:\n            match_mapping_type: string\n            mapping:\n              type: keyword\n",
	})
}
