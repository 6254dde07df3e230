package rules

import (
	"sort"

	"github.com/pkgspec/pkgspec/code/go/internal/loader"
	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/internal/specversion"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Elasticsearch caps the number of fields of an index; the spec root sets how many leaf fields
// (groups not counted) one data stream may define, in fieldsPerDataStreamLimit.
func init() {
	Register(Rule{Name: "fields_limits", Types: []string{"integration", "input"}, Check: checkFieldsLimits})
}

// defaultFieldsLimit is used when the spec cannot be read; it is the value the spec sets.
const defaultFieldsLimit = 2048

func fieldsLimit(p *packages.Package) int {
	if p.FormatVersion == nil {
		return defaultFieldsLimit
	}
	cl, err := specversion.Load()
	if err != nil {
		return defaultFieldsLimit
	}
	v, err := cl.Resolve(p.FormatVersion.Original())
	if err != nil {
		return defaultFieldsLimit
	}
	s, err := loader.Load(p.Type, v)
	if err != nil || s.Root == nil || s.Root.FieldsPerDataStreamLimit <= 0 {
		return defaultFieldsLimit
	}
	return s.Root.FieldsPerDataStreamLimit
}

func checkFieldsLimits(p *packages.Package) specerrors.ValidationErrors {
	return checkFieldsLimitsWith(p, fieldsLimit(p))
}

func checkFieldsLimitsWith(p *packages.Package, limit int) specerrors.ValidationErrors {
	// Fields at the root and in transforms are counted together, under the empty name, as the
	// reference implementation does.
	counts := map[string]int{}
	for _, ff := range AllFieldsFiles(p) {
		for _, f := range ff.Fields {
			if !f.HasFields {
				counts[ff.DataStream]++
			}
		}
	}
	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	sort.Strings(names)
	var errs specerrors.ValidationErrors
	for _, n := range names {
		if counts[n] <= limit {
			continue
		}
		if n == "" {
			errs = append(errs, specerrors.New("", "the package defines more than %d fields (%d)", limit, counts[n]))
			continue
		}
		errs = append(errs, specerrors.New("", "data stream %s has more than %d fields (%d)", n, limit, counts[n]))
	}
	return errs
}
