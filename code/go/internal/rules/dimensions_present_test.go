package rules

import (
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"
)

func TestDimensionsPresent(t *testing.T) {
	r := ruleByName(t, "dimensions_present")
	tsdb := "title: x\ntype: metrics\nelasticsearch:\n  index_mode: time_series\n"
	p := newPackage(t, map[string]string{
		"manifest.yml":                        "format_version: 3.0.1\nname: x\ntype: integration\n",
		"data_stream/bad/manifest.yml":        tsdb,
		"data_stream/bad/fields/f.yml":        "- name: a\n  type: keyword\n",
		"data_stream/good/manifest.yml":       tsdb,
		"data_stream/good/fields/f.yml":       "- name: g\n  type: group\n  fields:\n    - name: a\n      type: keyword\n      dimension: true\n",
		"data_stream/plain/manifest.yml":      "title: x\ntype: logs\n",
		"data_stream/nomanifest/fields/f.yml": "- name: a\n  type: keyword\n",
	})
	errs := r.Check(p)
	assert.Equal(t, []string{"data_stream/bad/manifest.yml: time series mode enabled but no dimensions configured"}, messages(errs))
	assert.Equal(t, 4, errs[0].Line)

	assert.False(t, r.Applies("integration", semver.MustParse("3.0.0"), Legacy))
	assert.True(t, r.Applies("integration", semver.MustParse("3.0.1"), Legacy))
}
