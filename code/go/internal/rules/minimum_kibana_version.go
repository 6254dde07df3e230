package rules

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/Masterminds/semver/v3"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Some features need a minimum Kibana version in conditions.kibana.version:
//   - input packages with a version of 1.0.0 or more need ^8.8.0 or greater;
//   - packages with runtime fields (in any fields folder, transforms included) need ^8.10.0 or
//     greater;
//   - integration and content packages with kibana/tags.yml need ^8.10.0 or greater (code
//     SVR00005, a warning before spec 3.0.0).
//
// The condition is "great enough" when every version it names is at least the minimum. The
// errors are placed in manifest.yml at the condition, or where it should be.
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
	at := func(format string, args ...any) specerrors.ValidationError {
		return valueError(p, "manifest.yml", "conditions.kibana.version", format, args...)
	}
	if p.Type == "input" {
		if v, err := semver.NewVersion(p.Version); err == nil && !v.LessThan(semver.MustParse("1.0.0")) &&
			!kibanaConditionAtLeast(cond, "8.8.0") {
			errs = append(errs, at("conditions.kibana.version must be ^8.8.0 or greater for non experimental input packages (version > 1.0.0)"))
		}
	}
	if file := firstRuntimeField(p); file != "" && !kibanaConditionAtLeast(cond, "8.10.0") {
		errs = append(errs, at("conditions.kibana.version must be ^8.10.0 or greater to include runtime fields (found in %s)", file))
	}
	if p.Type != "input" && p.Exists("kibana/tags.yml") && !kibanaConditionAtLeast(cond, "8.10.0") {
		e := at("conditions.kibana.version must be ^8.10.0 or greater to include saved object tags file: kibana/tags.yml").
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
	for _, ff := range AllFieldsFiles(p) {
		for _, f := range ff.Fields {
			if v, ok := f.Raw["runtime"]; ok && runtimeEnabled(v) {
				return ff.File
			}
		}
	}
	return ""
}

// runtimeEnabled tells whether a value of `runtime` makes a runtime field, as the reference
// reads it: false, null and the words strconv.ParseBool reads as false (also 0) do not; true,
// any other text (a script), any other number and any mapping or list do.
func runtimeEnabled(v any) bool {
	var text string
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		text = x
	case int, int64, uint64:
		text = fmt.Sprint(x)
	default:
		return true
	}
	b, err := strconv.ParseBool(text)
	return err != nil || b
}
