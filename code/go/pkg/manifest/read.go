// Package manifest reads the typed model of an Elastic Package: its manifest, policy templates,
// inputs, variables, conditions, images and data streams, from any fs.FS rooted at the package.
//
// Keys written with dots in a manifest ("owner.github: elastic") are read as the nested objects
// they stand for, as package registries always have read them.
package manifest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"gopkg.in/yaml.v3"
)

// ErrEmpty is returned for a document with nothing in it.
var ErrEmpty = errors.New("empty document")

// maxManifestSize bounds the manifests Read accepts.
const maxManifestSize = 16 << 20

// Read reads manifest.yml and data_stream/*/manifest.yml from fsys, which is rooted at the
// package. Nothing is validated beyond the files being YAML of the right shape.
func Read(fsys fs.FS) (*Package, error) {
	var p Package
	if err := DecodeFile(fsys, "manifest.yml", &p); err != nil {
		return nil, err
	}
	dirs, err := fs.Glob(fsys, "data_stream/*/manifest.yml")
	if err != nil {
		return nil, err
	}
	for _, m := range dirs {
		var ds DataStream
		if err := DecodeFile(fsys, m, &ds); err != nil {
			return nil, err
		}
		ds.Dir = path.Base(path.Dir(m))
		p.DataStreams = append(p.DataStreams, ds)
	}
	return &p, nil
}

// DecodeFile decodes the YAML file name of fsys into v, reading dotted keys as nested objects.
// Errors name the file.
func DecodeFile(fsys fs.FS, name string, v any) error {
	f, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxManifestSize+1))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if len(b) > maxManifestSize {
		return fmt.Errorf("%s: larger than %d bytes", name, maxManifestSize)
	}
	if err := Decode(b, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// Decode decodes a YAML document into v, reading dotted keys as nested objects.
func Decode(b []byte, v any) error {
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(b)).Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return ErrEmpty
		}
		return err
	}
	expandDots(&doc, 0)
	return doc.Decode(v)
}

// maxDepth bounds the nesting expandDots follows, against hostile documents.
const maxDepth = 200

// expandDots rewrites every mapping of n so that a key "a.b" becomes a key "a" holding a
// mapping with key "b", merged with what "a" already holds.
func expandDots(n *yaml.Node, depth int) {
	if n == nil || depth > maxDepth {
		return
	}
	switch n.Kind {
	case yaml.ScalarNode:
		asYAML11(n)
	case yaml.DocumentNode, yaml.SequenceNode:
		for _, c := range n.Content {
			expandDots(c, depth+1)
		}
	case yaml.MappingNode:
		pairs := n.Content
		n.Content = nil
		for i := 0; i+1 < len(pairs); i += 2 {
			k, v := pairs[i], pairs[i+1]
			expandDots(v, depth+1)
			if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" || !strings.Contains(k.Value, ".") {
				setKey(n, k, v)
				continue
			}
			parts := strings.Split(k.Value, ".")
			for j := len(parts) - 1; j > 0; j-- {
				inner := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: k.Line, Column: k.Column}
				inner.Content = []*yaml.Node{scalarKey(k, parts[j]), v}
				v = inner
			}
			setKey(n, scalarKey(k, parts[0]), v)
		}
	}
}

// Package manifests have always been read as YAML 1.1: unquoted yes, no, on, off (and y, n)
// are booleans, and dates stay strings.
var yaml11Bools = map[string]string{
	"y": "true", "Y": "true", "yes": "true", "Yes": "true", "YES": "true", "on": "true", "On": "true", "ON": "true",
	"n": "false", "N": "false", "no": "false", "No": "false", "NO": "false", "off": "false", "Off": "false", "OFF": "false",
}

func asYAML11(n *yaml.Node) {
	if n.Style != 0 { // quoted, literal, folded or explicitly tagged: as written
		return
	}
	switch n.ShortTag() {
	case "!!timestamp":
		n.Tag = "!!str"
	case "!!str":
		if b, ok := yaml11Bools[n.Value]; ok {
			n.Tag, n.Value = "!!bool", b
		}
	}
}

func scalarKey(like *yaml.Node, value string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value, Line: like.Line, Column: like.Column}
}

// setKey adds k: v to the mapping m; when m already has k and both values are mappings they
// are merged, otherwise v replaces the old value.
func setKey(m, k, v *yaml.Node) {
	if k.Kind == yaml.ScalarNode && k.Tag != "!!merge" {
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Kind != yaml.ScalarNode || m.Content[i].Value != k.Value {
				continue
			}
			old := m.Content[i+1]
			if old.Kind == yaml.MappingNode && v.Kind == yaml.MappingNode {
				for j := 0; j+1 < len(v.Content); j += 2 {
					setKey(old, v.Content[j], v.Content[j+1])
				}
				return
			}
			m.Content[i+1] = v
			return
		}
	}
	m.Content = append(m.Content, k, v)
}
