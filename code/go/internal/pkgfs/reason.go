package pkgfs

import (
	"errors"
	"io/fs"
	"syscall"
)

// ErrLoop is a symbolic link that leads back to itself, directly or through other links.
var ErrLoop = errors.New("symbolic links form a loop")

// Reason says in plain words why a file or folder could not be read. For the error of an
// operation on a path (fs.PathError), it gives the cause without the name of the system call
// and the path that wrap it ("stat x: ..."), the name being said by whoever reports it; any
// other error, which says more than its cause, is given whole.
func Reason(err error) string {
	pe, ok := err.(*fs.PathError)
	if !ok {
		return err.Error()
	}
	switch {
	case errors.Is(pe.Err, ErrLoop) || errors.Is(pe.Err, syscall.ELOOP):
		return ErrLoop.Error()
	case errors.Is(pe.Err, fs.ErrNotExist):
		return "it does not exist, or is a link to nothing"
	case errors.Is(pe.Err, fs.ErrPermission):
		return "permission denied"
	case errors.Is(pe.Err, syscall.ENOTDIR):
		return "it is not a folder"
	case errors.Is(pe.Err, syscall.EISDIR):
		return "it is a folder"
	}
	return pe.Err.Error()
}
