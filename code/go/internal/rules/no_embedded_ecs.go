package rules

import (
	"strings"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// The build step adds dynamic templates named _embedded_ecs* to data stream manifests when it
// imports ECS mappings. In a package's sources they are leftovers of a build and are refused.
func init() {
	Register(Rule{Name: "no_embedded_ecs", Types: []string{"integration"}, Modes: []Mode{Source}, Check: checkNoEmbeddedECS})
}

func checkNoEmbeddedECS(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	for _, ds := range p.DataStreams() {
		m, file := dsManifest(p, ds)
		es, _ := m["elasticsearch"].(map[string]any)
		tmpl, _ := es["index_template"].(map[string]any)
		mappings, _ := tmpl["mappings"].(map[string]any)
		for i, item := range asList(mappings["dynamic_templates"]) {
			for _, name := range sortedKeys(asMap(item)) {
				if strings.HasPrefix(name, "_embedded_ecs") {
					errs = append(errs, valueError(p, file, field("elasticsearch.index_template.mappings.dynamic_templates", i),
						"dynamic template %q starts with \"_embedded_ecs\": such templates are added when the package is built and must not appear in its sources", name))
				}
			}
		}
	}
	return errs
}
