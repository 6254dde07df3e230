package rules

import (
	"sort"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Elasticsearch caps the number of fields of an index; the spec root sets how many leaf fields
// (groups not counted) one data stream may define, in fieldsPerDataStreamLimit.
func init() {
	Register(Rule{Name: "fields_limits", Types: []string{"integration", "input"}, Check: checkFieldsLimits})
}

// defaultFieldsLimit is used when the package carries no spec (rule tests build packages
// without one); it is the value the spec sets.
const defaultFieldsLimit = 2048

// fieldsLimit is the limit of the spec the validator chose for the package.
func fieldsLimit(p *packages.Package) int {
	if p.Spec == nil || p.Spec.Root == nil || p.Spec.Root.FieldsPerDataStreamLimit <= 0 {
		return defaultFieldsLimit
	}
	return p.Spec.Root.FieldsPerDataStreamLimit
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
