package rules

import (
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"
)

func TestILMPolicyPresent(t *testing.T) {
	r := ruleByName(t, "ilm_policy_present")
	p := newPackage(t, map[string]string{
		"manifest.yml":                "format_version: 2.0.0\nname: pkg\ntype: integration\n",
		"data_stream/ok/manifest.yml": "type: logs\nilm_policy: logs-pkg.ok-diagnostics\n",
		"data_stream/ok/elasticsearch/ilm/diagnostics.json": "{}",
		"data_stream/missing/manifest.yml":                  "type: logs\nilm_policy: logs-pkg.missing-other\n",
		"data_stream/prefix/manifest.yml":                   "type: metrics\nilm_policy: logs-pkg.prefix-x\n",
		"data_stream/none/manifest.yml":                     "type: logs\n",
	})
	assert.Equal(t, []string{
		`data_stream/missing/manifest.yml: field ilm_policy: ILM policy "logs-pkg.missing-other" not found in package, expected definition in "data_stream/missing/elasticsearch/ilm/other.json"`,
		`data_stream/prefix/manifest.yml: field ilm_policy must start with "metrics-pkg.prefix-", found "logs-pkg.prefix-x"`,
	}, messages(r.Check(p)))

	assert.False(t, r.Applies("integration", semver.MustParse("1.9.0"), Legacy))
	assert.True(t, r.Applies("integration", semver.MustParse("2.0.0"), Legacy))
}

func TestILMPolicyPresentPass(t *testing.T) {
	files := func(fv string, withPolicy bool) map[string]string {
		f := map[string]string{
			"manifest.yml":                "format_version: " + fv + "\nname: pkg\ntype: integration\nversion: 1.0.0\n",
			"data_stream/ok/manifest.yml": "title: OK\ntype: logs\nilm_policy: logs-pkg.ok-diagnostics\n",
		}
		if withPolicy {
			f["data_stream/ok/elasticsearch/ilm/diagnostics.json"] = "{}"
		}
		return f
	}
	expectPass(t, "ilm_policy_present", Legacy, files("2.0.0", true))
	// Checked from 2.0.0 on: the missing policy passes just before.
	expectNone(t, runSelected(t, "ilm_policy_present", files("1.9.0", false)))
	expectOne(t, runSelected(t, "ilm_policy_present", files("2.0.0", false)), "data_stream/ok/manifest.yml", `ILM policy "logs-pkg.ok-diagnostics" not found`)
}
