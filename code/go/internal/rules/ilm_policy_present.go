package rules

import (
	"fmt"
	"path"
	"strings"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// A data stream that names an ILM policy must ship it: the policy is named
// <type>-<package>.<data stream>-<name> and defined in elasticsearch/ilm/<name>.json of the
// data stream.
func init() {
	Register(Rule{Name: "ilm_policy_present", Since: "2.0.0", Types: []string{"integration"}, Check: checkILMPolicyPresent})
}

func checkILMPolicyPresent(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	for _, ds := range p.DataStreams() {
		m, file := dsManifest(p, ds)
		policy, _ := m["ilm_policy"].(string)
		if policy == "" {
			continue
		}
		dsType, _ := m["type"].(string)
		prefix := fmt.Sprintf("%s-%s.%s-", dsType, p.Name, ds)
		if !strings.HasPrefix(policy, prefix) {
			errs = append(errs, valueError(p, file, "ilm_policy", "field ilm_policy must start with %q, found %q", prefix, policy))
			continue
		}
		want := path.Join("data_stream", ds, "elasticsearch", "ilm", strings.TrimPrefix(policy, prefix)+".json")
		if !p.Exists(want) {
			errs = append(errs, valueError(p, file, "ilm_policy",
				"field ilm_policy: ILM policy %q not found in package, expected definition in %q", policy, want))
		}
	}
	return errs
}
