package rules

import (
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"
)

func TestRoutingRulesDataset(t *testing.T) {
	r := ruleByName(t, "routing_rules_dataset")
	rules := "- source_dataset: x\n  rules:\n    - target_dataset: y\n      if: ctx.a != null\n"
	p := newPackage(t, map[string]string{
		"manifest.yml":                        "format_version: 3.0.0\nname: x\ntype: integration\n",
		"data_stream/bad/manifest.yml":        "title: t\ntype: logs\n",
		"data_stream/bad/routing_rules.yml":   rules,
		"data_stream/ok/manifest.yml":         "title: t\ntype: logs\ndataset: x.ok\n",
		"data_stream/ok/routing_rules.yml":    rules,
		"data_stream/empty/manifest.yml":      "title: t\ntype: logs\n",
		"data_stream/empty/routing_rules.yml": "[]\n",
	})
	assert.Equal(t, []string{`data_stream/bad/manifest.yml: routing rules defined in data stream "bad" but dataset field is missing: dataset field is required in manifest for data stream "bad"`},
		messages(r.Check(p)))

	assert.False(t, r.Applies("integration", semver.MustParse("2.8.0"), Legacy))
	assert.True(t, r.Applies("integration", semver.MustParse("2.9.0"), Legacy))
}

func TestRoutingRulesDatasetPass(t *testing.T) {
	files := func(fv, dataset string) map[string]string {
		return map[string]string{
			"manifest.yml":                     "format_version: " + fv + "\nname: x\ntype: integration\nversion: 1.0.0\n",
			"data_stream/ok/manifest.yml":      "title: t\ntype: logs\n" + dataset,
			"data_stream/ok/routing_rules.yml": "- source_dataset: x.ok\n  rules:\n    - target_dataset: y\n      if: ctx.a != null\n",
		}
	}
	expectPass(t, "routing_rules_dataset", Legacy, files("2.9.0", "dataset: x.ok\n"))
	// Checked from 2.9.0 on: the missing dataset passes just before.
	expectNone(t, runSelected(t, "routing_rules_dataset", files("2.8.0", "")))
	expectOne(t, runSelected(t, "routing_rules_dataset", files("2.9.0", "")), "data_stream/ok/manifest.yml", "dataset field is missing")
}
