package rules

import (
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"
)

func TestStreamInputsMaterialized(t *testing.T) {
	r := ruleByName(t, "stream_inputs_materialized")
	p := newPackage(t, map[string]string{
		"manifest.yml": `
format_version: 3.6.0
name: x
type: integration
policy_templates:
  - name: pt
    inputs:
      - package: sql_input
      - type: logfile
`,
		"data_stream/a/manifest.yml": `
title: A
type: logs
streams:
  - package: sql_input
    title: from a package
  - input: logfile
    title: plain
  - input: logfile
    package: ""
`,
	})
	assert.Equal(t, []string{
		"data_stream/a/manifest.yml: stream 0 has a 'package:' reference, which is source-only: the build step bundles the input package",
		"manifest.yml: policy template input has a 'package:' reference, which is source-only: build packages must use 'type:'",
	}, messages(r.Check(p)))

	v := semver.MustParse("3.6.0")
	assert.True(t, r.Applies("integration", v, Build))
	assert.False(t, r.Applies("integration", v, Source))
}

func TestStreamInputsMaterializedPass(t *testing.T) {
	expectPass(t, "stream_inputs_materialized", Build, map[string]string{
		"manifest.yml":               "format_version: 3.6.0\nname: x\ntype: integration\nversion: 1.0.0\npolicy_templates:\n  - name: pt\n    inputs:\n      - type: sql\n      - type: logfile\n",
		"data_stream/a/manifest.yml": "title: A\ntype: logs\nstreams:\n  - input: sql\n    title: bundled\n  - input: logfile\n    title: plain\n",
	})
}
