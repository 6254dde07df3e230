package rules

import (
	"io/fs"
	"path"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// _dev folders hold what is needed to develop and test a package; building leaves them out, so
// a built package must not have any. The spec declares two (at the package root and in each data
// stream) as source-only, and the reference refuses those in built packages; a _dev folder
// elsewhere is an item like any other, left to the folder checks.
func init() {
	Register(Rule{Name: "no_dev_folder", Modes: []Mode{Build}, Check: checkNoDevFolder})
}

func checkNoDevFolder(p *packages.Package) specerrors.ValidationErrors {
	dirs := []string{"_dev"}
	for _, ds := range p.DataStreams() {
		dirs = append(dirs, path.Join("data_stream", ds, "_dev"))
	}
	var errs specerrors.ValidationErrors
	for _, dir := range dirs {
		if info, err := fs.Stat(p.FS, dir); err == nil && info.IsDir() {
			errs = append(errs, specerrors.New(dir, "_dev directory is not allowed in built packages"))
		}
	}
	return errs
}
