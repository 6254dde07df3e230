package registry

import (
	"io"
	"io/fs"

	"github.com/Masterminds/semver/v3"

	"github.com/pkgspec/pkgspec/code/go/pkg/manifest"
)

// Package is one version of a package in the index.
type Package struct {
	Name    string
	Version string
	// Doc is the full package document; /search shows a summary of it.
	Doc *Document
	// Zipped tells whether the package comes from a zip file (served byte for byte) rather
	// than a folder (zipped on the fly).
	Zipped bool
	// Location is the zip file or folder of the package, relative to its root.
	Location string
	// Verdict is free for a validation step to record what it found about the package.
	Verdict any

	src        *source
	version    *semver.Version
	spec       *semver.Version // major.minor.0 of format_version
	kibana     *semver.Constraints
	agent      *semver.Constraints
	capability []string
	discovery  *manifest.Discovery
	templates  []manifest.PolicyTemplate
	// summary is the /search entry of the package with all its policy templates, encoded
	// once as an element of the indented list Search writes.
	summary []byte
}

// Prerelease reports whether the version has a prerelease part (1.0.0-rc1).
func (p *Package) Prerelease() bool { return p.version.Prerelease() != "" }

const (
	releaseExperimental = "experimental"
	releaseBeta         = "beta"
	releaseGA           = "ga"
)

func validRelease(r string) bool {
	return r == releaseExperimental || r == releaseBeta || r == releaseGA
}

// Files opens the package's files, rooted at the package (inside a zip file, at the folder
// holding its manifest), for example to validate it. The closer must be called when done.
func (p *Package) Files() (fs.FS, io.Closer, error) { return p.src.files() }
