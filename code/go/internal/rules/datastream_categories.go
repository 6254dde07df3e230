package rules

import (
	_ "embed"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Categories of data streams must agree with those of the package:
//   - policy_template_datastream_categories: a data stream named by a policy template that has
//     categories must list every one of them (it may list more);
//   - datastream_package_categories: the package must list the top-level category of every
//     category of its data streams, and those categories must be known to the registry.
//
// Data streams without categories are not checked, nor (as in the reference) manifests that do
// not say they are integrations. An unrecognized category is reported once, and has no
// top-level category to look for.
func init() {
	Register(Rule{Name: "policy_template_datastream_categories", Types: []string{"integration"}, Check: checkPolicyTemplateDatastreamCategories})
	Register(Rule{Name: "datastream_package_categories", Types: []string{"integration"}, Check: checkDatastreamPackageCategories})
}

//go:embed registry_categories.yml
var registryCategoriesYAML []byte

var (
	categoryParentsOnce sync.Once
	categoryParents     map[string]string
)

// categoryParent maps every registry category to its top-level category. A name that is both
// a top-level category and a sub-category of another one is its own parent.
func categoryParent() map[string]string {
	categoryParentsOnce.Do(func() {
		var tree map[string][]string
		if err := yaml.Unmarshal(registryCategoriesYAML, &tree); err != nil {
			panic(fmt.Sprintf("embedded registry categories: %v", err))
		}
		categoryParents = map[string]string{}
		parents := make([]string, 0, len(tree))
		for parent := range tree {
			parents = append(parents, parent)
			categoryParents[parent] = parent
		}
		sort.Strings(parents)
		for _, parent := range parents {
			for _, sub := range tree[parent] {
				if _, known := categoryParents[sub]; !known {
					categoryParents[sub] = parent
				}
			}
		}
	})
	return categoryParents
}

// dataStreamCategories maps each data stream that lists categories to them.
func dataStreamCategories(p *packages.Package) map[string][]string {
	out := map[string][]string{}
	for _, ds := range dataStreamManifests(p) {
		if cats := stringList(ds.M["categories"]); len(cats) > 0 {
			out[ds.Name] = cats
		}
	}
	return out
}

func checkPolicyTemplateDatastreamCategories(p *packages.Package) specerrors.ValidationErrors {
	if asString(p.Manifest["type"]) != "integration" {
		return nil
	}
	dsCats := dataStreamCategories(p)
	var errs specerrors.ValidationErrors
	for _, pt := range policyTemplates(p) {
		ptCats := stringList(pt.M["categories"])
		if len(ptCats) == 0 {
			continue
		}
		for i, name := range stringList(pt.M["data_streams"]) {
			have, ok := dsCats[name]
			if !ok {
				continue
			}
			var missing []string
			for _, c := range ptCats {
				if !slices.Contains(have, c) {
					missing = append(missing, c)
				}
			}
			if len(missing) == 0 {
				continue
			}
			sort.Strings(missing)
			errs = append(errs, fieldError(p, "manifest.yml", field("policy_templates", pt.Index, "data_streams", i),
				"data stream %q (%s) lacks the %s %s of policy template %q: it lists %s",
				name, dataStreamManifestPath(name), plural(len(missing), "category", "categories"), quotedList(missing), pt.Name, quotedList(have)))
		}
	}
	return errs
}

func checkDatastreamPackageCategories(p *packages.Package) specerrors.ValidationErrors {
	if asString(p.Manifest["type"]) != "integration" {
		return nil
	}
	dsCats := dataStreamCategories(p)
	if len(dsCats) == 0 {
		return nil
	}
	pkgCats := stringList(p.Manifest["categories"])
	parents := categoryParent()
	names := make([]string, 0, len(dsCats))
	for name := range dsCats {
		names = append(names, name)
	}
	sort.Strings(names)
	f := "categories"
	if p.Manifest["categories"] == nil {
		f = ""
	}
	var errs specerrors.ValidationErrors
	for _, name := range names {
		seen := map[string]bool{}
		var missing []string
		for _, c := range dsCats[name] {
			parent, known := parents[c]
			if !known {
				errs = append(errs, fieldError(p, "manifest.yml", f,
					"data stream %q (%s) has unrecognized category %q", name, dataStreamManifestPath(name), c))
				continue
			}
			if seen[parent] {
				continue
			}
			seen[parent] = true
			if !slices.Contains(pkgCats, parent) {
				missing = append(missing, parent)
			}
		}
		if len(missing) > 0 {
			sort.Strings(missing)
			errs = append(errs, fieldError(p, "manifest.yml", f,
				"the package's categories lack %s, the top-level %s of data stream %q (%s): it lists %s",
				quotedList(missing), plural(len(missing), "category", "categories"), name, dataStreamManifestPath(name), quotedList(pkgCats)))
		}
	}
	return errs
}

// quotedList writes names for a message: "a", "b", or "none" when there is none.
func quotedList(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = strconv.Quote(n)
	}
	return strings.Join(quoted, ", ")
}

// plural picks the singular or the plural form of a word for n things.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
