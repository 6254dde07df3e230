package rules

import "testing"

func TestAgentlessRelease(t *testing.T) {
	m := func(templates string) map[string]string {
		return map[string]string{"manifest.yml": "format_version: 3.6.3\nname: x\nversion: 1.0.0\npolicy_templates:\n" + templates}
	}
	agentlessOnly := func(name string) string {
		return `  - name: ` + name + `
    deployment_modes:
      default:
        enabled: false
      agentless:
        enabled: true
        release: beta
    inputs:
      - type: cel
        deployment_modes: [agentless]
`
	}
	msgs := runRule(t, "agentless_release", m(agentlessOnly("t")))
	expectOne(t, msgs, "manifest.yml", `policy template "t" sets agentless.release although agentless is its only deployment mode`)
	errs := ruleByName(t, "agentless_release").Check(newPackage(t, m(agentlessOnly("t"))))
	if errs[0].Line != 11 || errs[0].Field != "policy_templates.0.deployment_modes.agentless.release" {
		t.Fatalf("want the error at line 11 on the release key, got line %d field %q", errs[0].Line, errs[0].Field)
	}

	// With two policy templates, release compares agentless with the other offerings.
	expectNone(t, runRule(t, "agentless_release", m(agentlessOnly("a")+agentlessOnly("b"))))
	// Default left on (implicitly or explicitly): agentless is not the only mode.
	expectNone(t, runRule(t, "agentless_release", m(`  - name: t
    deployment_modes:
      agentless:
        enabled: true
        release: ga
    inputs:
      - type: cel
`)))
	expectNone(t, runRule(t, "agentless_release", m(`  - name: t
    deployment_modes:
      default:
        enabled: true
      agentless:
        enabled: true
        release: ga
    inputs:
      - type: cel
`)))
	// Agentless only, without a release of its own: the package version speaks.
	expectNone(t, runRule(t, "agentless_release", m(`  - name: t
    deployment_modes:
      default:
        enabled: false
      agentless:
        enabled: true
    inputs:
      - type: cel
`)))
}
