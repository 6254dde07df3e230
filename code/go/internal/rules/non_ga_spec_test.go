package rules

import "testing"

func TestNonGASpec(t *testing.T) {
	m := func(fv, v string) map[string]string {
		return map[string]string{"manifest.yml": "format_version: " + fv + "\nname: x\nversion: " + v + "\n"}
	}
	msgs := runRule(t, "non_ga_spec", m("3.7.0", "1.0.0"))
	expectOne(t, msgs, "", "unreleased version of the spec (3.7.0-next)")
	if errs := ruleByName(t, "non_ga_spec").Check(newPackage(t, m("3.7.0", "1.0.0"))); errs[0].Code != "PSR00001" {
		t.Fatalf("want code PSR00001, got %q", errs[0].Code)
	}
	expectNone(t, runRule(t, "non_ga_spec", m("3.7.0", "0.1.0")))
	expectNone(t, runRule(t, "non_ga_spec", m("3.6.0", "1.0.0")))
	if appliesTo(t, "non_ga_spec", "integration", "3.0.0") || !appliesTo(t, "non_ga_spec", "integration", "3.0.1") {
		t.Fatal("non_ga_spec must apply from 3.0.1")
	}
}
