package walker

import (
	"testing"

	"github.com/pkgspec/pkgspec/code/go/internal/loader"
	"github.com/pkgspec/pkgspec/code/go/internal/packages"
)

// The first line must be the document start marker alone, as the reference reads it with a
// line scanner: a carriage return before the newline is dropped, anything else is not.
func TestStartsWithDashes(t *testing.T) {
	for data, want := range map[string]bool{
		"---\nprocessors: []\n":   true,
		"---\r\nprocessors: []\n": true,
		"---":                     true,
		"---\n":                   true,
		"--- \n":                  false,
		"--- # c\n":               false,
		"# c\n---\n":              false,
		"\ufeff---\n":             false,
		"----\n":                  false,
		"":                        false,
		"processors: []\n":        false,
	} {
		if got := startsWithDashes([]byte(data)); got != want {
			t.Errorf("%q: got %v, want %v", data, got, want)
		}
	}
}

// A `.link` file is described by the entry of the file it stands for: by name always, by
// pattern only where the entry allows links.
func TestMatchLinks(t *testing.T) {
	fields := &loader.Item{Type: loader.TypeFile, Pattern: `^.+\.yml$`, AllowLink: true}
	objects := &loader.Item{Type: loader.TypeFile, Pattern: `^.+\.json$`}
	changelog := &loader.Item{Type: loader.TypeFile, Name: "changelog.yml"}
	spec := &loader.Item{Contents: []*loader.Item{changelog, fields, objects}}
	w := &walker{pkg: &packages.Package{Name: "x"}}
	for name, want := range map[string]*loader.Item{
		"a.yml.link":         fields,
		"a.yml":              fields,
		"changelog.yml.link": changelog,
		"a.json":             objects,
		"a.txt.link":         nil,
	} {
		got, err := w.match(spec, name)
		if err != nil || got != want {
			t.Errorf("%s: got %v %v, want %v", name, got, err, want)
		}
	}
	if _, err := w.match(spec, "a.json.link"); err == nil || err.Error() != "item [a.json] is a link but is not allowed" {
		t.Errorf("a.json.link: got %v, want the link refused", err)
	}
}
