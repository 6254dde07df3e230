//go:build !linux

package registry

// folderFD is a version folder held open for stats relative to it: not done on this system.
type folderFD struct{}

func openFolder(dir, rel string) *folderFD { return nil }

func (d *folderFD) close() {}

func (d *folderFD) stat(rel string, follow bool) (statID, error) { panic("not reached") }
