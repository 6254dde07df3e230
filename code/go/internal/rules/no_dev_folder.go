package rules

import (
	"io/fs"
	"path"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// _dev folders hold what is needed to develop and test a package; building leaves them out, so
// a built package must not have any.
func init() {
	Register(Rule{Name: "no_dev_folder", Modes: []Mode{Build}, Check: checkNoDevFolder})
}

func checkNoDevFolder(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	walkTree(p, ".", func(name string, d fs.DirEntry) error {
		if d.IsDir() && path.Base(name) == "_dev" {
			errs = append(errs, specerrors.New(name, "_dev directory is not allowed in built packages"))
			return fs.SkipDir
		}
		return nil
	})
	return errs
}
