package registry

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"gopkg.in/yaml.v3"
)

// checkRequiredFields checks that the data stream defines the fields every data stream has:
// data_stream.type, .dataset and .namespace as constant_keyword and @timestamp as date, either
// with dotted names or under a data_stream group. Field files are read in lexical order, each
// only when the fields looked for were not found in the ones before.
func checkRequiredFields(fsys fs.FS, dir string) error {
	files, err := fs.Glob(fsys, path.Join(dir, "fields", "*"))
	if err != nil {
		return err
	}
	defs := &fieldDefs{fsys: fsys, files: files}
	for _, want := range [][2]string{
		{"data_stream.type", "constant_keyword"},
		{"data_stream.dataset", "constant_keyword"},
		{"data_stream.namespace", "constant_keyword"},
		{"@timestamp", "date"},
	} {
		typ, err := defs.fieldType(want[0])
		if err != nil {
			group, last, ok := strings.Cut(want[0], ".")
			if !ok {
				return fmt.Errorf("finding field failed (searchedName: %s): %w", want[0], err)
			}
			sub, gerr := defs.groupFields(group)
			if gerr != nil {
				return fmt.Errorf("finding field failed (searchedName: %s): %w", want[0], gerr)
			}
			if typ, err = fieldType(sub, last); err != nil {
				return fmt.Errorf("finding field failed (searchedName: %s): %w", want[0], err)
			}
		}
		if typ != want[1] {
			return fmt.Errorf("wrong field type for '%s' (expected: %s, got: %s)", want[0], want[1], typ)
		}
	}
	return nil
}

// fieldDefs are the top-level field definitions of a data stream's field files, read on demand.
type fieldDefs struct {
	fsys   fs.FS
	files  []string
	parsed [][]map[string]any
}

// file returns the definitions of the i-th file.
func (d *fieldDefs) file(i int) ([]map[string]any, error) {
	if i < len(d.parsed) {
		return d.parsed[i], nil
	}
	b, err := readFile(d.fsys, d.files[i])
	if err != nil {
		return nil, fmt.Errorf("reading file failed (path: %s): %w", d.files[i], err)
	}
	var list []map[string]any
	if err := yaml.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("unmarshaling file failed (path: %s): %w", d.files[i], err)
	}
	d.parsed = append(d.parsed, list)
	return list, nil
}

// find returns the first definition named name, going through the files in order.
func (d *fieldDefs) find(name string) (map[string]any, error) {
	for i := range d.files {
		list, err := d.file(i)
		if err != nil {
			return nil, err
		}
		if f, err := findDef(list, name); err != nil || f != nil {
			return f, err
		}
	}
	return nil, fmt.Errorf("field '%s' not found", name)
}

func (d *fieldDefs) fieldType(name string) (string, error) {
	f, err := d.find(name)
	if err != nil {
		return "", err
	}
	return defType(f, name)
}

func (d *fieldDefs) groupFields(name string) ([]map[string]any, error) {
	f, err := d.find(name)
	if err != nil {
		return nil, err
	}
	list, ok := f["fields"].([]any)
	if !ok {
		return nil, errors.New("fields was not a list")
	}
	var out []map[string]any
	for _, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("unable to read field definition %v", item)
		}
		out = append(out, m)
	}
	return out, nil
}

// findDef returns the definition named name in defs, nil when there is none. A definition
// without a name before it is an error.
func findDef(defs []map[string]any, name string) (map[string]any, error) {
	for _, f := range defs {
		n, ok := f["name"]
		if !ok {
			return nil, errors.New("a field definition has no name")
		}
		if fmt.Sprint(n) == name {
			return f, nil
		}
	}
	return nil, nil
}

// defType is the type of the definition f of the field name.
func defType(f map[string]any, name string) (string, error) {
	t, ok := f["type"]
	if !ok || fmt.Sprint(t) == "" {
		return "", fmt.Errorf("field '%s' found, but type is undefined", name)
	}
	return fmt.Sprint(t), nil
}

// fieldType returns the type of the field definition named name in defs.
func fieldType(defs []map[string]any, name string) (string, error) {
	f, err := findDef(defs, name)
	if err != nil {
		return "", err
	}
	if f == nil {
		return "", fmt.Errorf("field '%s' not found", name)
	}
	return defType(f, name)
}
