package registry

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/Masterminds/semver/v3"

	"github.com/pkgspec/pkgspec/code/go/pkg/manifest"
)

// Filter selects packages, as the /search and /categories parameters do.
type Filter struct {
	All           bool   // every version, not only the newest of each package
	Prerelease    bool   // include prerelease versions and experimental packages
	Experimental  bool   // legacy selection that older Kibanas ask for
	Category      string // the category or a subcategory of it, on the package or a policy template
	Name          string
	Version       string
	Type          string
	KibanaVersion *semver.Version
	AgentVersion  *semver.Version
	Capabilities  []string // nil: any
	SpecMin       *semver.Version
	SpecMax       *semver.Version
	Discovery     []Discovery
}

// Discovery is one discovery=fields:a,b or discovery=datasets:a,b parameter.
type Discovery struct {
	Fields   []string
	Datasets []string
}

// ParseDiscovery parses the value of a discovery parameter.
func ParseDiscovery(v string) (Discovery, error) {
	kind, args, ok := strings.Cut(v, ":")
	if !ok {
		return Discovery{}, fmt.Errorf("could not parse filter %q", v)
	}
	switch kind {
	case "fields":
		return Discovery{Fields: strings.Split(args, ",")}, nil
	case "datasets":
		return Discovery{Datasets: strings.Split(args, ",")}, nil
	}
	return Discovery{}, fmt.Errorf("unknown discovery filter %q", kind)
}

// matches: every field the package lists must be asked for; at least one dataset it lists must
// be asked for. A package listing none does not match.
func (d Discovery) matches(pd *manifest.Discovery) bool {
	if len(d.Fields) > 0 {
		if pd == nil || len(pd.Fields) == 0 {
			return false
		}
		for _, f := range pd.Fields {
			if !slices.Contains(d.Fields, f.Name) {
				return false
			}
		}
	}
	if len(d.Datasets) > 0 {
		if pd == nil || len(pd.Datasets) == 0 {
			return false
		}
		found := false
		for _, ds := range pd.Datasets {
			if slices.Contains(d.Datasets, ds.Name) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// versionRanges parses each version range once per index: the versions of a package, and
// often different packages, share their Kibana and Agent ranges, and then one parsed range
// (which rangeChecks checks once per search). Parsed ranges are only read afterwards, so they
// can be shared.
type versionRanges struct {
	mu sync.Mutex
	m  map[string]*semver.Constraints
}

func (r *versionRanges) parse(text string) (*semver.Constraints, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.m[text]; ok {
		return c, nil
	}
	c, err := semver.NewConstraint(text)
	if err != nil {
		return nil, err
	}
	if r.m == nil {
		r.m = map[string]*semver.Constraints{}
	}
	r.m[text] = c
	return c, nil
}

// rangeChecks answers whether versions ranges allow one version, checking each range once:
// the versions of a package, and often several packages, share their ranges (versionRanges),
// and checking one is costly (the semver library formats an error for each part that fails).
type rangeChecks struct {
	v    *semver.Version
	seen map[*semver.Constraints]bool
}

func newRangeChecks(v *semver.Version) *rangeChecks {
	return &rangeChecks{v: v, seen: map[*semver.Constraints]bool{}}
}

// allow tells whether the range c allows the version; a nil range or version allows all.
func (rc *rangeChecks) allow(c *semver.Constraints) bool {
	if rc.v == nil || c == nil {
		return true
	}
	ok, found := rc.seen[c]
	if !found {
		ok = c.Check(rc.v)
		rc.seen[c] = ok
	}
	return ok
}

func (p *Package) hasCapabilities(caps []string) bool {
	if caps == nil || p.capabilities() == nil {
		return true
	}
	for _, c := range p.capabilities() {
		if !slices.Contains(caps, c) {
			return false
		}
	}
	return true
}

func (p *Package) compatibleSpec(min, max *semver.Version) (bool, error) {
	if min == nil && max == nil {
		return true, nil
	}
	var parts []string
	if min != nil {
		parts = append(parts, ">="+min.String())
	}
	if max != nil {
		parts = append(parts, "<="+max.String())
	}
	c, err := semver.NewConstraint(strings.Join(parts, ","))
	if err != nil {
		return false, err
	}
	return c.Check(p.spec), nil
}

// apply filters one group of packages.
func (f *Filter) apply(pkgs []*Package) ([]Result, error) {
	if f.Experimental {
		return f.applyLegacy(pkgs)
	}
	var out []*Package
	slot := map[string]int{}
	kibana, agent := newRangeChecks(f.KibanaVersion), newRangeChecks(f.AgentVersion)
	for _, p := range pkgs {
		if !f.Prerelease && (p.brief.Release == releaseExperimental || p.Prerelease()) {
			continue
		}
		if !kibana.allow(p.kibana) || !agent.allow(p.agent) {
			continue
		}
		if f.Name != "" && f.Name != p.Name || f.Version != "" && f.Version != p.Version ||
			f.Type != "" && f.Type != p.brief.Type || !p.hasCapabilities(f.Capabilities) {
			continue
		}
		if !f.discoveryMatches(p) {
			continue
		}
		ok, err := p.compatibleSpec(f.SpecMin, f.SpecMax)
		if err != nil {
			return nil, fmt.Errorf("can't compare spec version for %s (%s-%s): %w", p.Name, f.SpecMin, f.SpecMax, err)
		}
		if !ok {
			continue
		}
		if !f.All {
			if i, found := slot[p.Name]; found {
				if out[i].version.LessThan(p.version) {
					out[i] = p
				}
				continue
			}
			slot[p.Name] = len(out)
		}
		out = append(out, p)
	}
	return f.byCategory(out)
}

func (f *Filter) discoveryMatches(p *Package) bool {
	for _, d := range f.Discovery {
		if !d.matches(p.brief.Discovery) {
			return false
		}
	}
	return true
}

// applyLegacy is the selection for clients sending experimental=true: experimental packages
// are shown, a released version is preferred to a prerelease, and with All prereleases and 0.x
// versions of packages that have a released 1.x or later are hidden.
func (f *Filter) applyLegacy(pkgs []*Package) ([]Result, error) {
	var out []*Package
	slot := map[string]int{}
	kibana := newRangeChecks(f.KibanaVersion)
	for _, p := range pkgs {
		if !kibana.allow(p.kibana) {
			continue
		}
		if f.Name != "" && f.Name != p.Name || f.Version != "" && f.Version != p.Version ||
			f.Type != "" && f.Type != p.brief.Type {
			continue
		}
		if !f.All {
			if i, found := slot[p.Name]; found {
				cur := out[i]
				if cur.Prerelease() == p.Prerelease() && !cur.version.LessThan(p.version) {
					continue
				}
				if !cur.Prerelease() && p.Prerelease() {
					continue
				}
				out[i] = p
				continue
			}
			slot[p.Name] = len(out)
		}
		out = append(out, p)
	}
	if f.All {
		released := map[string]bool{}
		for _, p := range out {
			if !p.Prerelease() && p.version.Major() >= 1 {
				released[p.Name] = true
			}
		}
		kept := out[:0]
		for _, p := range out {
			if released[p.Name] && (p.Prerelease() || p.version.Major() < 1) {
				continue
			}
			kept = append(kept, p)
		}
		out = kept
	}
	return f.byCategory(out)
}

// byCategory keeps the packages in the category (or a subcategory of it), or with a policy
// template in it; for the latter only the templates naming exactly that category are shown.
func (f *Filter) byCategory(pkgs []*Package) ([]Result, error) {
	out := make([]Result, 0, len(pkgs))
	for _, p := range pkgs {
		if f.Category == "" || inCategory(p.brief.Categories, f.Category) {
			out = append(out, Result{Package: p})
			continue
		}
		if !slices.ContainsFunc(p.brief.Templates, func(t templateBrief) bool {
			return inCategory(t.Categories, f.Category)
		}) {
			continue
		}
		d, err := p.Document()
		if err != nil {
			return nil, err
		}
		var kept []manifest.PolicyTemplate
		for _, t := range d.PolicyTemplates {
			if slices.Contains(t.Categories, f.Category) {
				kept = append(kept, t)
			}
		}
		out = append(out, Result{Package: p, Trimmed: len(kept) != len(d.PolicyTemplates), Templates: kept})
	}
	return out, nil
}
