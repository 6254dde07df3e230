package rules

import (
	"regexp"

	"github.com/Masterminds/semver/v3"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Some features need a minimum Kibana version in conditions.kibana.version:
//   - input packages with a version of 1.0.0 or more need ^8.8.0 or greater;
//   - packages with runtime fields need ^8.10.0 or greater;
//   - packages with kibana/tags.yml need ^8.10.0 or greater (code SVR00005, a warning before
//     spec 3.0.0).
//
// The condition is "great enough" when every version it names is at least the minimum. As in the
// reference, the errors concern the package as a whole and name no file.
func init() {
	Register(Rule{Name: "minimum_kibana_version", Check: checkMinimumKibanaVersion})
}

var semverInText = regexp.MustCompile(`\d+\.\d+\.\d+`)

// kibanaConditionAtLeast tells whether every version named by the condition is at least min.
func kibanaConditionAtLeast(condition, min string) bool {
	if condition == "" {
		return false
	}
	if condition == "^"+min {
		return true
	}
	minV := semver.MustParse(min)
	for _, s := range semverInText.FindAllString(condition, -1) {
		v, err := semver.NewVersion(s)
		if err != nil || v.LessThan(minV) {
			return false
		}
	}
	return true
}

func checkMinimumKibanaVersion(p *packages.Package) specerrors.ValidationErrors {
	kibana, _ := condition(p, "kibana", "version")
	cond, _ := kibana.(string)
	var errs specerrors.ValidationErrors
	if p.Type == "input" {
		if v, err := semver.NewVersion(p.Version); err == nil && !v.LessThan(semver.MustParse("1.0.0")) &&
			!kibanaConditionAtLeast(cond, "8.8.0") {
			errs = append(errs, specerrors.New("",
				"conditions.kibana.version must be ^8.8.0 or greater for non experimental input packages (version > 1.0.0)"))
		}
	}
	if file := firstRuntimeField(p); file != "" && !kibanaConditionAtLeast(cond, "8.10.0") {
		errs = append(errs, specerrors.New("",
			"conditions.kibana.version must be ^8.10.0 or greater to include runtime fields (found in %s)", file))
	}
	if p.Exists("kibana/tags.yml") && !kibanaConditionAtLeast(cond, "8.10.0") {
		e := specerrors.New("", "conditions.kibana.version must be ^8.10.0 or greater to include saved object tags file: kibana/tags.yml").
			WithCode(specerrors.CodeMinimumKibanaVersion)
		if p.FormatVersion != nil && p.FormatVersion.Major() < 3 {
			e = e.AsWarning()
		}
		errs = append(errs, e)
	}
	return errs
}

// firstRuntimeField returns the first fields file that defines a runtime field, or "".
func firstRuntimeField(p *packages.Package) string {
	dirs := []string{"fields"}
	for _, ds := range p.DataStreams() {
		dirs = append(dirs, "data_stream/"+ds+"/fields")
	}
	for _, dir := range dirs {
		for _, file := range p.Files(dir, "*.yml") {
			if hasRuntimeField(docValue(p, file), 0) {
				return file
			}
		}
	}
	return ""
}

func hasRuntimeField(v any, depth int) bool {
	if depth > 100 {
		return false
	}
	for _, f := range asList(v) {
		m := asMap(f)
		if m == nil {
			continue
		}
		switch r := m["runtime"].(type) {
		case bool:
			if r {
				return true
			}
		case string:
			if r != "" {
				return true
			}
		}
		if hasRuntimeField(m["fields"], depth+1) {
			return true
		}
	}
	return false
}
