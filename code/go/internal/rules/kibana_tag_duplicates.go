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
	// A tags.yml that does not parse is reported by the schema checks.
	for i, e := range asList(docValue(p, kbnTagsFile)) {
		name := fieldScalar(asMap(e)["text"])
		if shared[name] {
			errs = append(errs, valueError(p, kbnTagsFile, field(i, "text"),
				"%s is defined more than once", kbnTagLabel(name)).WithCode(specerrors.CodeKibanaTagDuplicates))
			continue
		}
		shared[name] = true
	}

	seen := map[string]bool{}
	for _, o := range kbnObjects(p, "tag") {
		if t, _ := o.Doc["type"].(string); t != "tag" {
			continue
		}
		name, _ := kbnString(o.Doc, "attributes.name")
		switch {
		case seen[name]:
			errs = append(errs, valueError(p, o.File, "attributes.name",
				"%s is already used by another tag object of the package", kbnTagLabel(name)).WithCode(specerrors.CodeKibanaTagDuplicates))
		case shared[name]:
			errs = append(errs, valueError(p, o.File, "attributes.name",
				"%s is already defined in %s", kbnTagLabel(name), kbnTagsFile).WithCode(specerrors.CodeKibanaTagDuplicates))
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
