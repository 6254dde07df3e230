//go:build !linux

package registry

import (
	"errors"
	"io/fs"
)

// folderFD is a version folder held open for stats relative to it: not done on this system,
// where openFolder always returns nil and the walk stats through the root's file system.
type folderFD struct{}

func openFolder(dir, rel string) *folderFD { return nil }

func (d *folderFD) close() {}

func (d *folderFD) stat(rel string, follow bool) (statID, error) {
	return statID{}, &fs.PathError{Op: "stat", Path: rel, Err: errors.ErrUnsupported}
}
