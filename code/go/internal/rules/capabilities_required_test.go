package rules

import "testing"

func TestCapabilitiesRequired(t *testing.T) {
	files := func(caps string) map[string]string {
		return map[string]string{
			"manifest.yml":                  "format_version: 3.0.0\nname: x\nversion: 1.0.0\nconditions:\n  elastic:\n    capabilities: " + caps + "\n",
			"kibana/security_rule/x-1.json": "{}",
		}
	}
	expectNone(t, runRule(t, "capabilities_required", files("[security]")))
	expectOne(t, runRule(t, "capabilities_required", files("[observability]")), "manifest.yml", "security capability is missing")
	if appliesTo(t, "capabilities_required", "integration", "2.9.0") || !appliesTo(t, "capabilities_required", "integration", "2.10.0") {
		t.Fatal("capabilities_required must apply from 2.10.0")
	}
}
