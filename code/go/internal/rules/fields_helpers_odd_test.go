package rules

import (
	"testing"
)

// TestFieldAndPipelineRulesOnOddInput runs the rules of the fields and pipelines family on
// files of unexpected shapes: they must neither panic nor invent findings from nothing.
func TestFieldAndPipelineRulesOnOddInput(t *testing.T) {
	odd := map[string]string{
		"manifest.yml":                                       "format_version: 3.7.0\nname: x\ntype: integration\npolicy_templates: oops\n",
		"data_stream/a/manifest.yml":                         "title: a\nstreams: [1, {package: 3}]\nelasticsearch: [1]\nilm_policy: 5\n",
		"data_stream/a/fields/f.yml":                         "- name: [a]\n  type: {x: 1}\n  fields: nope\n- 7\n- name: b\n  fields: [1, {name: c, dimension: yes, fields: {}}]\n",
		"data_stream/a/fields/g.yml":                         "just: a map\n",
		"data_stream/a/fields/h.yml":                         "",
		"data_stream/a/routing_rules.yml":                    "a: b\n",
		"data_stream/a/elasticsearch/ingest_pipeline/p.yml":  "processors: oops\non_failure: {set: 1}\n",
		"data_stream/a/elasticsearch/ingest_pipeline/q.yml":  "processors:\n  - 1\n  - {}\n  - set: [1]\n  - rename: {field: message, target_field: event.original, on_failure: 3}\n  - remove: {field: {a: 1}}\n",
		"data_stream/a/elasticsearch/ingest_pipeline/r.json": "[1, 2]",
		"data_stream/a/agent/stream/s.yml.hbs":               "",
		"data_stream/b/manifest.yml":                         "- a list\n",
		"_dev/build/build.yml":                               "dependencies: 3\n",
		"elasticsearch/transform/t/fields/f.yml":             "- {name: 1, type: 2}\n",
	}
	p := newPackage(t, odd)
	for _, name := range []string{
		"field_groups", "fields_limits", "unique_fields", "dimension_fields", "date_fields",
		"required_fields", "external_fields_with_dev_folder", "dimensions_present", "ilm_policy_present",
		"routing_rules_dataset", "pipeline_tags", "pipeline_on_failure", "pipeline_message_rename",
		"agent_templates", "no_embedded_ecs", "no_external_fields", "no_dev_folder", "no_link_files",
		"stream_inputs_materialized",
	} {
		t.Run(name, func(t *testing.T) {
			r := ruleByName(t, name)
			first := messages(r.Check(p))
			second := messages(r.Check(p))
			if len(first) != len(second) {
				t.Fatalf("not deterministic: %v vs %v", first, second)
			}
			for i := range first {
				if first[i] != second[i] {
					t.Fatalf("not deterministic: %v vs %v", first, second)
				}
			}
		})
	}
}
