package rules

import (
	"strings"
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"

	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

func TestPipelineMessageRename(t *testing.T) {
	r := ruleByName(t, "pipeline_message_rename")
	const dir = "data_stream/a/elasticsearch/ingest_pipeline/"
	p := newPackage(t, map[string]string{
		"manifest.yml": "format_version: 3.1.0\nname: x\ntype: integration\n",
		dir + "good.yml": `
processors:
  - rename:
      field: message
      target_field: event.original
      ignore_missing: true
      if: ctx.event?.original == null
  - remove:
      field: message
      ignore_missing: true
      if: ctx.event?.original != null
`,
		dir + "unguarded.yml": `
processors:
  - set:
      field: a
      value: "1"
  - rename:
      field: message
      target_field: event.original
`,
		dir + "weak_remove.yml": `
processors:
  - rename:
      field: message
      target_field: event.original
      if: ctx.event?.original == null
  - remove:
      field: [message, json]
`,
		dir + "other_rename.yml": "processors:\n  - rename:\n      field: a\n      target_field: b\n",
	})
	errs := r.Check(p)
	assert.Equal(t, []string{
		dir + `unguarded.yml: field processors.1.rename: rename "message" to "event.original" processor requires if: 'ctx.event?.original == null'`,
		dir + `unguarded.yml: field processors.0: rename "message" to "event.original" processor requires remove "message" processor`,
		dir + `weak_remove.yml: field processors.1.remove: rename "message" to "event.original" processor requires remove "message" processor with if: 'ctx.event?.original != null'`,
		dir + `weak_remove.yml: field processors.1.remove: rename "message" to "event.original" processor requires remove "message" processor with ignore_missing: true`,
	}, messages(errs))
	for _, e := range errs {
		assert.Equal(t, specerrors.CodeMessageRenameToEventOriginal, e.Code)
	}
	assert.Equal(t, [2]int{5, 5}, [2]int{errs[0].Line, errs[0].Column})
	assert.Equal(t, [2]int{2, 5}, [2]int{errs[1].Line, errs[1].Column})

	assert.False(t, r.Applies("integration", semver.MustParse("3.0.4"), Legacy))
	assert.True(t, r.Applies("integration", semver.MustParse("3.1.0"), Legacy))
}

func TestPipelineMessageRenameWrongRemove(t *testing.T) {
	r := ruleByName(t, "pipeline_message_rename")
	p := newPackage(t, map[string]string{
		"manifest.yml": "format_version: 3.1.0\nname: x\ntype: integration\n",
		"data_stream/a/elasticsearch/ingest_pipeline/default.yml": `
processors:
  - rename:
      field: message
      target_field: event.original
      ignore_missing: true
      if: ctx.event?.original == null
  - remove:
      field: event.original
      if: "ctx?.tags == null"
      ignore_missing: true
`,
	})
	msgs := messages(r.Check(p))
	assert.Len(t, msgs, 2)
	assert.Contains(t, msgs[0], `field processors.1.remove.field: rename "message" to "event.original" processor requires remove "message" processor`)
	assert.Contains(t, msgs[1], `with if: 'ctx.event?.original != null'`)
}

func TestPipelineMessageRenamePass(t *testing.T) {
	expectPass(t, "pipeline_message_rename", Legacy, map[string]string{
		"manifest.yml": "format_version: 3.1.0\nname: x\ntype: integration\nversion: 1.0.0\n",
		"data_stream/a/elasticsearch/ingest_pipeline/default.yml": `---
processors:
  - rename:
      field: message
      target_field: event.original
      ignore_missing: true
      if: 'ctx.event?.original == null'
  - remove:
      field: message
      ignore_missing: true
      if: 'ctx.event?.original != null'
`,
	})
}

func TestPipelineMessageRenameVersionBound(t *testing.T) {
	files := func(fv string) map[string]string {
		return map[string]string{
			"manifest.yml": "format_version: " + fv + "\nname: x\ntype: integration\nversion: 1.0.0\n",
			"data_stream/a/elasticsearch/ingest_pipeline/default.yml": "---\nprocessors:\n  - rename:\n      field: message\n      target_field: event.original\n",
		}
	}
	// Checked from 3.1.0 on: an unguarded rename passes just before.
	expectNone(t, runSelected(t, "pipeline_message_rename", files("3.0.4")))
	got := runSelected(t, "pipeline_message_rename", files("3.1.0"))
	if len(got) == 0 {
		t.Fatal("want the unguarded rename reported from 3.1.0")
	}
	for _, m := range got {
		if !strings.HasPrefix(m, "data_stream/a/elasticsearch/ingest_pipeline/default.yml: ") || !strings.Contains(m, `"event.original"`) {
			t.Errorf("unexpected problem %q", m)
		}
	}
}

// The conditions are those of the reference's schema: exact values, the on_failure list too, a
// rename that names no field counts, and a remove of a list holding message completes it.
func TestPipelineMessageRenameSchemaSemantics(t *testing.T) {
	const good = "  - rename:\n      field: message\n      target_field: event.original\n      if: ctx.event?.original == null\n" +
		"  - remove:\n      field: message\n      ignore_missing: true\n      if: ctx.event?.original != null\n"
	cases := map[string]int{ // pipeline -> number of problems
		"processors:\n" + good: 0,
		"processors:\n" + strings.Replace(good, "field: message\n      ignore", "field: [other, message]\n      ignore", 1):   0,
		"processors:\n" + strings.Replace(good, "field: message\n      ignore", "field: message_x\n      ignore", 1):          1,
		"processors:\n" + strings.Replace(good, "ignore_missing: true", "ignore_missing: false", 1):                           1,
		"processors:\n" + strings.Replace(good, "if: ctx.event?.original != null", "if: x && ctx.event?.original != null", 1): 1,
		"processors:\n" + strings.Replace(good, "if: ctx.event?.original == null", "if: true", 1):                             1,
		// A rename of another field does not call for anything.
		"processors:\n  - rename:\n      field: a\n      target_field: b\n": 0,
		// A rename without field nor target_field does.
		"processors:\n  - rename:\n      ignore_missing: true\n": 2,
		// The on_failure list is checked like the processors.
		"processors:\n" + good + "on_failure:\n  - rename:\n      field: message\n      target_field: event.original\n": 2,
	}
	for pipeline, want := range cases {
		errs := checkRule(t, "pipeline_message_rename", map[string]string{
			"manifest.yml": "format_version: 3.1.0\nname: x\ntype: integration\nversion: 1.0.0\n",
			"data_stream/a/elasticsearch/ingest_pipeline/default.yml": pipeline,
		})
		if len(errs) != want {
			t.Errorf("%s: want %d problems, got %q", pipeline, want, messages(errs))
		}
	}
}

// As in the reference, JSE00001 marks the problems of the processors list, except a guard of the
// rename or an ignore_missing set to another value.
func TestPipelineMessageRenameCodes(t *testing.T) {
	codes := func(pipeline string) []string {
		var out []string
		for _, e := range checkRule(t, "pipeline_message_rename", map[string]string{
			"manifest.yml": "format_version: 3.1.0\nname: x\ntype: integration\nversion: 1.0.0\n",
			"data_stream/a/elasticsearch/ingest_pipeline/default.yml": pipeline,
		}) {
			out = append(out, e.Code)
		}
		return out
	}
	rename := "  - rename:\n      field: message\n      target_field: event.original\n"
	assert.Equal(t, []string{"JSE00001", "JSE00001"}, codes("processors:\n"+rename))
	assert.Equal(t, []string{"", ""}, codes("on_failure:\n"+rename))
	assert.Equal(t, []string{"", "JSE00001"}, codes("processors:\n"+rename+"      if: 'true'\n"))
	assert.Equal(t, []string{""}, codes("processors:\n"+rename+"      if: ctx.event?.original == null\n"+
		"  - remove:\n      field: message\n      ignore_missing: false\n      if: ctx.event?.original != null\n"))
}
