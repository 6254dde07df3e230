package loader

import (
	"encoding/json"
	"strings"
)

// Standalone returns the schema as one draft-07 document: every file it refers to is placed
// under `definitions` and every `$ref` rewritten to point there, so that tools that know
// nothing of the spec's files (editors, other validators) can use it.
func (s *Schema) Standalone() (map[string]any, error) {
	s.once.Do(s.compile)
	if s.err != nil {
		return nil, s.err
	}
	docs := map[string]map[string]any{}
	if err := collect(s.Path, s.version, docs, map[string][]byte{}); err != nil {
		return nil, err
	}
	out := rewrite(deepCopy(docs[s.Path]), s.Path, s.Path).(map[string]any)
	defs, _ := out["definitions"].(map[string]any)
	if defs == nil {
		defs = map[string]any{}
	}
	for p, d := range docs {
		if p == s.Path {
			continue
		}
		defs[bundleKey(p)] = rewrite(deepCopy(d), p, s.Path)
	}
	if len(defs) > 0 {
		out["definitions"] = defs
	}
	out["$schema"] = "http://json-schema.org/draft-07/schema#"
	return out, nil
}

// bundleKey names the definition that holds spec file p.
func bundleKey(p string) string {
	return "file:" + strings.NewReplacer("/", "_", "~", "_").Replace(p)
}

func deepCopy(d map[string]any) map[string]any {
	b, _ := json.Marshal(d)
	var c map[string]any
	_ = json.Unmarshal(b, &c)
	return c
}

// rewrite turns the `$ref`s of file p into references inside the bundle of file main.
func rewrite(v any, p, main string) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if ref, ok := e.(string); ok && k == "$ref" {
				t[k] = bundleRef(ref, p, main)
				continue
			}
			t[k] = rewrite(e, p, main)
		}
	case []any:
		for i, e := range t {
			t[i] = rewrite(e, p, main)
		}
	}
	return v
}

func bundleRef(ref, p, main string) string {
	file, frag, _ := strings.Cut(ref, "#")
	target := p
	if file != "" {
		target = joinRef(p, file)
	}
	if target == main {
		return "#" + frag
	}
	return "#/definitions/" + bundleKey(target) + frag
}
