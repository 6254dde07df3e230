package rules

import (
	"slices"
	"strings"
	"testing"

	"github.com/Masterminds/semver/v3"
)

// TestSelect checks which rules Select picks for a package, on a few rules chosen for their
// bounds: one with Since (var_groups, 3.6.0), a pair split by Until/Since at 3.0.0 (the two
// visualizations-by-value rules, integration and content only), one for input packages only
// (input_policy_templates), and three bound to modes: no_dev_folder (build),
// external_fields_with_dev_folder (legacy and source) and no_embedded_ecs (source, integration).
func TestSelect(t *testing.T) {
	watched := []string{
		"var_groups",
		"kibana_visualizations_by_value",
		"kibana_visualizations_by_value_warning",
		"input_policy_templates",
		"no_dev_folder",
		"external_fields_with_dev_folder",
		"no_embedded_ecs",
	}
	cases := []struct {
		version, typ string
		mode         Mode
		want         []string
	}{
		// Since 3.6.0: excluded just below, included at the bound and at its pre-release.
		{"3.5.9", "integration", Legacy, []string{"external_fields_with_dev_folder", "kibana_visualizations_by_value"}},
		{"3.6.0", "integration", Legacy, []string{"external_fields_with_dev_folder", "kibana_visualizations_by_value", "var_groups"}},
		{"3.6.0-next", "integration", Legacy, []string{"external_fields_with_dev_folder", "kibana_visualizations_by_value", "var_groups"}},
		// Until 3.0.0 for the warning, Since 3.0.0 for the error.
		{"2.99.99", "integration", Legacy, []string{"external_fields_with_dev_folder", "kibana_visualizations_by_value_warning"}},
		{"3.0.0", "integration", Legacy, []string{"external_fields_with_dev_folder", "kibana_visualizations_by_value"}},
		{"3.0.0-next", "integration", Legacy, []string{"external_fields_with_dev_folder", "kibana_visualizations_by_value"}},
		{"1.0.0", "content", Legacy, []string{"kibana_visualizations_by_value_warning"}},
		{"3.6.0", "content", Legacy, []string{"kibana_visualizations_by_value", "var_groups"}},
		// Types: input_policy_templates only for input packages, the Kibana pair never for them.
		{"3.6.0", "input", Legacy, []string{"external_fields_with_dev_folder", "input_policy_templates", "var_groups"}},
		{"2.0.0", "input", Legacy, []string{"external_fields_with_dev_folder", "input_policy_templates"}},
		// Modes.
		{"3.6.0", "integration", Source, []string{"external_fields_with_dev_folder", "kibana_visualizations_by_value", "no_embedded_ecs", "var_groups"}},
		{"3.6.0", "integration", Build, []string{"kibana_visualizations_by_value", "no_dev_folder", "var_groups"}},
		{"3.6.0", "input", Source, []string{"external_fields_with_dev_folder", "input_policy_templates", "var_groups"}},
		{"3.6.0", "input", Build, []string{"input_policy_templates", "no_dev_folder", "var_groups"}},
		{"3.6.0", "content", Build, []string{"kibana_visualizations_by_value", "no_dev_folder", "var_groups"}},
		{"2.0.0", "content", Source, []string{"kibana_visualizations_by_value_warning"}},
	}
	for _, c := range cases {
		var got []string
		for _, r := range Select(c.typ, semver.MustParse(c.version), c.mode) {
			if slices.Contains(watched, r.Name) {
				got = append(got, r.Name)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("Select(%s, %s, %s): got %s, want %s", c.typ, c.version, c.mode,
				strings.Join(got, ","), strings.Join(c.want, ","))
		}
	}
}

// TestSelectIsSortedAndComplete checks that Select returns rules in name order and that, with
// no bound in the way, it returns every rule that applies to all types and modes.
func TestSelectIsSortedAndComplete(t *testing.T) {
	sel := Select("integration", semver.MustParse("3.6.0"), Legacy)
	if !slices.IsSortedFunc(sel, func(a, b *Rule) int { return strings.Compare(a.Name, b.Name) }) {
		t.Fatal("Select must return rules in name order")
	}
	for _, r := range All() {
		if r.Since == "" && r.Until == "" && len(r.Types) == 0 && len(r.Modes) == 0 && !slices.Contains(sel, r) {
			t.Errorf("rule %s applies everywhere but was not selected", r.Name)
		}
	}
}

func TestRegisteredRulesAreWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range All() {
		if seen[r.Name] {
			t.Errorf("rule %s is registered twice", r.Name)
		}
		seen[r.Name] = true
		if r.Check == nil {
			t.Errorf("rule %s has no Check", r.Name)
		}
		if r.since != nil && r.until != nil && !r.since.LessThan(r.until) {
			t.Errorf("rule %s: Since %s is not below Until %s", r.Name, r.Since, r.Until)
		}
		for _, m := range r.Modes {
			if _, err := ParseMode(string(m)); err != nil {
				t.Errorf("rule %s: %v", r.Name, err)
			}
		}
	}
}

func TestParseMode(t *testing.T) {
	for in, want := range map[string]Mode{"": Legacy, "legacy": Legacy, "source": Source, "build": Build} {
		if got, err := ParseMode(in); err != nil || got != want {
			t.Errorf("ParseMode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseMode("zip"); err == nil || !strings.Contains(err.Error(), "unknown validation mode") {
		t.Errorf("ParseMode(zip): want an error, got %v", err)
	}
}

// TestRuleScopes pins the versions, package types and modes of every rule to those the reference
// implementation runs its counterpart for (its list of semantic rules), so that a change of scope
// is a deliberate one. Rules marked "walker" or "schema" stand for checks the reference makes in
// its folder walk or in a schema rather than in a semantic rule; "part of" rules are split out of
// one reference rule and share its scope.
func TestRuleScopes(t *testing.T) {
	type scope struct {
		since, until string
		types        []string
		modes        []Mode
	}
	ii := []string{"integration", "input"}
	ic := []string{"integration", "content"}
	i := []string{"integration"}
	want := map[string]scope{
		"version_integrity":                      {},
		"changelog_links":                        {},
		"prerelease":                             {},
		"minimum_kibana_version":                 {}, // its coded error is a warning before 3.0.0
		"field_groups":                           {},
		"fields_limits":                          {types: ii},
		"unique_fields":                          {since: "2.0.0", types: ii},
		"dimension_fields":                       {types: ii},
		"date_fields":                            {types: ii},
		"required_fields":                        {types: ii},
		"external_fields_with_dev_folder":        {types: ii, modes: []Mode{Legacy, Source}},
		"kibana_visualizations_by_value_warning": {until: "3.0.0", types: ic},
		"kibana_visualizations_by_value":         {since: "3.0.0", types: ic},
		"ilm_policy_present":                     {since: "2.0.0", types: i},
		"profiling_non_ga":                       {types: i},
		"kibana_object_ids":                      {types: ic},
		"routing_rules_dataset":                  {since: "2.9.0", types: i},
		"kibana_no_dangling_object_ids":          {since: "3.0.0"},
		"kibana_filter_present":                  {since: "3.0.0"},
		"kibana_no_legacy_visualizations":        {since: "3.0.0", types: ic},
		"dimensions_present":                     {since: "3.0.1", types: i},
		"capabilities_required":                  {since: "2.10.0"},
		"required_var_groups":                    {},
		"var_groups":                             {since: "3.6.0"},
		"var_sections":                           {},
		"docs_structure":                         {},
		"deployment_modes":                       {types: i},
		"agentless_release":                      {types: i}, // part of deployment_modes
		"duration_variables":                     {since: "3.5.0"},
		"input_policy_templates":                 {types: []string{"input"}},
		"dynamic_signal_types":                   {since: "3.6.0"},
		"fleet_reserved_vars":                    {since: "3.6.1", types: ii},
		"agent_version":                          {},
		"integration_policy_templates":           {types: i},
		"policy_template_datastream_categories":  {types: i},
		"datastream_package_categories":          {types: i},
		"pipeline_tags":                          {since: "3.6.0", types: i},
		"agent_templates":                        {types: ii},
		"kibana_tag_duplicates":                  {},
		"pipeline_on_failure":                    {since: "3.6.0", types: i},
		"inputs_deprecated":                      {since: "3.6.0", types: i},
		"input_qualifier":                        {since: "3.6.0", types: i, modes: []Mode{Legacy, Build}},
		"deprecated_replaced_by":                 {since: "3.6.0"},
		"package_references":                     {since: "3.6.0", types: i},
		"test_package_requirements":              {since: "3.6.0", types: i, modes: []Mode{Legacy, Source}},
		"no_embedded_ecs":                        {types: i, modes: []Mode{Source}},
		"no_external_fields":                     {modes: []Mode{Build}},
		"stream_inputs_materialized":             {types: i, modes: []Mode{Build}},
		"non_ga_spec":                            {since: "3.0.1"},           // checked by the reference before its rules
		"pipeline_message_rename":                {since: "3.1.0", types: i}, // schema of ingest pipelines
		"no_dev_folder":                          {modes: []Mode{Build}},     // walker: source-only folders
		"no_link_files":                          {modes: []Mode{Build}},     // walker: links in built packages
	}
	got := map[string]bool{}
	for _, r := range All() {
		got[r.Name] = true
		w, ok := want[r.Name]
		if !ok {
			t.Errorf("rule %s has no counterpart listed here", r.Name)
			continue
		}
		if r.Since != w.since || r.Until != w.until || !slices.Equal(r.Types, w.types) || !slices.Equal(r.Modes, w.modes) {
			t.Errorf("rule %s: since %q until %q types %v modes %v; want since %q until %q types %v modes %v",
				r.Name, r.Since, r.Until, r.Types, r.Modes, w.since, w.until, w.types, w.modes)
		}
	}
	for name := range want {
		if !got[name] {
			t.Errorf("rule %s is not registered", name)
		}
	}
}
