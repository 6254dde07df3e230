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
// data_stream.* fields that name the stream, and @timestamp. An input package writes to data
// streams through its package-level fields folder: the types there are checked the same way,
// and once that folder names one of these fields, the others must be there too (as the reference
// does: an input package whose fields name none of them is not asked for them).
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
	found := map[string]map[string]bool{} // data stream -> field -> defined
	for _, ff := range AllFieldsFiles(p) {
		// Transforms do not write data streams of their own; the root fields folder stands for
		// the data stream of an input package, kept under the name "".
		if ff.Transform != "" || (ff.DataStream == "" && p.Type != "input") {
			continue
		}
		for _, f := range ff.Fields {
			want, ok := requiredFieldTypes[f.Name]
			if !ok {
				continue
			}
			if found[ff.DataStream] == nil {
				found[ff.DataStream] = map[string]bool{}
			}
			found[ff.DataStream][f.Name] = true
			// An external field gets its type from its source, so it is not checked here.
			if f.External == "" && f.Type != want {
				// The reference names the file in the message only; so do we, with the position.
				got := "no type"
				if f.Type != "" {
					got = strconv.Quote(f.Type)
				}
				where := strconv.Quote(ff.File)
				if f.Line > 0 {
					where += fmt.Sprintf(" (line %d, column %d)", f.Line, f.Column)
				}
				errs = append(errs, specerrors.New("", "expected type %q for required field %q, found %s in %s",
					want, f.Name, got, where))
			}
		}
	}
	names := slices.Sorted(maps.Keys(requiredFieldTypes))
	for _, ds := range p.DataStreams() {
		for _, n := range names {
			if !found[ds][n] {
				errs = append(errs, specerrors.New("", "expected field %q with type %q not found in datastream %q",
					n, requiredFieldTypes[n], ds))
			}
		}
	}
	if p.Type == "input" && found[""] != nil {
		for _, n := range names {
			if !found[""][n] {
				errs = append(errs, specerrors.New("", "expected field %q with type %q not found",
					n, requiredFieldTypes[n]))
			}
		}
	}
	return errs
}
