// Package content parses the YAML and JSON files of a package, keeping the position of every
// node, and validates their content against the file schemas of the spec.
package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Document is a parsed YAML or JSON file.
type Document struct {
	// Values holds the value of the file, JSON-compatible; in YAML, dotted keys are expanded
	// into nested objects when asked. It holds one value: a YAML file is read up to the end of
	// its first document, as yaml.Unmarshal reads it, and whatever follows is ignored.
	Values []any
	// Nodes holds the YAML nodes of the value, with positions; for JSON files they are
	// built on demand by Position.
	Nodes []*yaml.Node
	// NotJSON, when set, says why the value cannot be written as JSON (a key that is not a
	// string, a number that is not finite): such a file cannot be checked against a schema.
	NotJSON error
	// Trailing, for a JSON file, is the error of the content that follows the first value.
	Trailing *SyntaxError
	raw      []byte
	json     bool
	size     int // YAML nodes, or JSON values
}

// Size is how many values (YAML nodes: keys, values, lists, documents) the file holds, what
// keeping it costs.
func (d *Document) Size() int { return d.size }

// MaxFileNodes bounds the values of one file that are checked: about fifteen times what the
// largest file of real packages holds (31,000). A file beyond it gets one error and is not
// checked further, so that one file cannot make the checks take memory and time without
// bound.
const MaxFileNodes = 500_000

func tooManyNodes(what string) error {
	return &SyntaxError{Msg: fmt.Sprintf("not checked: the file holds more than %d %s, more than one file may hold to be checked", MaxFileNodes, what)}
}

// countNodes counts n and the nodes below it, stopping past limit.
func countNodes(n *yaml.Node, limit int) int {
	c := 1
	for _, k := range n.Content {
		if c > limit {
			break
		}
		c += countNodes(k, limit-c)
	}
	return c
}

// countValues counts v and the values it holds (object keys included), stopping past limit.
func countValues(v any, limit int) int {
	c := 1
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			if c > limit {
				break
			}
			c += countValues(e, limit-c)
		}
	case map[string]any:
		for _, e := range t {
			if c > limit {
				break
			}
			c += 1 + countValues(e, limit-c)
		}
	}
	return c
}

// maxAliasExpansion bounds how many nodes alias expansion may produce in one document.
const maxAliasExpansion = 1_000_000

// maxDepth bounds the nesting of values. The YAML parser already refuses more than 10000
// levels; this only guards the recursion of the conversion.
const maxDepth = 20_000

// maxYAMLSize bounds the YAML read into nodes: twice the configurationSizeLimit (5MB) that the
// spec sets for YAML files, so that a file far beyond that limit cannot make parsing take memory
// without bound. JSON files are positioned with the YAML parser too, within the same bound.
const maxYAMLSize = 10 << 20

// ParseYAML parses a YAML file as yaml.Unmarshal reads it into a Go value: its first document
// only, with duplicate keys refused. With expand set, dotted keys (`a.b: 1`) become nested
// objects (`a: {b: 1}`), as spec versions before 3.0.0 read them.
func ParseYAML(data []byte, expand bool) (*Document, error) {
	if len(data) > maxYAMLSize {
		return nil, &SyntaxError{Msg: fmt.Sprintf("invalid YAML: the file holds %d bytes, more than the %d bytes a YAML file may hold to be read", len(data), maxYAMLSize)}
	}
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return nil, syntaxError(err)
	}
	d := &Document{raw: data}
	if n.Kind == 0 {
		// No document at all (an empty file, or only comments): the value is null.
		d.Values = []any{nil}
		return d, nil
	}
	if d.size = countNodes(&n, MaxFileNodes); d.size > MaxFileNodes {
		return nil, tooManyNodes("YAML nodes (keys, values and lists)")
	}
	c := converter{expand: expand, budget: maxAliasExpansion}
	v, err := c.value(&n, 0)
	if err != nil {
		return nil, err
	}
	d.Nodes = []*yaml.Node{&n}
	d.Values = []any{v}
	d.NotJSON = c.notJSON
	return d, nil
}

// maxJSONSize bounds the JSON decoded, for the same reason as maxYAMLSize; JSON files have no
// configuration size limit and some (machine learning models) hold a few megabytes.
const maxJSONSize = 3 * maxYAMLSize

// ParseJSON parses a JSON file as a JSON decoder reads its first value, which is how the schema
// checks read it. Content after that value is not an error here: it is kept in Trailing, for the
// readers that take the whole file as one value (as json.Unmarshal does). A byte order mark is
// refused like any other character.
func ParseJSON(data []byte) (*Document, error) {
	if len(data) > maxJSONSize {
		return nil, &SyntaxError{Msg: fmt.Sprintf("invalid JSON: the file holds %d bytes, more than the %d bytes a JSON file may hold to be read", len(data), maxJSONSize)}
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&v); err != nil {
		return nil, jsonSyntaxError(data, err)
	}
	n := countValues(v, MaxFileNodes)
	if n > MaxFileNodes {
		return nil, tooManyNodes("JSON values")
	}
	d := &Document{Values: []any{v}, raw: data, json: true, size: n}
	// Point at the first character after the value that is not white space.
	off := int(dec.InputOffset())
	for off < len(data) && strings.IndexByte(" \t\r\n", data[off]) >= 0 {
		off++
	}
	if off < len(data) {
		line, col := offsetPosition(data, off)
		d.Trailing = &SyntaxError{Line: line, Column: col, Msg: "invalid JSON: unexpected content after the JSON value"}
	}
	return d, nil
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

// converter turns YAML nodes into JSON-compatible values.
type converter struct {
	expand bool
	// budget is the number of nodes alias expansion may still produce.
	budget int
	// notJSON is the first reason found why the value cannot be written as JSON.
	notJSON error
}

func (c *converter) value(n *yaml.Node, depth int) (any, error) {
	c.budget--
	if c.budget < 0 {
		return nil, &SyntaxError{Line: n.Line, Column: n.Column, Msg: "invalid YAML: aliases expand into too many nodes"}
	}
	if depth > maxDepth {
		return nil, &SyntaxError{Line: n.Line, Column: n.Column, Msg: "invalid YAML: nesting is too deep"}
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return c.value(n.Content[0], depth+1)
	case yaml.AliasNode:
		return c.value(n.Alias, depth+1)
	case yaml.SequenceNode:
		list := make([]any, 0, len(n.Content))
		for _, e := range n.Content {
			v, err := c.value(e, depth+1)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		return list, nil
	case yaml.MappingNode:
		return c.mapping(n, depth)
	case yaml.ScalarNode:
		return c.scalar(n)
	}
	return nil, nil
}

// mapping converts a mapping node. Like yaml.v3 decoding into a Go value, it refuses two keys
// written alike (same kind, same text), and keys that are collections; keys of other types
// than strings make the value one that JSON cannot hold.
func (c *converter) mapping(n *yaml.Node, depth int) (any, error) {
	seen := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		id := strconv.Itoa(int(k.Kind)) + ":" + k.Value
		if first, ok := seen[id]; ok {
			return nil, &SyntaxError{Line: k.Line, Column: k.Column,
				Msg: fmt.Sprintf("invalid YAML: mapping key %q already defined at line %d", k.Value, first.Line)}
		}
		seen[id] = k
	}
	m := make(map[string]any, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, vn := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			merged, err := c.value(vn, depth+1)
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
			target := k
			for target.Kind == yaml.AliasNode && target.Alias != nil {
				target = target.Alias
			}
			if target.Kind != yaml.ScalarNode {
				return nil, &SyntaxError{Line: k.Line, Column: k.Column, Msg: "invalid YAML: a mapping key must not be a list or a mapping"}
			}
			key = target.Value
			k = target
		}
		if k.ShortTag() != "!!str" && c.notJSON == nil {
			c.notJSON = fmt.Errorf("line %d: key %q is not a string (%s)", k.Line, key, strings.TrimPrefix(k.ShortTag(), "!!"))
		}
		v, err := c.value(vn, depth+1)
		if err != nil {
			return nil, err
		}
		if c.expand && strings.Contains(key, ".") {
			put(m, strings.Split(key, "."), v)
		} else {
			putOne(m, key, v)
		}
	}
	return m, nil
}

// scalar converts a scalar node as yaml.v3 decodes it into a Go value.
func (c *converter) scalar(n *yaml.Node) (any, error) {
	switch n.ShortTag() {
	case "!!str":
		return n.Value, nil
	case "!!null":
		return nil, nil
	case "!!int":
		if i, err := strconv.ParseInt(n.Value, 10, 64); err == nil {
			return i, nil
		}
	case "!!float":
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return f, nil
		}
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, &SyntaxError{Line: n.Line, Column: n.Column, Msg: "invalid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	switch t := v.(type) {
	case nil, string, bool, int, int64, uint64:
		return v, nil
	case float64:
		if (math.IsNaN(t) || math.IsInf(t, 0)) && c.notJSON == nil {
			c.notJSON = fmt.Errorf("line %d: %s is not a number JSON can hold", n.Line, n.Value)
		}
		return t, nil
	case []byte:
		return string(t), nil
	}
	// Timestamps and other types are read as text.
	return n.Value, nil
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
