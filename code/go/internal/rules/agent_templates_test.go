package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAgentTemplates(t *testing.T) {
	r := ruleByName(t, "agent_templates")
	p := newPackage(t, map[string]string{
		"manifest.yml": "format_version: 3.0.0\nname: x\ntype: integration\n",
		"data_stream/a/agent/stream/good.yml.hbs": "paths:\n{{#each paths}}\n  - {{this}}\n{{/each}}\n",
		"data_stream/a/agent/stream/bad.yml.hbs":  "paths:\n{{#each paths}}\n  - {{this}}\n",
		"data_stream/a/agent/stream/notes.txt":    "{{#each",
		"agent/input/broken.yml.hbs":              "{{#if a}}x{{/unless}}",
	})
	errs := r.Check(p)
	require.Len(t, errs, 2)
	assert.Equal(t, "", errs[0].File)
	assert.Contains(t, errs[0].Message, "invalid handlebars template: error validating agent/input/broken.yml.hbs:")
	assert.Contains(t, errs[1].Message, "error validating data_stream/a/agent/stream/bad.yml.hbs: Parse error on line 4")

	good := newPackage(t, map[string]string{
		"manifest.yml":              "format_version: 3.0.0\nname: x\ntype: input\n",
		"agent/input/input.yml.hbs": "{{#if a}}a: {{a}}{{/if}}\n",
	})
	assert.Empty(t, r.Check(good))
}
