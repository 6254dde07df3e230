package rules

import "testing"

func TestAgentVersion(t *testing.T) {
	m := func(cond string) map[string]string {
		return map[string]string{"manifest.yml": "format_version: 3.6.0\nname: x\nversion: 1.0.0\nconditions:\n" + cond}
	}
	expectNone(t, runSelected(t, "agent_version", m("  agent:\n    version: \"^8.13.0\"\n")))
	expectNone(t, runSelected(t, "agent_version", m("  agent.version: \">=8.13.0, <9.0.0\"\n")))
	expectNone(t, runSelected(t, "agent_version", m("  kibana:\n    version: \"^8.13.0\"\n")))
	expectOne(t, runSelected(t, "agent_version", m("  agent:\n    version: version\n")), "manifest.yml",
		`invalid agent.version condition: "version" is not a version constraint (such as "^8.13.0" or ">=8.13.0, <9.0.0")`)
	expectOne(t, runSelected(t, "agent_version", m("  agent.version:\n    min: x\n")), "manifest.yml", "must be a string")
	errs := ruleByName(t, "agent_version").Check(newPackage(t, m("  agent:\n    version: version\n")))
	if len(errs) != 1 || errs[0].Line != 6 || errs[0].Field != "conditions.agent.version" {
		t.Fatalf("want one error at line 6 on conditions.agent.version, got %+v", errs)
	}
	// No version bound: old packages and every type are checked too.
	expectOne(t, runSelected(t, "agent_version", map[string]string{"manifest.yml": "format_version: 1.0.0\nname: x\ntype: input\nversion: 1.0.0\n" +
		"conditions:\n  agent:\n    version: nope\n"}), "manifest.yml", "invalid agent.version condition")
	// An empty condition is no condition.
	expectNone(t, runRule(t, "agent_version", map[string]string{"manifest.yml": "format_version: 3.0.0\nname: x\nversion: 1.0.0\nconditions:\n  agent:\n    version: \"\"\n"}))
}
