package rules

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/pkgspec/pkgspec/code/go/internal/content"
	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Every Kibana saved object file is named after the id of the object it holds, so that Fleet
// installs it under the expected id. Security rules also keep their object id starting with
// their rule id.
func init() {
	Register(Rule{Name: "kibana_object_ids", Types: kibanaObjectIDsTypes,
		Check: checkKibanaObjectIDs})
}

// kibanaObjectIDsTypes are the package types whose Kibana objects kibana_object_ids checks.
var kibanaObjectIDsTypes = []string{"integration", "content"}

func checkKibanaObjectIDs(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	for _, o := range kbnObjects(p, "*") {
		if o.Doc == nil {
			// Saved objects have no schema: a file that is not a JSON object is reported here.
			errs = append(errs, kbnNotObject(p, o))
			continue
		}
		raw, ok := o.Doc["id"]
		if !ok {
			line, col := kbnPosition(p, o.File, "")
			errs = append(errs, specerrors.New(o.File, "Kibana object has no id, it should be %q", o.Base()).At(line, col))
			continue
		}
		id, isString := raw.(string)
		if o.Folder == "security_rule" && isString {
			ruleID, ok := kbnGet(o.Doc, "attributes.rule_id")
			if !ok {
				line, col := kbnPosition(p, o.File, "attributes")
				errs = append(errs, specerrors.New(o.File, "security rule has no attributes.rule_id").At(line, col))
				continue
			}
			line, col := kbnPosition(p, o.File, "attributes.rule_id")
			rule, ok := ruleID.(string)
			if !ok {
				errs = append(errs, specerrors.New(o.File, "the rule id (attributes.rule_id) must be a string, not %s", valueWords(ruleID)).At(line, col))
				continue
			}
			if !strings.HasPrefix(id, rule) {
				errs = append(errs, specerrors.New(o.File, "Kibana object id %q must start with its rule id %q (attributes.rule_id)", id, rule).At(line, col))
				continue
			}
		}
		// Like Fleet, take every ".json" out of the file name to get the expected id.
		want := strings.ReplaceAll(strings.TrimSuffix(path.Base(o.File), ".link"), ".json", "")
		if !isString || id != want {
			line, col := kbnPosition(p, o.File, "id")
			e := specerrors.New(o.File, "Kibana object id %q does not match the file name (want %q)", id, want).At(line, col)
			if !isString {
				e.Message = fmt.Sprintf("Kibana object id must be the string %q (the file name), not %s", want, valueWords(raw))
			}
			e.Field = "id"
			errs = append(errs, e)
		}
	}
	return errs
}

// kbnNotObject is the error for a saved object file that does not parse, or does not hold a
// JSON object.
func kbnNotObject(p *packages.Package, o kbnObject) specerrors.ValidationError {
	if o.Err != nil {
		e := specerrors.New(o.File, "cannot read the Kibana object: %v", o.Err)
		var se *content.SyntaxError
		if errors.As(o.Err, &se) {
			e = e.At(se.Line, se.Column)
		}
		return e
	}
	var v any
	if doc, err := p.Document(o.File); err == nil {
		v = doc.Values[0]
	}
	return specerrors.New(o.File, "a Kibana object file must hold a JSON object, not %s", valueWords(v)).At(1, 1)
}
