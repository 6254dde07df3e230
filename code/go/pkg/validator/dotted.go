package validator

import (
	"maps"
	"regexp"
	"slices"
	"strings"
)

// maxDottedDepth bounds how many levels a dotted key may span in a schema made to accept
// dotted keys (conditions.kibana.version spans three).
const maxDottedDepth = 6

// acceptDottedKeys rewrites a standalone schema so that it accepts what the validator accepts
// in the YAML files of packages before format 3.0.0: there a dotted key such as
// `conditions.kibana.version: ^8.0.0` is read as the nested objects it names. Each object
// schema gets a property for every dotted path through its nested properties, with the schema
// of the value at the end of the path, a pattern accepting anything below a nested object
// that is open to other properties, and its required properties may be given in dotted form.
// The schema stays as strict as before for keys without dots.
func acceptDottedKeys(doc map[string]any) {
	d := dotted{root: doc}
	d.collect(doc)
	type change struct {
		node     map[string]any
		props    map[string]any
		patterns map[string]any
	}
	var changes []change
	for _, n := range d.objects {
		props, _ := n["properties"].(map[string]any)
		c := change{node: n, props: map[string]any{}, patterns: map[string]any{}}
		for _, name := range slices.Sorted(maps.Keys(props)) {
			d.paths(name, props[name], 1, c.props, c.patterns, map[string]bool{})
		}
		changes = append(changes, c)
	}
	for _, c := range changes {
		props := c.node["properties"].(map[string]any)
		for k, v := range c.props {
			if _, ok := props[k]; !ok {
				props[k] = v
			}
		}
		if len(c.patterns) > 0 {
			pp, _ := c.node["patternProperties"].(map[string]any)
			if pp == nil {
				pp = map[string]any{}
				c.node["patternProperties"] = pp
			}
			for k, v := range c.patterns {
				if _, ok := pp[k]; !ok {
					pp[k] = v
				}
			}
		}
		d.relaxRequired(c.node)
	}
}

type dotted struct {
	root    map[string]any
	objects []map[string]any // schemas with properties, in the order met
}

// subschemaKeys are the keywords of draft-07 whose value is one schema; listKeys hold a list of
// schemas; mapKeys a map of names to schemas.
var (
	subschemaKeys = []string{"additionalProperties", "items", "additionalItems", "contains", "propertyNames", "not", "if", "then", "else"}
	listKeys      = []string{"allOf", "anyOf", "oneOf", "items"}
	mapKeys       = []string{"properties", "patternProperties", "definitions", "dependencies"}
)

// collect finds every object schema below schema s, following keywords, never values.
func (d *dotted) collect(s any) {
	n, ok := s.(map[string]any)
	if !ok {
		return
	}
	if props, ok := n["properties"].(map[string]any); ok && len(props) > 0 {
		d.objects = append(d.objects, n)
	}
	for _, k := range subschemaKeys {
		d.collect(n[k])
	}
	for _, k := range listKeys {
		if list, ok := n[k].([]any); ok {
			for _, e := range list {
				d.collect(e)
			}
		}
	}
	for _, k := range mapKeys {
		if m, ok := n[k].(map[string]any); ok {
			for _, name := range slices.Sorted(maps.Keys(m)) {
				d.collect(m[name])
			}
		}
	}
}

// paths records, for the property written prefix with schema s, the dotted paths through the
// properties of s.
func (d *dotted) paths(prefix string, s any, depth int, props, patterns map[string]any, refs map[string]bool) {
	if depth >= maxDottedDepth {
		return
	}
	n, ref := d.resolve(s)
	if n == nil || refs[ref] && ref != "" {
		return
	}
	if ref != "" {
		refs[ref] = true
		defer delete(refs, ref)
	}
	if !isObjectSchema(n) {
		return
	}
	if open(n) {
		patterns["^"+regexp.QuoteMeta(prefix)+`\.`] = map[string]any{}
	}
	sub, _ := n["properties"].(map[string]any)
	for _, name := range slices.Sorted(maps.Keys(sub)) {
		key := prefix + "." + name
		if _, ok := props[key]; !ok {
			props[key] = sub[name]
		}
		d.paths(key, sub[name], depth+1, props, patterns, refs)
	}
	if pp, ok := n["patternProperties"].(map[string]any); ok && len(pp) > 0 {
		patterns["^"+regexp.QuoteMeta(prefix)+`\.`] = map[string]any{}
	}
}

// resolve follows the $ref of schema s, if any, inside the document; it returns the schema
// and the reference followed.
func (d *dotted) resolve(s any) (map[string]any, string) {
	n, _ := s.(map[string]any)
	ref := ""
	for i := 0; n != nil && i < 16; i++ {
		r, ok := n["$ref"].(string)
		if !ok {
			return n, ref
		}
		ref = r
		n = d.pointer(r)
	}
	return n, ref
}

// pointer returns the schema at a local reference (#/definitions/x/properties/y).
func (d *dotted) pointer(ref string) map[string]any {
	frag, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil
	}
	var cur any = d.root
	for _, part := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
		if part == "" {
			continue
		}
		part = strings.NewReplacer("~1", "/", "~0", "~").Replace(part)
		switch t := cur.(type) {
		case map[string]any:
			cur = t[part]
		default:
			return nil
		}
	}
	m, _ := cur.(map[string]any)
	return m
}

// relaxRequired lets each required property of object schema n whose value may be an object be
// given by dotted keys instead (owner.github and owner.type for owner).
func (d *dotted) relaxRequired(n map[string]any) {
	req, ok := n["required"].([]any)
	if !ok {
		return
	}
	props, _ := n["properties"].(map[string]any)
	var keep, alternatives []any
	for _, r := range req {
		name, _ := r.(string)
		if s, _ := d.resolve(props[name]); name == "" || s == nil || !isObjectSchema(s) {
			keep = append(keep, r)
			continue
		}
		alternatives = append(alternatives, map[string]any{"anyOf": []any{
			map[string]any{"required": []any{name}},
			// Some key starts with "name.".
			map[string]any{"not": map[string]any{"propertyNames": map[string]any{"not": map[string]any{"pattern": "^" + regexp.QuoteMeta(name) + `\.`}}}},
		}})
	}
	if len(alternatives) == 0 {
		return
	}
	if len(keep) > 0 {
		n["required"] = keep
	} else {
		delete(n, "required")
	}
	all, _ := n["allOf"].([]any)
	n["allOf"] = append(all, alternatives...)
}

// isObjectSchema tells whether schema n describes objects with named properties.
func isObjectSchema(n map[string]any) bool {
	_, hasProps := n["properties"].(map[string]any)
	if !hasProps {
		return false
	}
	switch t := n["type"].(type) {
	case nil:
		return true
	case string:
		return t == "object"
	case []any:
		for _, e := range t {
			if e == "object" {
				return true
			}
		}
	}
	return false
}

// open tells whether object schema n accepts properties it does not name.
func open(n map[string]any) bool {
	ap, ok := n["additionalProperties"]
	if !ok {
		return true
	}
	b, isBool := ap.(bool)
	return !isBool || b
}
