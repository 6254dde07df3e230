package rules

import (
	"sort"
	"strings"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// A field with `external: X` takes its definition from the dependency X declared in
// _dev/build/build.yml, which the build step resolves; without that file, or without X in it,
// the field cannot be resolved. A built package has no _dev folder and no external fields left
// (see no_external_fields), so the rule does not run in build mode.
func init() {
	Register(Rule{Name: "external_fields_with_dev_folder", Types: []string{"integration", "input"},
		Modes: []Mode{Legacy, Source}, Check: checkExternalFieldsWithDevFolder})
}

const devBuildFile = "_dev/build/build.yml"

func checkExternalFieldsWithDevFolder(p *packages.Package) specerrors.ValidationErrors {
	hasBuild := p.Exists(devBuildFile)
	var deps map[string]any
	if hasBuild {
		doc, err := p.Document(fieldsExistingName(p, devBuildFile))
		if err != nil {
			// The schema check reports a file that does not parse.
			return nil
		}
		root, _ := doc.Values[0].(map[string]any)
		deps, _ = root["dependencies"].(map[string]any)
	}
	var errs specerrors.ValidationErrors
	for _, ff := range AllFieldsFiles(p) {
		for _, f := range ff.Fields {
			if f.External == "" {
				continue
			}
			if !hasBuild {
				errs = append(errs, fieldDefError(ff, f, "field %s with external key defined (%q) but no %s found",
					f.Name, f.External, devBuildFile))
				continue
			}
			if _, ok := deps[f.External]; !ok {
				known := make([]string, 0, len(deps))
				for k := range deps {
					known = append(known, k)
				}
				sort.Strings(known)
				errs = append(errs, fieldDefError(ff, f, "field %s with external key defined (%q) but no definition found for it in %s (dependencies: %s)",
					f.Name, f.External, devBuildFile, strings.Join(known, ", ")))
			}
		}
	}
	return errs
}
