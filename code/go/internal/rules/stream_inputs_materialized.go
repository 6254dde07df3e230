package rules

import (
	"fmt"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// In sources, a data stream stream or a policy template input may name an input package with
// `package:`, which the build step bundles into the package. A built package must therefore
// name its inputs by type: `package:` is source-only, and every stream needs `input:`.
func init() {
	Register(Rule{Name: "stream_inputs_materialized", Types: []string{"integration"}, Modes: []Mode{Build},
		Check: checkStreamInputsMaterialized})
}

func checkStreamInputsMaterialized(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	add := func(file, at, format string, args ...any) {
		e := specerrors.New(file, format, args...)
		e.Field = at
		if doc, err := p.Document(file); err == nil {
			e.Line, e.Column = doc.Position(0, at, false)
		}
		errs = append(errs, e)
	}
	for _, ds := range p.DataStreams() {
		m, file := dsManifest(p, ds)
		streams, _ := m["streams"].([]any)
		for i, item := range streams {
			s, ok := item.(map[string]any)
			if !ok {
				continue
			}
			at := fmt.Sprintf("streams.%d", i)
			if _, ok := s["package"]; ok {
				add(file, at+".package", "stream %d has a 'package:' reference, which is source-only: the build step bundles the input package", i)
			}
			if in, _ := s["input"].(string); in == "" {
				add(file, at, "stream %d is missing required 'input:' in a built package", i)
			}
		}
	}
	pts, _ := p.Manifest["policy_templates"].([]any)
	for i, item := range pts {
		pt, _ := item.(map[string]any)
		inputs, _ := pt["inputs"].([]any)
		for j, in := range inputs {
			im, _ := in.(map[string]any)
			if _, ok := im["package"]; ok {
				add("manifest.yml", fmt.Sprintf("policy_templates.%d.inputs.%d.package", i, j),
					"policy template input has a 'package:' reference, which is source-only: build packages must use 'type:'")
			}
		}
	}
	return errs
}
