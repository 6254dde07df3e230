package rules

import (
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
	// Each data stream, the root fields folder and each transform are counted apart, as the
	// reference does. An error is placed at the start of the scope's first fields file.
	type scope struct{ dataStream, transform string }
	counts := map[scope]int{}
	first := map[scope]string{}
	var order []scope
	for _, ff := range AllFieldsFiles(p) {
		sc := scope{ff.DataStream, ff.Transform}
		for _, f := range ff.Fields {
			if f.HasFields {
				continue
			}
			if _, ok := first[sc]; !ok {
				first[sc] = ff.File
				order = append(order, sc)
			}
			counts[sc]++
		}
	}
	var errs specerrors.ValidationErrors
	for _, sc := range order {
		n := counts[sc]
		if n <= limit {
			continue
		}
		var e specerrors.ValidationError
		switch {
		case sc.transform != "":
			e = specerrors.New(first[sc], "transform %s has more than %d fields (%d)", sc.transform, limit, n)
		case sc.dataStream != "":
			e = specerrors.New(first[sc], "data stream %s has more than %d fields (%d)", sc.dataStream, limit, n)
		default:
			e = specerrors.New(first[sc], "input package has more than %d fields (%d)", limit, n)
		}
		errs = append(errs, e.At(1, 1))
	}
	return errs
}
