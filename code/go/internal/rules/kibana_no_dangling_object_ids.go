package rules

import (
	"fmt"
	"slices"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// A Kibana object may only refer to objects that the package itself installs. Data views
// (index-pattern) are left out: Fleet creates them.
func init() {
	Register(Rule{Name: "kibana_no_dangling_object_ids", Since: "3.0.0", Check: checkKibanaNoDanglingObjectIDs})
}

// kbnDanglingExempt lists the reference types that need no object in the package.
var kbnDanglingExempt = map[string]bool{"index-pattern": true}

func checkKibanaNoDanglingObjectIDs(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	objects := kbnObjects(p, "*")
	type key struct{ id, typ string }
	installed := map[key]bool{}
	for _, o := range objects {
		if o.Doc == nil {
			// The object's id cannot be read. kibana_object_ids reports such a file in the
			// package types it covers; in the others (an input package, whose root admits any
			// folder) it is reported here, since this rule reads every kibana/*/*.json.
			if !slices.Contains(kibanaObjectIDsTypes, p.Type) {
				errs = append(errs, kbnNotObject(p, o))
			}
			continue
		}
		id, okID := o.Doc["id"].(string)
		typ, okType := o.Doc["type"].(string)
		if !okID || !okType {
			at := "id"
			if okID {
				at = "type"
			}
			line, col := kbnPosition(p, o.File, at)
			errs = append(errs, specerrors.New(o.File, "Kibana object needs a string id and a string type to be referred to").At(line, col))
			continue
		}
		installed[key{id, typ}] = true
	}
	for _, o := range objects {
		if o.Doc == nil {
			continue
		}
		refs, ok := kbnReferences(o.Doc)
		if !ok {
			line, col := kbnPosition(p, o.File, "references")
			errs = append(errs, specerrors.New(o.File, "references must be a list of objects").At(line, col))
			continue
		}
		for _, r := range refs {
			if kbnDanglingExempt[r.Type] || installed[key{r.ID, r.Type}] {
				continue
			}
			errs = append(errs, fieldError(p, o.File, field("references", r.Index),
				"dangling reference to %s: the package has no such object", kbnRefLabel(r)).WithCode(specerrors.CodeDanglingObjectIDs))
		}
	}
	return errs
}

// kbnRefLabel names the object a reference points at: `dashboard "x-1"`, and in words when the
// reference lacks its type or id.
func kbnRefLabel(r kbnRef) string {
	switch {
	case r.Type == "" && r.ID == "":
		return "an object without a type or id"
	case r.Type == "":
		return fmt.Sprintf("an object without a type, id %q", r.ID)
	case r.ID == "":
		return r.Type + " without an id"
	}
	return fmt.Sprintf("%s %q", r.Type, r.ID)
}
