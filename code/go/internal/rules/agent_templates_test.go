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
	assert.Equal(t, "agent/input/broken.yml.hbs", errs[0].File, "the error carries its file")
	assert.Equal(t, 1, errs[0].Line)
	assert.Equal(t, "data_stream/a/agent/stream/bad.yml.hbs", errs[1].File)
	assert.Equal(t, 4, errs[1].Line, "and its line")
	assert.Equal(t, `invalid handlebars template: error validating agent/input/broken.yml.hbs: line 1: the block opened as "if" is closed as "unless"`, errs[0].Message)
	assert.Equal(t, `invalid handlebars template: error validating data_stream/a/agent/stream/bad.yml.hbs: line 4: expected "{{/" closing the block, found the end of the template`, errs[1].Message)

	good := newPackage(t, map[string]string{
		"manifest.yml":              "format_version: 3.0.0\nname: x\ntype: input\n",
		"agent/input/input.yml.hbs": "{{#if a}}a: {{a}}{{/if}}\n",
	})
	assert.Empty(t, r.Check(good))
}

// The parser's errors are reworded on one line, without its token names.
func TestTemplateProblem(t *testing.T) {
	for src, want := range map[string]string{
		"{{a":                          "line 1: unclosed expression",
		"{{#if a}}{{/if}}{{/if}}":      `line 1: unexpected "{{/"`,
		"{{a (b c}}":                   `line 1: expected ")", found "}}"`,
		"{{#if a}}\n{{/if b}}":         `line 2: expected "}}", found the name "b"`,
		"{{#each x as |a}}{{/each}}":   `line 1: expected "|" closing the block parameters, found "}}"`,
		"{{#a}}{{else}}{{else}}{{/a}}": `line 1: expected "{{/" closing the block, found "{{else}}"`,
	} {
		err := parseTemplate(src)
		require.Error(t, err, src)
		assert.Equal(t, want, templateProblem(err), src)
	}
}
