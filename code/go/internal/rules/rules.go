// Package rules holds the semantic rules: checks that look across files and values, beyond what
// the schema of a single file can say. Each rule lives in its own file, declares the spec versions,
// package types and validation modes it applies to, and registers itself in init.
package rules

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/Masterminds/semver/v3"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Mode says what kind of package tree is validated.
type Mode string

const (
	// Legacy is what validating a folder has always meant; the default.
	Legacy Mode = "legacy"
	// Source is a package as its authors keep it, with _dev material and links.
	Source Mode = "source"
	// Build is a built package, as published: no _dev, no links, no external fields.
	Build Mode = "build"
)

// ParseMode reads a mode name; the empty string means Legacy.
func ParseMode(s string) (Mode, error) {
	switch Mode(s) {
	case "", Legacy:
		return Legacy, nil
	case Source, Build:
		return Mode(s), nil
	}
	return "", fmt.Errorf("unknown validation mode %q (want legacy, source or build)", s)
}

// Rule is one semantic check.
type Rule struct {
	// Name identifies the rule, in snake_case, as its file is named.
	Name string
	// Since and Until bound the format versions the rule applies to: [Since, Until). Empty
	// means unbounded.
	Since, Until string
	// Types lists the package types the rule applies to; empty means all.
	Types []string
	// Modes lists the modes the rule applies to; empty means all.
	Modes []Mode
	// Check runs the rule.
	Check func(p *packages.Package) specerrors.ValidationErrors

	since, until *semver.Version
}

var (
	mu       sync.Mutex
	registry []*Rule
)

// Register adds a rule; it panics on a rule whose versions cannot be parsed, which is a
// programming error caught by the tests.
func Register(r Rule) {
	if r.Since != "" {
		r.since = semver.MustParse(r.Since)
	}
	if r.Until != "" {
		r.until = semver.MustParse(r.Until)
	}
	mu.Lock()
	defer mu.Unlock()
	registry = append(registry, &r)
	slices.SortFunc(registry, func(a, b *Rule) int { return strings.Compare(a.Name, b.Name) })
}

// Applies tells whether the rule applies to a package of this type, version and mode.
func (r *Rule) Applies(pkgType string, v *semver.Version, mode Mode) bool {
	rel := v
	if v.Prerelease() != "" {
		x, _ := v.SetPrerelease("")
		rel = &x
	}
	if r.since != nil && rel.LessThan(r.since) {
		return false
	}
	if r.until != nil && !rel.LessThan(r.until) {
		return false
	}
	if len(r.Types) > 0 && !slices.Contains(r.Types, pkgType) {
		return false
	}
	if len(r.Modes) > 0 && !slices.Contains(r.Modes, mode) {
		return false
	}
	return true
}

// Select returns the rules for a package, in name order.
func Select(pkgType string, v *semver.Version, mode Mode) []*Rule {
	mu.Lock()
	defer mu.Unlock()
	var out []*Rule
	for _, r := range registry {
		if r.Applies(pkgType, v, mode) {
			out = append(out, r)
		}
	}
	return out
}

// All returns every registered rule, in name order.
func All() []*Rule {
	mu.Lock()
	defer mu.Unlock()
	return slices.Clone(registry)
}
