package rules

import (
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

func TestPipelineTags(t *testing.T) {
	r := ruleByName(t, "pipeline_tags")
	p := newPackage(t, map[string]string{
		"manifest.yml": "format_version: 3.6.0\nname: x\ntype: integration\n",
		"data_stream/a/elasticsearch/ingest_pipeline/default.yml": `
processors:
  - set:
      field: a
      value: "1"
  - set:
      tag: one
      field: a
      value: "1"
  - json:
      tag: two
      field: message
      on_failure:
        - append:
            field: error.message
            value: failed
        - set:
            tag: one
            field: x
  - set:
      tag: ""
  - set:
      tag: 3
`,
		"elasticsearch/ingest_pipeline/root.json": `{"processors": [{"set": {"field": "a", "value": 1}}]}`,
	})
	errs := r.Check(p)
	require.Equal(t, []string{
		"elasticsearch/ingest_pipeline/root.json: set processor at line 1 missing required tag",
		"data_stream/a/elasticsearch/ingest_pipeline/default.yml: set processor at line 2 missing required tag",
		"data_stream/a/elasticsearch/ingest_pipeline/default.yml: append processor at line 13 missing required tag",
		`data_stream/a/elasticsearch/ingest_pipeline/default.yml: set processor at line 16 has duplicate tag value: "one"`,
		"data_stream/a/elasticsearch/ingest_pipeline/default.yml: set processor at line 19 has empty tag value",
		"data_stream/a/elasticsearch/ingest_pipeline/default.yml: set processor at line 21 has invalid tag value: it must be a string",
	}, messages(errs))
	assert.Equal(t, specerrors.CodePipelineTagRequired, errs[0].Code)
	assert.Equal(t, "", errs[3].Code)
	assert.Equal(t, 13, errs[2].Line)
	assert.Equal(t, 11, errs[2].Column)
	// The duplicate tag, which has no code, is located too.
	assert.Equal(t, [2]int{16, 11}, [2]int{errs[3].Line, errs[3].Column})
	// In a JSON pipeline the processor object starts after `{"processors": [`.
	assert.Equal(t, [2]int{1, 17}, [2]int{errs[0].Line, errs[0].Column})

	assert.False(t, r.Applies("integration", semver.MustParse("3.5.7"), Legacy))
	assert.True(t, r.Applies("integration", semver.MustParse("3.6.0"), Legacy))
	assert.False(t, r.Applies("input", semver.MustParse("3.6.0"), Legacy))
}

func TestPipelineTagsPass(t *testing.T) {
	files := func(fv, tag string) map[string]string {
		return map[string]string{
			"manifest.yml": "format_version: " + fv + "\nname: x\ntype: integration\nversion: 1.0.0\n",
			"data_stream/a/elasticsearch/ingest_pipeline/default.yml": "---\nprocessors:\n  - set:\n" + tag + "      field: a\n      value: b\n",
		}
	}
	expectPass(t, "pipeline_tags", Legacy, files("3.6.0", "      tag: set_a\n"))
	// Checked from 3.6.0 on: an untagged processor passes just before.
	expectNone(t, runSelected(t, "pipeline_tags", files("3.5.7", "")))
	expectOne(t, runSelected(t, "pipeline_tags", files("3.6.0", "")), "data_stream/a/elasticsearch/ingest_pipeline/default.yml", "")
}
