package validator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pkgspec/pkgspec/code/go/internal/pkgfs"
)

// FindPackages lists the packages kept below folder dir, as Discover finds them.
func FindPackages(dir string) ([]string, error) {
	found, _, err := Discover(dir)
	return found, err
}

// Discover looks below folder dir, a folder of packages (a package storage with its
// <name>/<version>/ folders, a repository's packages/ folder), at any depth, and returns:
//
//   - found: every sub-folder that holds manifest.yml (its own sub-folders are not searched
//     further; a data stream or transform folder is never taken for a package) and every .zip
//     file;
//   - problems: a Result with an input error for every folder that cannot be read, every
//     folder whose manifest.yml cannot be read, and every folder that is not a package though
//     it sits next to packages: it has no manifest.yml and no package below it, as a
//     <version>/ folder that lost its manifest.yml beside the versions that have theirs.
//
// Folders beside no package (docs/ next to packages/ in a repository) are not reported.
// Hidden folders are skipped and links are not followed. The paths start with dir as given,
// use forward slashes and are sorted, so that the lists are the same on every run. err is set
// when dir itself cannot be read.
func Discover(dir string) (found []string, problems []Result, err error) {
	return discover(os.DirFS(dir), dir)
}

// discover does the work of Discover in fsys, dir being how fsys is shown.
func discover(fsys fs.FS, dir string) (found []string, problems []Result, err error) {
	d := discovery{fsys: fsys, given: dir}
	if _, err := fs.ReadDir(d.fsys, "."); err != nil {
		return nil, nil, fmt.Errorf("cannot read folder %s: %s", dir, pkgfs.Reason(err))
	}
	d.visit(".")
	sort.Strings(d.found)
	sort.Slice(d.problems, func(i, j int) bool { return d.problems[i].Path < d.problems[j].Path })
	return d.found, d.problems, nil
}

type discovery struct {
	fsys     fs.FS
	given    string
	found    []string
	problems []Result
}

// display is how a path below the folder is shown: joined to dir as given, with forward
// slashes, as problem lines join a package and its files ("./pkgs" and "x" give "pkgs/x").
func (d *discovery) display(p string) string {
	return path.Join(filepath.ToSlash(d.given), p)
}

func (d *discovery) problem(p string, format string, args ...any) {
	d.problems = append(d.problems, inputError(d.display(p), fmt.Errorf(format, args...)))
}

// visit looks at folder p, which is not a package, and tells whether anything was found or
// reported below it.
func (d *discovery) visit(p string) bool {
	entries, err := fs.ReadDir(d.fsys, p)
	if err != nil {
		d.problem(p, "cannot read folder %s: %s", d.display(p), pkgfs.Reason(err))
		return true
	}
	beside := false // a package sits directly in p
	var rest []string
	for _, e := range entries {
		child := path.Join(p, e.Name())
		switch {
		case e.Type().IsRegular() && strings.EqualFold(path.Ext(e.Name()), ".zip"):
			d.found = append(d.found, d.display(child))
			beside = true
		case !e.IsDir() || strings.HasPrefix(e.Name(), "."):
		case d.manifest(child):
			beside = true
		default:
			rest = append(rest, child)
		}
	}
	any := beside
	for _, child := range rest {
		if d.visit(child) {
			any = true
		} else if beside {
			d.problem(child, "folder %s is not a package: it has no manifest.yml, unlike the packages beside it", d.display(child))
			any = true
		}
	}
	return any
}

// manifest tells whether folder p holds manifest.yml, and records it as a package, or as a
// problem when the manifest cannot be read.
func (d *discovery) manifest(p string) bool {
	switch path.Base(path.Dir(p)) {
	case "data_stream", "transform":
		return false
	}
	name := path.Join(p, "manifest.yml")
	f, err := d.fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		if _, lerr := fs.Lstat(d.fsys, name); lerr != nil {
			return false // no manifest.yml at all
		}
	}
	if err == nil {
		var info fs.FileInfo
		info, err = f.Stat()
		f.Close()
		if err == nil && !info.Mode().IsRegular() {
			err = errors.New("it is not a file")
		}
	}
	if err != nil {
		d.problem(p, "cannot read %s/manifest.yml: %s", d.display(p), pkgfs.Reason(err))
		return true
	}
	d.found = append(d.found, d.display(p))
	return true
}

// IsPackageFolder tells whether dir is itself a package folder: it holds manifest.yml.
func IsPackageFolder(dir string) bool {
	info, err := os.Stat(filepath.Join(dir, "manifest.yml"))
	return err == nil && !info.IsDir()
}
