package rules

import "testing"

func TestNonGASpec(t *testing.T) {
	m := func(fv, v string) map[string]string {
		return map[string]string{"manifest.yml": "format_version: " + fv + "\nname: x\nversion: " + v + "\n"}
	}
	// 3.7.0 is only known as 3.7.0-next, still in development.
	expectOneAt(t, checkRule(t, "non_ga_spec", m("3.7.0", "1.0.0")), "manifest.yml", 1, 17, "package with GA version (1.0.0) is using an unreleased version of the spec (3.7.0-next)")
	expectOne(t, runSelected(t, "non_ga_spec", m("3.7.0-next", "2.1.0")), "manifest.yml", "unreleased version of the spec (3.7.0-next)")
	errs := ruleByName(t, "non_ga_spec").Check(newPackage(t, m("3.7.0", "1.0.0")))
	if len(errs) != 1 || errs[0].Code != "PSR00001" {
		t.Fatalf("want one PSR00001 error, got %+v", errs)
	}
	// Pre-release packages may follow a spec in development; GA packages a released spec.
	expectNone(t, runSelected(t, "non_ga_spec", m("3.7.0", "0.1.0")))
	expectNone(t, runSelected(t, "non_ga_spec", m("3.7.0", "1.0.0-beta1")))
	expectNone(t, runSelected(t, "non_ga_spec", m("3.6.0", "1.0.0")))
	// The check exists since 3.0.1.
	if appliesTo(t, "non_ga_spec", "integration", "3.0.0") || !appliesTo(t, "non_ga_spec", "integration", "3.0.1") {
		t.Fatal("non_ga_spec must apply from 3.0.1")
	}
}
