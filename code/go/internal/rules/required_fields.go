package rules

import (
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Every data stream must define the fields Fleet relies on, with the right types: the three
// data_stream.* fields that name the stream, and @timestamp. The root fields folder (that of an
// input package) is checked the same way. As in the reference, a data stream (or the root
// folder) is asked for the missing ones only once it defines some field: one without any field
// definition is left alone. Transforms are not checked.
//
// A field of the wrong type is blamed at its definition; a missing field at the first fields file
// of its data stream, where the others are defined.
func init() {
	Register(Rule{Name: "required_fields", Types: []string{"integration", "input"}, Check: checkRequiredFields})
}

var requiredFieldTypes = map[string]string{
	"data_stream.type":      "constant_keyword",
	"data_stream.dataset":   "constant_keyword",
	"data_stream.namespace": "constant_keyword",
	"@timestamp":            "date",
}

func checkRequiredFields(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	type scope struct {
		firstFile string
		found     map[string]bool
	}
	scopes := map[string]*scope{} // data stream ("" for the root folder) -> fields seen
	var order []string
	for _, ff := range AllFieldsFiles(p) {
		if ff.Transform != "" {
			continue
		}
		for _, f := range ff.Fields {
			sc := scopes[ff.DataStream]
			if sc == nil {
				sc = &scope{firstFile: ff.File, found: map[string]bool{}}
				scopes[ff.DataStream] = sc
				order = append(order, ff.DataStream)
			}
			sc.found[f.Name] = true
			want, ok := requiredFieldTypes[f.Name]
			if !ok {
				continue
			}
			// An external field gets its type from its source, so it is not checked here.
			if f.External == "" && f.Type != want {
				got := "no type"
				if f.Type != "" {
					got = strconv.Quote(f.Type)
				}
				errs = append(errs, fieldDefError(ff, f, "expected type %q for required field %q, found %s in %q",
					want, f.Name, got, ff.File))
			}
		}
	}
	names := slices.Sorted(maps.Keys(requiredFieldTypes))
	for _, ds := range order {
		sc := scopes[ds]
		where := ""
		if ds != "" {
			where = fmt.Sprintf(" in datastream %q", ds)
		}
		for _, n := range names {
			if !sc.found[n] {
				errs = append(errs, specerrors.New(sc.firstFile, "expected field %q with type %q not found%s",
					n, requiredFieldTypes[n], where).At(1, 1))
			}
		}
	}
	return errs
}
