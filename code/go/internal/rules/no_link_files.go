package rules

import (
	"io/fs"
	"strings"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/internal/pkgfs"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// A .link file stands for a file shared between packages in a source tree; building copies the
// file in its place, so a built package must not hold any.
func init() {
	Register(Rule{Name: "no_link_files", Modes: []Mode{Build}, Check: checkNoLinkFiles})
}

func checkNoLinkFiles(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	walkTree(p, ".", func(name string, d fs.DirEntry) error {
		if !d.IsDir() && strings.HasSuffix(name, pkgfs.LinkExtension) {
			errs = append(errs, specerrors.New(name, ".link files are not allowed in built packages").At(1, 1))
		}
		return nil
	})
	return errs
}
