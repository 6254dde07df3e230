package rules

import "testing"

func TestDeploymentModes(t *testing.T) {
	m := func(pt string) map[string]string {
		return map[string]string{"manifest.yml": "format_version: 3.2.0\nname: x\nversion: 1.0.0\npolicy_templates:\n" + pt}
	}
	expectNone(t, runRule(t, "deployment_modes", m(`  - name: t
    deployment_modes:
      agentless:
        enabled: true
    inputs:
      - type: a
        deployment_modes: [agentless]
      - type: b
`)))
	expectOne(t, runRule(t, "deployment_modes", m(`  - name: t
    inputs:
      - type: a
        deployment_modes: [agentless]
      - type: b
        deployment_modes: [default]
`)), "manifest.yml", `input "a" in policy template "t" specifies unsupported deployment mode "agentless"`)
	msgs := runRule(t, "deployment_modes", m(`  - name: t
    deployment_modes:
      default:
        enabled: false
      agentless:
        enabled: true
    inputs:
      - type: a
        deployment_modes: [default]
`))
	if len(msgs) != 2 {
		t.Fatalf("want 2 problems, got %q", msgs)
	}
	expectOne(t, msgs[:1], "manifest.yml", `policy template "t" enables deployment mode "agentless" but no input supports this mode`)
}
