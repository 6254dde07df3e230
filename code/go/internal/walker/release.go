package walker

import (
	"github.com/Masterminds/semver/v3"

	"github.com/pkgspec/pkgspec/code/go/internal/loader"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// releaseBeta marks a folder of the spec whose features are not generally available yet.
const releaseBeta = "beta"

// release reports a folder whose spec entry is still in beta. A GA package (version 1.0.0 or
// more, without pre-release tag) cannot use it at all. A pre-release package may, but it must
// not be released as GA while it does: from spec 3.0.0 on that is an error packages can exclude
// (code PSR00002), before it a warning.
func (w *walker) release(spec *loader.Item, dir string) {
	switch spec.Release {
	case "", "ga":
		return
	case releaseBeta:
	default:
		w.add(specerrors.New(display(dir), "the spec gives folder [%s] the release level %q; known levels are beta and ga", folderName(dir), spec.Release))
		return
	}
	if v, err := semver.NewVersion(w.pkg.Version); err == nil && v.Major() > 0 && v.Prerelease() == "" {
		w.add(specerrors.New(display(dir), "folder [%s] holds beta features of the spec, which a package with a stable version (%s) cannot enable", folderName(dir), w.pkg.Version))
		return
	}
	e := specerrors.New(display(dir), "folder [%s] holds beta features of the spec: this pre-release package (%s) cannot be released as stable while it uses them", folderName(dir), w.pkg.Version).
		WithCode(specerrors.CodePrereleaseFeatureOnGAPackage)
	if w.pkg.FormatVersion == nil || w.pkg.FormatVersion.Major() < 3 {
		e = e.AsWarning()
	}
	w.add(e)
}
