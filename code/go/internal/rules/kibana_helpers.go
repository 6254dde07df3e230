package rules

// Helpers shared by the rules about Kibana saved objects (kibana/<type>/<id>.json): listing
// them, reading their id, type and references, walking into values that may be embedded JSON
// strings (built packages encode panelsJSON, searchSourceJSON, visState... as strings), and
// describing the panels of a dashboard. Every name here starts with kbn to keep clear of other
// rule families in this package.

import (
	"encoding/json"
	"path"
	"sort"
	"strings"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/internal/pkgfs"
)

// kbnObject is one Kibana saved object file of a package.
type kbnObject struct {
	// File is the path of the file in the package, as listed (with .link when it is a link).
	File string
	// Folder is the asset type folder under kibana/ (dashboard, visualization, tag...).
	Folder string
	// Doc is the parsed object; nil when the file does not parse into a JSON object.
	Doc map[string]any
	// Err is the parse error, if any.
	Err error
}

// Base returns the file name without its .json (and .link) extension.
func (o kbnObject) Base() string {
	name := strings.TrimSuffix(path.Base(o.File), ".link")
	return strings.TrimSuffix(name, ".json")
}

// kbnObjects lists the saved object files kibana/<folder>/*.json; folder "*" means every
// asset folder. The list is sorted by path.
func kbnObjects(p *packages.Package, folder string) []kbnObject {
	var folders []string
	if folder == "*" {
		folders = p.Folders("kibana")
	} else {
		folders = []string{folder}
	}
	var out []kbnObject
	for _, f := range folders {
		for _, file := range p.Files(path.Join("kibana", f), "*.json") {
			if strings.HasSuffix(file, pkgfs.LinkExtension) {
				// As in the reference, whose rules list kibana/*/*.json: a linked object (which
				// the folder checks refuse in kibana/) is not one of the package's objects.
				continue
			}
			o := kbnObject{File: file, Folder: f}
			doc, err := p.Document(file)
			if err != nil {
				o.Err = err
			} else if doc.Trailing != nil {
				// Kibana reads the whole file as one JSON value.
				o.Err = doc.Trailing
			} else if len(doc.Values) > 0 {
				o.Doc, _ = doc.Values[0].(map[string]any)
			}
			out = append(out, o)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}

// kbnDecode returns v, or the JSON value a string v encodes when it holds an object or a list.
func kbnDecode(v any) any {
	s, ok := v.(string)
	if !ok {
		return v
	}
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "{") && !strings.HasPrefix(t, "[") {
		return v
	}
	var out any
	if err := json.Unmarshal([]byte(t), &out); err != nil {
		return v
	}
	return out
}

// kbnGet walks a dotted path of object keys from v, decoding embedded JSON strings met on
// the way. It reports false when some step is missing or is not an object.
func kbnGet(v any, dotted string) (any, bool) {
	cur := v
	for _, key := range strings.Split(dotted, ".") {
		m, ok := kbnDecode(cur).(map[string]any)
		if !ok {
			return nil, false
		}
		cur, ok = m[key]
		if !ok {
			return nil, false
		}
	}
	return cur, true
}

// kbnString returns the string at the first of the paths that holds one.
func kbnString(v any, paths ...string) (string, bool) {
	for _, p := range paths {
		if x, ok := kbnGet(v, p); ok {
			if s, ok := x.(string); ok {
				return s, true
			}
		}
	}
	return "", false
}

// kbnRef is one entry of an object's references list.
type kbnRef struct {
	ID, Type, Name string
	// Index is the position of the entry in the list.
	Index int
}

// kbnReferences reads the references list of an object. It reports false when the list is
// there but is not a list of objects; a missing or null list is an empty, valid one.
func kbnReferences(doc map[string]any) ([]kbnRef, bool) {
	raw, present := doc["references"]
	if !present || raw == nil {
		return nil, true
	}
	list, ok := raw.([]any)
	if !ok {
		return nil, false
	}
	refs := make([]kbnRef, 0, len(list))
	for i, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			return nil, false
		}
		r := kbnRef{Index: i}
		r.ID, _ = m["id"].(string)
		r.Type, _ = m["type"].(string)
		r.Name, _ = m["name"].(string)
		refs = append(refs, r)
	}
	return refs, true
}

// kbnPanels returns the panels of a dashboard, from attributes.panelsJSON given either as a
// list or as a JSON string. It reports false when there is no usable panel list.
func kbnPanels(dashboard map[string]any) ([]map[string]any, bool) {
	attrs, ok := dashboard["attributes"].(map[string]any)
	if !ok {
		return nil, false
	}
	raw, ok := attrs["panelsJSON"]
	if !ok {
		return nil, false
	}
	if s, isString := raw.(string); isString {
		var decoded any
		if err := json.Unmarshal([]byte(s), &decoded); err != nil {
			return nil, false
		}
		raw = decoded
	}
	list, ok := raw.([]any)
	if !ok {
		return nil, false
	}
	panels := make([]map[string]any, 0, len(list))
	for _, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			return nil, false
		}
		panels = append(panels, m)
	}
	return panels, true
}

// kbnHas tells whether a non-null value is at the path.
func kbnHas(v any, dotted string) bool {
	x, ok := kbnGet(v, dotted)
	return ok && x != nil
}

// kbnVis describes something a dashboard can show: a by-value panel or a saved object.
type kbnVis struct {
	doc    any
	soType string
	// vt and tsvb cache visType and tsvbType: reading them may decode embedded JSON.
	vt, tsvb string
}

// newKbnVis describes a panel or saved object of the given saved object type.
func newKbnVis(doc any, soType string) kbnVis {
	v := kbnVis{doc: doc, soType: soType}
	if soType != "visualization" {
		return v
	}
	v.vt, _ = kbnString(doc, "attributes.type", "attributes.visState.type", "embeddableConfig.savedVis.type")
	if v.vt == "metrics" {
		v.tsvb, _ = kbnString(doc, "attributes.visState.params.type", "embeddableConfig.savedVis.params.type")
	}
	return v
}

// kbnByValuePanels returns the panels of a dashboard that embed their visualization (by
// value): legacy visualizations with embeddableConfig.savedVis, and Lens or Maps panels with
// embeddableConfig.attributes. It reports false when the panel list cannot be read.
func kbnByValuePanels(dashboard map[string]any) ([]kbnVis, bool) {
	panels, ok := kbnPanels(dashboard)
	if !ok {
		return nil, false
	}
	var out []kbnVis
	for _, panel := range panels {
		t, ok := panel["type"].(string)
		if !ok {
			continue // no type: a by-reference panel
		}
		switch {
		case t == "visualization" && kbnHas(panel, "embeddableConfig.savedVis"):
		case (t == "lens" || t == "map") && kbnHas(panel, "embeddableConfig.attributes"):
		default:
			continue
		}
		out = append(out, newKbnVis(panel, t))
	}
	return out, true
}

// visType is the visualization type of a legacy visualization ("" for other objects).
func (v kbnVis) visType() string { return v.vt }

// tsvbType is the kind of a TSVB visualization (timeseries, gauge, markdown...).
func (v kbnVis) tsvbType() string { return v.tsvb }

// kind says what the visualization shows, whatever the editor.
func (v kbnVis) kind() string {
	if v.visType() == "metrics" {
		return v.tsvbType()
	}
	return v.visType()
}

func (v kbnVis) title() string {
	if v.soType != "visualization" {
		return ""
	}
	s, _ := kbnString(v.doc, "attributes.title", "title", "embeddableConfig.savedVis.title")
	return s
}

// editor names the Kibana editor the visualization was made with.
func (v kbnVis) editor() string {
	switch v.soType {
	case "lens":
		return "Lens"
	case "map":
		return "Maps"
	case "search":
		return "Discover"
	case "visualization":
		switch v.visType() {
		case "metrics":
			return "TSVB"
		case "vega":
			return "Vega"
		case "timelion":
			return "Timelion"
		}
		return "Aggs-based"
	}
	return ""
}

// legacy tells whether Kibana considers the visualization legacy: every visualization saved
// object type except Markdown, Vega, input controls and TSVB markdown.
func (v kbnVis) legacy() bool {
	if v.soType != "visualization" {
		return false
	}
	switch v.visType() {
	case "metrics":
		return v.tsvbType() != "markdown"
	case "markdown", "vega", "input_control_vis":
		return false
	}
	return true
}

// queriesData tells whether the visualization runs queries that a filter could narrow.
func (v kbnVis) queriesData() bool {
	switch v.soType {
	case "search":
		return false
	case "visualization":
		return v.visType() != "markdown"
	}
	// ES|QL panels carry their own query and have no use for filters. The reference knows
	// such a panel by the mere presence of an esql key, whatever its value, either in the
	// Lens state or in the panel's own query.
	for _, keys := range [][]string{
		{"embeddableConfig", "attributes", "state", "query", "esql"},
		{"embeddableConfig", "query", "esql"},
	} {
		if kbnHasKey(v.doc, keys...) {
			return false
		}
	}
	return true
}

// kbnHasKey tells whether the nested objects of v hold the key path, taking the values as
// they are (embedded JSON strings are not decoded).
func kbnHasKey(v any, keys ...string) bool {
	cur := v
	for _, k := range keys {
		m, ok := cur.(map[string]any)
		if !ok {
			return false
		}
		if cur, ok = m[k]; !ok {
			return false
		}
	}
	return true
}

// filtered tells whether the visualization narrows its data, by a query or by filters.
func (v kbnVis) filtered() bool {
	for _, p := range []string{
		"attributes.kibanaSavedObjectMeta.searchSourceJSON.query.query",
		"attributes.state.query.query",
		"embeddableConfig.attributes.mapStateJSON.query.query",
		"embeddableConfig.attributes.state.query.query",
		"embeddableConfig.savedVis.data.searchSource.query.query",
	} {
		if s, ok := kbnString(v.doc, p); ok && s != "" {
			return true
		}
	}
	for _, p := range []string{
		"attributes.state.filters",
		"embeddableConfig.attributes.state.filters",
		"embeddableConfig.attributes.mapStateJSON.filters",
		"embeddableConfig.savedVis.data.searchSource.filter",
		"attributes.kibanaSavedObjectMeta.searchSourceJSON.filter",
	} {
		x, ok := kbnGet(v.doc, p)
		if !ok {
			continue
		}
		list, ok := kbnDecode(x).([]any)
		if !ok || len(list) == 0 {
			continue
		}
		allObjects := true
		for _, e := range list {
			if _, ok := e.(map[string]any); !ok {
				allObjects = false
				break
			}
		}
		if allObjects {
			return true
		}
	}
	return false
}

// kbnPosition gives the line and column of a dotted path in a file, 0 when unknown.
func kbnPosition(p *packages.Package, file, field string) (int, int) {
	doc, err := p.Document(file)
	if err != nil {
		return 0, 0
	}
	return doc.Position(0, field, true)
}
