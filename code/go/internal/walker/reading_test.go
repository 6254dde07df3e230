package walker

import (
	"testing"

	"github.com/pkgspec/pkgspec/code/go/internal/loader"
	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// walk returns the problems Walk finds, with the default bound of schema errors per file.
func walk(p *packages.Package, root *loader.Item) specerrors.ValidationErrors {
	errs, _ := Walk(p, root, 0)
	return errs
}

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

// totalContentsLimit counts the entries of one folder, not the files below it: a folder within
// the limit passes however many files its subfolders hold, and a subfolder is held to the limit
// it inherits (the loader copies it down).
func TestTotalContentsLimitCountsEntries(t *testing.T) {
	files := &loader.Item{Type: loader.TypeFile, Pattern: `^.+\.txt$`}
	sub := &loader.Item{Type: loader.TypeFolder, Name: "sub", Contents: []*loader.Item{files}}
	root := &loader.Item{Type: loader.TypeFolder, AdditionalContents: true, Limits: loader.Limits{TotalContentsLimit: 3},
		Contents: []*loader.Item{sub}}
	sub.Limits = root.Limits
	p := openPackage(t, "integration", "3.0.0", "1.0.0", "sub/a.txt", "sub/b.txt", "sub/c.txt")
	if errs := walk(p, root); len(errs) != 0 {
		t.Errorf("three entries in each folder: got %v", errs)
	}
	p = openPackage(t, "integration", "3.0.0", "1.0.0", "sub/a.txt", "sub/b.txt", "sub/c.txt", "sub/d.txt")
	errs := walk(p, root)
	if len(errs) != 1 || errs[0].File != "sub" {
		t.Errorf("four entries in sub: got %v, want one error about sub", errs)
	}
}
