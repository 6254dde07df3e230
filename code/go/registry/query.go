package registry

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/Masterminds/semver/v3"
)

// The parameters each endpoint knows; others are refused unless unknown parameters are allowed.
var (
	searchParams = []string{"kibana.version", "agent.version", "category", "package", "type",
		"capabilities", "spec.min", "spec.max", "all", "experimental", "prerelease", "discovery", "internal"}
	categoriesParams = []string{"kibana.version", "agent.version", "experimental", "prerelease",
		"capabilities", "spec.min", "spec.max", "discovery", "include_policy_templates"}
)

// parseFilter reads the filter of a /search (known = searchParams) or /categories request.
// Only the first value of a parameter counts, except for discovery; empty values are ignored.
func parseFilter(q url.Values, known []string, allowUnknown bool) (*Filter, error) {
	f := &Filter{}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, key := range keys {
		values := q[key]
		if !slices.Contains(known, key) {
			if !allowUnknown {
				return nil, fmt.Errorf("unknown query parameter: %q", key)
			}
			continue
		}
		v := ""
		if len(values) > 0 {
			v = values[0]
		}
		if v == "" && key != "discovery" {
			continue
		}
		var err error
		switch key {
		case "kibana.version":
			if f.KibanaVersion, err = semver.NewVersion(v); err != nil {
				return nil, fmt.Errorf("invalid Kibana version '%s': %w", v, err)
			}
		case "agent.version":
			if f.AgentVersion, err = semver.NewVersion(v); err != nil {
				return nil, fmt.Errorf("invalid agent version '%s': %w", v, err)
			}
		case "category":
			f.Category = v
		case "package":
			f.Name = v
		case "type":
			f.Type = v
		case "capabilities":
			f.Capabilities = strings.Split(v, ",")
		case "spec.min":
			if f.SpecMin, err = specVersion(v); err != nil {
				return nil, fmt.Errorf("invalid 'spec.min' version: %w", err)
			}
		case "spec.max":
			if f.SpecMax, err = specVersion(v); err != nil {
				return nil, fmt.Errorf("invalid 'spec.max' version: %w", err)
			}
		case "all", "experimental", "prerelease":
			b, err := strconv.ParseBool(v)
			if err != nil {
				return nil, fmt.Errorf("invalid '%s' query param: '%s'", key, v)
			}
			switch key {
			case "all":
				f.All = b
			case "experimental":
				f.Experimental = b
			default:
				f.Prerelease = b
			}
		case "discovery":
			for _, v := range values {
				d, err := ParseDiscovery(v)
				if err != nil {
					return nil, fmt.Errorf("invalid 'discovery' query param: '%s': %w", v, err)
				}
				f.Discovery = append(f.Discovery, d)
			}
		}
	}
	return f, nil
}

// specVersion reads a spec.min or spec.max value, which has the form MAJOR.MINOR.
func specVersion(v string) (*semver.Version, error) {
	if len(strings.Split(v, ".")) != 2 {
		return nil, fmt.Errorf("invalid version '%s': it should be <major.version>", v)
	}
	sv, err := semver.NewVersion(v)
	if err != nil {
		return nil, fmt.Errorf("invalid spec version '%s': %w", v, err)
	}
	return sv, nil
}

// canonical writes the filter so that two filters selecting the same packages the same way
// give the same string: versions in their full form, and capabilities, discovery values and
// discovery parameters as sets (the filter only asks whether they contain something).
func (f *Filter) canonical() string {
	var b strings.Builder
	fmt.Fprintf(&b, "all=%t&prerelease=%t&experimental=%t", f.All, f.Prerelease, f.Experimental)
	str := func(k, v string) {
		if v != "" {
			b.WriteString("&" + k + "=" + url.QueryEscape(v))
		}
	}
	ver := func(k string, v *semver.Version) {
		if v != nil {
			str(k, v.String())
		}
	}
	str("category", f.Category)
	str("package", f.Name)
	str("version", f.Version)
	str("type", f.Type)
	ver("kibana.version", f.KibanaVersion)
	ver("agent.version", f.AgentVersion)
	ver("spec.min", f.SpecMin)
	ver("spec.max", f.SpecMax)
	if f.Capabilities != nil {
		b.WriteString("&capabilities=" + canonicalSet(f.Capabilities))
	}
	var disc []string
	for _, d := range f.Discovery {
		disc = append(disc, "fields:"+canonicalSet(d.Fields)+";datasets:"+canonicalSet(d.Datasets))
	}
	slices.Sort(disc)
	for _, d := range slices.Compact(disc) {
		b.WriteString("&discovery=" + d)
	}
	return b.String()
}

// canonicalSet writes the distinct values of s, sorted and escaped, after their count, so that
// no two different sets (the empty one, {""}) give the same string.
func canonicalSet(s []string) string {
	vs := slices.Clone(s)
	slices.Sort(vs)
	vs = slices.Compact(vs)
	for i, v := range vs {
		vs[i] = url.QueryEscape(v)
	}
	return strconv.Itoa(len(vs)) + ":" + strings.Join(vs, ",")
}
