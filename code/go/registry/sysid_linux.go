package registry

import (
	"io/fs"
	"syscall"
)

// sysID gives the inode change time and the inode number of a file, when info has them.
func sysID(info fs.FileInfo) (change int64, inode uint64) {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return st.Ctim.Nano(), st.Ino
	}
	return 0, 0
}
