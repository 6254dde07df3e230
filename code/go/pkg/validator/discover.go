package validator

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// maxDiscoverDepth bounds how deep FindPackages looks below the folder it is given: package
// storages keep packages at <name>/<version>/, repositories at packages/<name>/.
const maxDiscoverDepth = 6

// FindPackages lists the packages kept below folder dir: every sub-folder that holds
// manifest.yml (its own sub-folders are not searched further; a data stream or transform
// folder is never taken for a package) and every .zip file.
// Hidden folders are skipped and links are not followed. The paths start with dir as given,
// use forward slashes and are sorted, so that the list is the same on every run.
func FindPackages(dir string) ([]string, error) {
	var found []string
	root := filepath.Clean(dir)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return err
			}
			return nil // an unreadable sub-folder holds no package we can validate
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		depth := 0
		if rel != "." {
			depth = strings.Count(rel, "/") + 1
		}
		if d.IsDir() {
			if depth > 0 && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			if depth > 0 && isPackageFolder(p) {
				found = append(found, joinGiven(dir, rel))
				return fs.SkipDir
			}
			if depth >= maxDiscoverDepth {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && strings.EqualFold(path.Ext(d.Name()), ".zip") {
			found = append(found, joinGiven(dir, rel))
		}
		return nil
	})
	sort.Strings(found)
	return found, err
}

// joinGiven appends rel to dir as the user wrote it, with a forward slash.
func joinGiven(dir, rel string) string {
	return strings.TrimSuffix(filepath.ToSlash(dir), "/") + "/" + rel
}

// isPackageFolder tells whether folder p is a package found by FindPackages: it holds
// manifest.yml and is not the data stream or transform of a package that lacks its own.
func isPackageFolder(p string) bool {
	switch filepath.Base(filepath.Dir(p)) {
	case "data_stream", "transform":
		return false
	}
	return IsPackageFolder(p)
}

// IsPackageFolder tells whether dir is itself a package folder: it holds manifest.yml.
func IsPackageFolder(dir string) bool {
	info, err := os.Stat(filepath.Join(dir, "manifest.yml"))
	return err == nil && !info.IsDir()
}
