package rules

import (
	"path"
	"strings"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/internal/pkgfs"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Fleet renders the agent templates (`*.hbs`) of inputs and data streams with Handlebars: a
// template that does not parse would only fail when a policy is created, so it is refused here.
func init() {
	Register(Rule{Name: "agent_templates", Types: []string{"integration", "input"}, Check: checkAgentTemplates})
}

func checkAgentTemplates(p *packages.Package) specerrors.ValidationErrors {
	dirs := []string{"agent/input"}
	for _, ds := range p.DataStreams() {
		dirs = append(dirs, path.Join("data_stream", ds, "agent", "stream"))
	}
	var errs specerrors.ValidationErrors
	for _, dir := range dirs {
		for _, f := range p.Files(dir, "*.hbs") {
			data, err := p.ReadFile(f)
			if err != nil {
				// An unreadable link is reported by the folder checks.
				continue
			}
			if err := parseTemplate(string(data)); err != nil {
				shown := f
				if strings.HasSuffix(f, pkgfs.LinkExtension) {
					if l, lerr := p.FS.ReadLink(f); lerr == nil {
						shown = f + " (linked to " + l.Target + ")"
					}
				}
				// Like the reference, the error names the template in its message and blames
				// no file of the package.
				errs = append(errs, specerrors.New("", "invalid handlebars template: error validating %s: %v", shown, err))
			}
		}
	}
	return errs
}
