// Package content parses the YAML and JSON files of a package, keeping the position of every
// node, and validates their content against the file schemas of the spec.
package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Document is a parsed YAML or JSON file.
type Document struct {
	// Values holds one JSON-compatible value per document in the file (YAML files may hold
	// several); in YAML, dotted keys are expanded into nested objects.
	Values []any
	// Nodes holds the YAML nodes of each document, with positions; for JSON files they are
	// built on demand by Position.
	Nodes []*yaml.Node
	raw   []byte
	json  bool
}

// maxAliasExpansion bounds how many nodes alias expansion may produce in one document.
const maxAliasExpansion = 1_000_000

// maxYAMLSize bounds the YAML read into nodes: twice the configurationSizeLimit (5MB) that the
// spec sets for YAML files, so that a file far beyond that limit cannot make parsing take memory
// without bound. JSON files are positioned with the YAML parser too, within the same bound.
const maxYAMLSize = 10 << 20

// ParseYAML parses a YAML file of one or more documents. With expand set, dotted keys
// (`a.b: 1`) become nested objects (`a: {b: 1}`), as spec versions before 3.0.0 read them.
func ParseYAML(data []byte, expand bool) (*Document, error) {
	if len(data) > maxYAMLSize {
		return nil, &SyntaxError{Msg: fmt.Sprintf("invalid YAML: the file holds %d bytes, more than the %d bytes a YAML file may hold to be read", len(data), maxYAMLSize)}
	}
	d := &Document{raw: data}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, syntaxError(err)
		}
		budget := maxAliasExpansion
		v, err := nodeValue(&n, expand, &budget, 0)
		if err != nil {
			return nil, err
		}
		d.Nodes = append(d.Nodes, &n)
		d.Values = append(d.Values, v)
	}
	if len(d.Values) == 0 {
		d.Values = []any{nil}
	}
	return d, nil
}

// ParseJSON parses a JSON file.
func ParseJSON(data []byte) (*Document, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&v); err != nil {
		return nil, jsonSyntaxError(data, err)
	}
	if dec.More() {
		// Point at the first character after the value.
		off := int(dec.InputOffset())
		for off < len(data) && strings.IndexByte(" \t\r\n", data[off]) >= 0 {
			off++
		}
		line, col := offsetPosition(data, off)
		return nil, &SyntaxError{Line: line, Column: col, Msg: "invalid JSON: unexpected content after the JSON value"}
	}
	return &Document{Values: []any{v}, raw: data, json: true}, nil
}

// SyntaxError is a file that cannot be parsed.
type SyntaxError struct {
	Line, Column int
	Msg          string
}

// Error returns the message, which says what the parser found and where it stopped.
func (e *SyntaxError) Error() string { return e.Msg }

func syntaxError(err error) error {
	msg := err.Error()
	line := 0
	// yaml.v3 writes "yaml: line N: ..."
	if rest, ok := strings.CutPrefix(msg, "yaml: line "); ok {
		if n, after, ok := strings.Cut(rest, ":"); ok {
			if l, err := strconv.Atoi(n); err == nil {
				line = l
				msg = strings.TrimSpace(after)
			}
		}
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	return &SyntaxError{Line: line, Msg: "invalid YAML: " + msg}
}

func jsonSyntaxError(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// Offset counts the bytes read, the offending one included.
		line, col := offsetPosition(data, int(se.Offset)-1)
		return &SyntaxError{Line: line, Column: col, Msg: "invalid JSON: " + se.Error()}
	}
	// The parser stopped at the end of the file.
	line, col := offsetPosition(data, len(data))
	if errors.Is(err, io.EOF) {
		return &SyntaxError{Line: line, Column: col, Msg: "invalid JSON: the file is empty"}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return &SyntaxError{Line: line, Column: col, Msg: "invalid JSON: the file ends before the JSON value does"}
	}
	return &SyntaxError{Msg: "invalid JSON: " + err.Error()}
}

// offsetPosition gives the line and column (1-based, in bytes) of the byte at offset off.
func offsetPosition(data []byte, off int) (int, int) {
	off = max(0, min(off, len(data)))
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := off - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}

// nodeValue converts a YAML node into a JSON-compatible value.
func nodeValue(n *yaml.Node, expand bool, budget *int, depth int) (any, error) {
	*budget--
	if *budget < 0 {
		return nil, &SyntaxError{Line: n.Line, Column: n.Column, Msg: "invalid YAML: aliases expand into too many nodes"}
	}
	if depth > 1000 {
		return nil, &SyntaxError{Line: n.Line, Column: n.Column, Msg: "invalid YAML: nesting is too deep"}
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return nodeValue(n.Content[0], expand, budget, depth+1)
	case yaml.AliasNode:
		return nodeValue(n.Alias, expand, budget, depth+1)
	case yaml.SequenceNode:
		list := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := nodeValue(c, expand, budget, depth+1)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		return list, nil
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, vn := n.Content[i], n.Content[i+1]
			if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
				merged, err := nodeValue(vn, expand, budget, depth+1)
				if err != nil {
					return nil, err
				}
				for _, mm := range mergeMaps(merged) {
					for mk, mv := range mm {
						if _, ok := m[mk]; !ok {
							m[mk] = mv
						}
					}
				}
				continue
			}
			key := k.Value
			if k.Kind != yaml.ScalarNode {
				kv, err := nodeValue(k, false, budget, depth+1)
				if err != nil {
					return nil, err
				}
				key = fmt.Sprint(kv)
			}
			v, err := nodeValue(vn, expand, budget, depth+1)
			if err != nil {
				return nil, err
			}
			if expand && strings.Contains(key, ".") {
				put(m, strings.Split(key, "."), v)
			} else {
				putOne(m, key, v)
			}
		}
		return m, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!str", "!!binary":
			return n.Value, nil
		case "!!null":
			return nil, nil
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err != nil {
				return n.Value, nil
			}
			return b, nil
		case "!!int":
			if i, err := strconv.ParseInt(n.Value, 10, 64); err == nil {
				return i, nil
			}
			var i any
			if err := n.Decode(&i); err != nil {
				return n.Value, nil
			}
			return i, nil
		case "!!float":
			if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
				return f, nil
			}
			var f any
			if err := n.Decode(&f); err != nil {
				return n.Value, nil
			}
			return f, nil
		default:
			var v any
			if err := n.Decode(&v); err != nil {
				return n.Value, nil
			}
			if b, err := json.Marshal(v); err == nil {
				var back any
				if json.Unmarshal(b, &back) == nil {
					return back, nil
				}
			}
			return n.Value, nil
		}
	}
	return nil, nil
}

func mergeMaps(v any) []map[string]any {
	switch t := v.(type) {
	case map[string]any:
		return []map[string]any{t}
	case []any:
		var out []map[string]any
		for _, e := range t {
			if m, ok := e.(map[string]any); ok {
				out = append(out, m)
			}
		}
		return out
	}
	return nil
}

// put stores v at the nested path keys, merging with objects already there.
func put(m map[string]any, keys []string, v any) {
	for _, k := range keys[:len(keys)-1] {
		next, ok := m[k].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
	putOne(m, keys[len(keys)-1], v)
}

func putOne(m map[string]any, k string, v any) {
	if old, ok := m[k].(map[string]any); ok {
		if nv, ok := v.(map[string]any); ok {
			for kk, vv := range nv {
				putOne(old, kk, vv)
			}
			return
		}
	}
	m[k] = v
}

// Position returns the line and column of the node at the dotted field path (as the schema
// validator reports it) in document doc. With key set, it returns the position of the key that
// holds the value rather than of the value. It returns the closest enclosing node it can find.
func (d *Document) Position(doc int, field string, key bool) (int, int) {
	if d.json && d.Nodes == nil {
		var n yaml.Node
		if len(d.raw) > maxYAMLSize {
			d.Nodes = []*yaml.Node{}
		} else if err := yaml.Unmarshal(d.raw, &n); err == nil {
			d.Nodes = []*yaml.Node{&n}
		} else {
			d.Nodes = []*yaml.Node{}
		}
	}
	if doc >= len(d.Nodes) {
		return 0, 0
	}
	n := d.Nodes[doc]
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	var segs []string
	if field != "" && field != "(root)" {
		segs = strings.Split(field, ".")
	}
	var keyNode *yaml.Node
	for len(segs) > 0 {
		for n.Kind == yaml.AliasNode && n.Alias != nil {
			n = n.Alias
		}
		switch n.Kind {
		case yaml.SequenceNode:
			i, err := strconv.Atoi(segs[0])
			if err != nil || i < 0 || i >= len(n.Content) {
				return position(n, keyNode, key)
			}
			n, keyNode, segs = n.Content[i], nil, segs[1:]
		case yaml.MappingNode:
			found := false
			for j := len(segs); j >= 1 && !found; j-- {
				name := strings.Join(segs[:j], ".")
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == name {
						keyNode, n, segs, found = n.Content[i], n.Content[i+1], segs[j:], true
						break
					}
				}
			}
			if !found {
				return position(n, keyNode, key)
			}
		default:
			return position(n, keyNode, key)
		}
	}
	return position(n, keyNode, key)
}

func position(n, keyNode *yaml.Node, key bool) (int, int) {
	if key && keyNode != nil {
		return keyNode.Line, keyNode.Column
	}
	return n.Line, n.Column
}
