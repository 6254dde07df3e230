package rules

import "testing"

func TestCapabilitiesRequired(t *testing.T) {
	files := func(fv, conditions string) map[string]string {
		return map[string]string{
			"manifest.yml":                  "format_version: " + fv + "\nname: x\nversion: 1.0.0\n" + conditions,
			"kibana/security_rule/x-1.json": "{}",
		}
	}
	caps := func(list string) string { return "conditions:\n  elastic:\n    capabilities: " + list + "\n" }
	expectNone(t, runSelected(t, "capabilities_required", files("3.0.0", caps("[security]"))))
	expectNone(t, runSelected(t, "capabilities_required", files("3.0.0", caps("[observability, security]"))))
	expectOne(t, runSelected(t, "capabilities_required", files("3.0.0", caps("[observability]"))), "manifest.yml", "security capability is missing")

	// Without any capability, the error points at the conditions.
	errs := ruleByName(t, "capabilities_required").Check(newPackage(t, files("3.0.0", "")))
	if len(errs) != 1 || errs[0].Field != "conditions" || errs[0].File != "manifest.yml" {
		t.Fatalf("want one error on conditions, got %+v", errs)
	}
	// Without security rules, no capability is needed.
	expectNone(t, runSelected(t, "capabilities_required", map[string]string{
		"manifest.yml": "format_version: 3.0.0\nname: x\nversion: 1.0.0\n" + caps("[observability]"),
	}))

	// Written both ways, the dotted key decides.
	both := func(dotted, nested string) string {
		return "conditions:\n  elastic.capabilities: " + dotted + "\n  elastic:\n    capabilities: " + nested + "\n"
	}
	expectNone(t, runSelected(t, "capabilities_required", files("3.0.0", both("[observability, security]", "[observability]"))))
	expectOne(t, runSelected(t, "capabilities_required", files("3.0.0", both("[observability]", "[security]"))), "manifest.yml", "security capability is missing")
	// Before 3.0.0 too, although the schema reads the dotted key as a nested one there.
	expectNone(t, runSelected(t, "capabilities_required", files("2.12.0", both("[observability, security]", "[observability]"))))
	expectOne(t, runSelected(t, "capabilities_required", files("2.12.0", both("[observability]", "[security]"))), "manifest.yml", "security capability is missing")

	// Capabilities appeared in 2.10.0: the same package passes just before.
	expectNone(t, runSelected(t, "capabilities_required", files("2.9.0", "")))
	expectOne(t, runSelected(t, "capabilities_required", files("2.10.0", "")), "manifest.yml", "security capability is missing")
}
