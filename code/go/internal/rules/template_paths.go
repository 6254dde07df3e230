package rules

// Shared by the rules that look for files in the package tree: the walk over a folder and its
// sub-folders, and finding an agent template by the name a manifest gives.

import (
	"io/fs"
	"strings"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/internal/pkgfs"
)

// walkTree calls visit for dir and every file and folder under it, in lexical order, leaving
// out what cannot be read (the folder checks report it). visit may return fs.SkipDir or
// fs.SkipAll.
func walkTree(p *packages.Package, dir string, visit func(name string, d fs.DirEntry) error) {
	_ = fs.WalkDir(p.FS, dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		return visit(name, d)
	})
}

// findTemplate tells whether folder dir holds a file named name, or whose name ends with name
// (Fleet picks templates by suffix), either itself or as a .link file.
func findTemplate(p *packages.Package, dir, name string) bool {
	if name == "" {
		return false
	}
	list, err := fs.ReadDir(p.FS, dir)
	if err != nil {
		return false
	}
	for _, e := range list {
		if e.IsDir() {
			continue
		}
		n := strings.TrimSuffix(e.Name(), pkgfs.LinkExtension)
		if strings.HasSuffix(n, name) {
			return true
		}
	}
	return false
}

// templateNames returns the template_path and template_paths entries of a mapping.
func templateNames(m map[string]any) (single string, many []string) {
	return asString(m["template_path"]), stringList(m["template_paths"])
}
