package rules

import "testing"

func TestFindTemplate(t *testing.T) {
	p := newPackage(t, map[string]string{
		"manifest.yml":                         "format_version: 3.6.0\nname: x\nversion: 1.0.0\n",
		"agent/input/my-input.yml.hbs":         "a\n",
		"agent/input/linked.yml.hbs.link":      "../../shared/linked.yml.hbs 0000\n",
		"agent/input/nested/deep.yml.hbs":      "a\n",
		"data_stream/a/agent/stream/sub/s.hbs": "a\n",
	})
	cases := []struct {
		dir, name string
		found     bool
	}{
		{"agent/input", "my-input.yml.hbs", true},
		{"agent/input", "input.yml.hbs", true}, // Fleet matches by suffix
		{"agent/input", "linked.yml.hbs", true},
		{"agent/input", "deep.yml.hbs", false}, // sub-folders are not looked in
		{"agent/input", "other.yml.hbs", false},
		{"agent/input", "", false},
		{"data_stream/a/agent/stream", "s.hbs", false},
		{"no/such/dir", "s.hbs", false},
	}
	for _, c := range cases {
		if got := findTemplate(p, c.dir, c.name); got != c.found {
			t.Errorf("findTemplate(%q, %q) = %v, want %v", c.dir, c.name, got, c.found)
		}
	}
	single, many := templateNames(map[string]any{"template_path": "a.hbs", "template_paths": []any{"b.hbs", 3, "c.hbs"}})
	if single != "a.hbs" || len(many) != 2 || many[0] != "b.hbs" || many[1] != "c.hbs" {
		t.Errorf("templateNames: got %q, %q", single, many)
	}
}
