package rules

import (
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"

	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

func TestPipelineOnFailure(t *testing.T) {
	r := ruleByName(t, "pipeline_on_failure")
	good := `
processors: []
on_failure:
  - set:
      field: event.kind
      value: pipeline_error
  - append:
      field: error.message
      value: "Processor {{{_ingest.on_failure_processor_type}}} with tag {{{_ingest.on_failure_processor_tag}}} in pipeline {{{_ingest.pipeline}}} failed: {{{_ingest.on_failure_message}}}"
`
	p := newPackage(t, map[string]string{
		"manifest.yml": "format_version: 3.6.0\nname: x\ntype: integration\n",
		"data_stream/a/elasticsearch/ingest_pipeline/good.yml": good,
		"data_stream/a/elasticsearch/ingest_pipeline/none.yml": "# no handler\nprocessors: []\n",
		"data_stream/a/elasticsearch/ingest_pipeline/odd.yml":  "# not a pipeline\n- a\n",
		"data_stream/a/elasticsearch/ingest_pipeline/weak.yml": `
processors: []
on_failure:
  - set:
      field: event.kind
      value: error
  - set:
      field: error.message
      value: "{{ _ingest.on_failure_message }}"
`,
	})
	errs := r.Check(p)
	assert.Equal(t, []string{
		`data_stream/a/elasticsearch/ingest_pipeline/none.yml: pipeline on_failure handler must set event.kind to "pipeline_error"`,
		`data_stream/a/elasticsearch/ingest_pipeline/none.yml: pipeline on_failure handler must set error.message`,
		`data_stream/a/elasticsearch/ingest_pipeline/odd.yml: pipeline on_failure handler must set event.kind to "pipeline_error"`,
		`data_stream/a/elasticsearch/ingest_pipeline/odd.yml: pipeline on_failure handler must set error.message`,
		`data_stream/a/elasticsearch/ingest_pipeline/weak.yml: pipeline on_failure handler must set event.kind to "pipeline_error"`,
		`data_stream/a/elasticsearch/ingest_pipeline/weak.yml: pipeline on_failure error.message must include "_ingest.on_failure_processor_type"`,
		`data_stream/a/elasticsearch/ingest_pipeline/weak.yml: pipeline on_failure error.message must include "_ingest.on_failure_processor_tag"`,
		`data_stream/a/elasticsearch/ingest_pipeline/weak.yml: pipeline on_failure error.message must include "_ingest.pipeline"`,
	}, messages(errs))
	assert.Equal(t, specerrors.CodePipelineOnFailureEventKind, errs[0].Code)
	assert.Equal(t, specerrors.CodePipelineOnFailureMessage, errs[1].Code)
	// Without on_failure: the processors key; without a mapping: the file as a whole; a weak
	// handler: the handler itself (the leading newline of each file is trimmed).
	var at [][2]int
	for _, e := range errs {
		at = append(at, [2]int{e.Line, e.Column})
	}
	assert.Equal(t, [][2]int{{2, 1}, {2, 1}, {1, 1}, {1, 1}, {3, 5}, {6, 5}, {6, 5}, {6, 5}}, at)

	assert.False(t, r.Applies("integration", semver.MustParse("3.5.0"), Legacy))
	assert.True(t, r.Applies("integration", semver.MustParse("3.7.0-next"), Legacy))
}

func TestPipelineOnFailurePass(t *testing.T) {
	expectPass(t, "pipeline_on_failure", Legacy, map[string]string{
		"manifest.yml": "format_version: 3.6.0\nname: x\ntype: integration\nversion: 1.0.0\n",
		"data_stream/a/elasticsearch/ingest_pipeline/default.yml": `---
processors:
  - set:
      tag: set_kind
      field: event.kind
      value: event
on_failure:
  - set:
      tag: set_pipeline_error_kind
      field: event.kind
      value: pipeline_error
  - append:
      tag: append_error_message
      field: error.message
      value: >-
        Processor '{{{ _ingest.on_failure_processor_type }}}'
        with tag '{{{ _ingest.on_failure_processor_tag }}}'
        in pipeline '{{{ _ingest.pipeline }}}'
        failed with message '{{{ _ingest.on_failure_message }}}'
`,
	})
}

func TestPipelineOnFailureVersionBound(t *testing.T) {
	files := func(fv string) map[string]string {
		return map[string]string{
			"manifest.yml": "format_version: " + fv + "\nname: x\ntype: integration\nversion: 1.0.0\n",
			"data_stream/a/elasticsearch/ingest_pipeline/default.yml": "---\nprocessors:\n  - set:\n      tag: set_a\n      field: a\n      value: b\n",
		}
	}
	// Checked from 3.6.0 on: a pipeline without on_failure passes just before.
	expectNone(t, runSelected(t, "pipeline_on_failure", files("3.5.0")))
	got := runSelected(t, "pipeline_on_failure", files("3.6.0"))
	if len(got) != 2 || got[0] != `data_stream/a/elasticsearch/ingest_pipeline/default.yml: pipeline on_failure handler must set event.kind to "pipeline_error"` {
		t.Fatalf("got %q", got)
	}
}
