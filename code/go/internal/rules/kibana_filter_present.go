package rules

import (
	"encoding/json"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// A dashboard must narrow its data to the package's data sets: either the dashboard has a
// filter of its own, or every by-value panel that queries data has a query or a filter.
func init() {
	Register(Rule{Name: "kibana_filter_present", Since: "3.0.0", Check: checkKibanaFilterPresent})
}

// Why a dashboard-level search source does not filter anything.
const (
	kbnNoSearchSource = iota
	kbnBadSearchSource
	kbnQueryNoFilter
	kbnNoFilter
	kbnHasFilter
)

func checkKibanaFilterPresent(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	for _, o := range kbnObjects(p, "dashboard") {
		if o.Doc == nil {
			continue
		}
		panelsOK, panelsWhy := kbnPanelsFiltered(o.Doc)
		if panelsOK {
			continue
		}
		state := kbnDashboardFilter(o.Doc)
		if state == kbnHasFilter {
			continue
		}
		var why string
		code := specerrors.CodeDashboardWithoutFilter
		switch state {
		case kbnNoSearchSource:
			why = "it has no attributes.kibanaSavedObjectMeta.searchSourceJSON"
		case kbnBadSearchSource:
			why = "its searchSourceJSON cannot be read"
		case kbnQueryNoFilter:
			why = "it has a query but no filter"
			code = specerrors.CodeDashboardWithQueryButNoFilter
		default:
			why = "it has no filter"
		}
		line, col := kbnPosition(p, o.File, "attributes.kibanaSavedObjectMeta")
		e := specerrors.New(o.File, "dashboard must filter its data: %s, and %s", why, panelsWhy).
			WithCode(code).At(line, col)
		errs = append(errs, e)
	}
	return errs
}

// kbnPanelsFiltered tells whether all the by-value panels that query data narrow it, and
// if not, why.
func kbnPanelsFiltered(dashboard map[string]any) (bool, string) {
	panels, ok := kbnByValuePanels(dashboard)
	if !ok {
		return false, "its panels cannot be read"
	}
	for _, v := range panels {
		if v.queriesData() && !v.filtered() {
			return false, "at least one of its panels has no filter"
		}
	}
	return true, ""
}

// kbnDashboardFilter looks at the dashboard's own search source, decoded or given as a
// JSON string (as built packages have it).
func kbnDashboardFilter(dashboard map[string]any) int {
	attrs, _ := dashboard["attributes"].(map[string]any)
	meta, _ := attrs["kibanaSavedObjectMeta"].(map[string]any)
	raw, ok := meta["searchSourceJSON"]
	if !ok {
		return kbnNoSearchSource
	}
	var search map[string]any
	switch t := raw.(type) {
	case map[string]any:
		search = t
	case string:
		if err := json.Unmarshal([]byte(t), &search); err != nil || search == nil {
			return kbnBadSearchSource
		}
	default:
		return kbnBadSearchSource
	}
	var filters []any
	switch f := search["filter"].(type) {
	case nil:
	case []any:
		filters = f
	default:
		return kbnBadSearchSource
	}
	// The query is read before the filters are counted: the reference decodes both at once,
	// so a query that is not text spoils the search source even when filters are there.
	var query string
	switch q := search["query"].(type) {
	case nil:
	case map[string]any:
		switch qq := q["query"].(type) {
		case nil:
		case string:
			query = qq
		default:
			return kbnBadSearchSource
		}
	default:
		return kbnBadSearchSource
	}
	switch {
	case len(filters) > 0:
		return kbnHasFilter
	case query != "":
		return kbnQueryNoFilter
	}
	return kbnNoFilter
}
