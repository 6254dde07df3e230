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

func TestDimensionsPresentPass(t *testing.T) {
	files := func(fv, field string) map[string]string {
		return map[string]string{
			"manifest.yml":               "format_version: " + fv + "\nname: x\ntype: integration\nversion: 1.0.0\n",
			"data_stream/m/manifest.yml": "title: M\ntype: metrics\nelasticsearch:\n  index_mode: time_series\n",
			"data_stream/m/fields/f.yml": field,
		}
	}
	expectPass(t, "dimensions_present", Legacy, files("3.0.1", "- name: host.name\n  type: keyword\n  dimension: true\n"))
	// Checked from 3.0.1 on: the same stream without dimensions passes just before.
	bad := "- name: host.name\n  type: keyword\n"
	expectNone(t, runSelected(t, "dimensions_present", files("3.0.0", bad)))
	expectOne(t, runSelected(t, "dimensions_present", files("3.0.1", bad)), "data_stream/m/manifest.yml", "no dimensions configured")
}
