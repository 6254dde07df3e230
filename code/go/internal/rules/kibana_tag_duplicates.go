package rules

import (
	"fmt"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Kibana tag names must be unique in a package: within kibana/tags.yml, among the tag saved
// objects of kibana/tag/, and between the two.
func init() {
	Register(Rule{Name: "kibana_tag_duplicates", Check: checkKibanaTagDuplicates})
}

const kbnTagsFile = "kibana/tags.yml"

func checkKibanaTagDuplicates(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	shared := map[string]bool{}
	if p.Exists(kbnTagsFile) {
		doc, err := p.Document(kbnTagsFile)
		if err == nil {
			list, _ := doc.Values[0].([]any)
			for i, e := range list {
				m, _ := e.(map[string]any)
				name := fieldScalar(m["text"])
				if shared[name] {
					field := fmt.Sprintf("%d.text", i)
					err := specerrors.New(kbnTagsFile, "%s is defined more than once", kbnTagLabel(name)).
						WithCode(specerrors.CodeKibanaTagDuplicates).At(doc.Position(0, field, false))
					err.Field = field
					errs = append(errs, err)
					continue
				}
				shared[name] = true
			}
		}
		// A file that does not parse is reported by the schema checks.
	}

	seen := map[string]bool{}
	for _, o := range kbnObjects(p, "tag") {
		if t, _ := o.Doc["type"].(string); t != "tag" {
			continue
		}
		file := o.File
		name, _ := kbnString(o.Doc, "attributes.name")
		doc, _ := p.Document(file) // parsed, since o.Doc is set
		line, col := doc.Position(0, "attributes.name", false)
		switch {
		case seen[name]:
			e := specerrors.New(file, "%s is already used by another tag object of the package", kbnTagLabel(name)).
				WithCode(specerrors.CodeKibanaTagDuplicates).At(line, col)
			e.Field = "attributes.name"
			errs = append(errs, e)
		case shared[name]:
			e := specerrors.New(file, "%s is already defined in %s", kbnTagLabel(name), kbnTagsFile).
				WithCode(specerrors.CodeKibanaTagDuplicates).At(line, col)
			e.Field = "attributes.name"
			errs = append(errs, e)
		default:
			seen[name] = true
		}
	}
	return errs
}

// kbnTagLabel names a tag name for a message: `tag name "Web"`, or "an empty tag name".
func kbnTagLabel(name string) string {
	if name == "" {
		return "an empty tag name"
	}
	return fmt.Sprintf("tag name %q", name)
}
