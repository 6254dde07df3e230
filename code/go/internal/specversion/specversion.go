// Package specversion reads the list of spec versions from spec/changelog.yml and decides which
// spec version a package's format_version selects.
package specversion

import (
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/Masterminds/semver/v3"
	"gopkg.in/yaml.v3"

	"github.com/pkgspec/pkgspec/spec"
)

// Changelog is the list of versions of spec/changelog.yml, in file order (newest first).
type Changelog struct {
	Versions []*semver.Version
}

var (
	once    sync.Once
	loaded  *Changelog
	loadErr error
)

// Load returns the changelog of the embedded spec, parsed once per process.
func Load() (*Changelog, error) {
	once.Do(func() { loaded, loadErr = Parse(spec.FS, "changelog.yml") })
	return loaded, loadErr
}

// Parse reads and checks a changelog file: valid semver, newest first, and versions in
// development (pre-release tag "next", as in 3.7.0-next) only above every released one. Older
// release candidates (2.0.0-rc1) are history and may sit anywhere in order.
func Parse(fsys fs.FS, name string) (*Changelog, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("reading spec changelog: %w", err)
	}
	var entries []struct {
		Version string `yaml:"version"`
	}
	if err := yaml.Unmarshal(data, &entries); err != nil {
		return nil, fmt.Errorf("parsing spec changelog: %w", err)
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("spec changelog lists no version")
	}
	var c Changelog
	seenRelease := false
	for i, e := range entries {
		v, err := semver.StrictNewVersion(e.Version)
		if err != nil {
			return nil, fmt.Errorf("spec changelog entry %d: version %q is not valid semver", i+1, e.Version)
		}
		if i > 0 && !v.LessThan(c.Versions[i-1]) {
			return nil, fmt.Errorf("spec changelog: version %s must come after %s (newest first)", v, c.Versions[i-1])
		}
		if InDevelopment(v) && seenRelease {
			return nil, fmt.Errorf("spec changelog: version in development %s is below a released version", v)
		}
		if v.Prerelease() == "" {
			seenRelease = true
		}
		c.Versions = append(c.Versions, v)
	}
	return &c, nil
}

// Newest returns the newest version listed, pre-release or not.
func (c *Changelog) Newest() *semver.Version { return c.Versions[0] }

// Oldest returns the oldest version listed.
func (c *Changelog) Oldest() *semver.Version { return c.Versions[len(c.Versions)-1] }

// Resolve checks a package's format_version, once read as a semantic version, and returns it
// when the changelog lists it, an entry's pre-release tag set aside: 3.7.0 selects the entry
// 3.7.0-next. A format_version with a pre-release tag (3.7.0-next, 2.0.0-rc1) selects nothing.
func (c *Changelog) Resolve(v *semver.Version) (*semver.Version, error) {
	if c.Entry(v) != nil {
		return v, nil
	}
	if v.Prerelease() != "" {
		if rel, _ := v.SetPrerelease(""); c.Entry(&rel) != nil {
			return nil, fmt.Errorf("spec version %s not found: name it %s, without the pre-release tag", v, &rel)
		}
	}
	if v.LessThan(c.Oldest()) {
		return nil, fmt.Errorf("spec version %s not found: it is older than the oldest spec version (%s)", v, c.Oldest())
	}
	if rel, _ := c.Newest().SetPrerelease(""); v.GreaterThan(&rel) {
		return nil, fmt.Errorf("spec version %s not found: it is newer than the newest spec version (%s)", v, c.Newest())
	}
	return nil, fmt.Errorf("spec version %s not found in the changelog", v)
}

// Entry returns the changelog version that a package's format_version v selects: the first
// listed whose number, pre-release tag set aside, equals v; nil if none does.
func (c *Changelog) Entry(v *semver.Version) *semver.Version {
	for _, known := range c.Versions {
		if rel, _ := known.SetPrerelease(""); rel.Equal(v) {
			return known
		}
	}
	return nil
}

// InDevelopment tells whether v is a spec version still being written (3.7.0-next).
func InDevelopment(v *semver.Version) bool {
	return strings.HasPrefix(v.Prerelease(), "next")
}
