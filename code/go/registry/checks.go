package registry

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/Masterminds/semver/v3"
	"gopkg.in/yaml.v3"

	"github.com/pkgspec/pkgspec/code/go/pkg/manifest"
)

// checkManifest checks what the registry requires of a manifest, and returns the package
// version and the format version it parsed.
func checkManifest(fsys fs.FS, src *source, m *manifest.Package) (version, format *semver.Version, err error) {
	if m.FormatVersion == "" {
		return nil, nil, errors.New("no format_version set")
	}
	format, err = semver.StrictNewVersion(m.FormatVersion)
	if err != nil {
		return nil, nil, fmt.Errorf("invalid format_version %q: %w", m.FormatVersion, err)
	}
	v, err := semver.StrictNewVersion(m.Version)
	if err != nil {
		return nil, nil, fmt.Errorf("invalid package version %q: %w", m.Version, err)
	}
	if m.Title == nil || *m.Title == "" {
		return nil, nil, fmt.Errorf("no title set for package: %s", m.Name)
	}
	if m.Description == "" {
		return nil, nil, errors.New("no description set")
	}
	for _, img := range append(append([]manifest.Image{}, m.Icons...), m.Screenshots...) {
		if _, err := fs.Stat(fsys, strings.TrimPrefix(path.Clean("/"+img.Src), "/")); err != nil {
			return nil, nil, fmt.Errorf("image %s: %w", img.Src, err)
		}
	}
	if !src.zipped {
		if dirV, err := semver.NewVersion(path.Base(src.path)); err == nil && !dirV.Equal(v) {
			return nil, nil, fmt.Errorf("version in manifest file is not consistent with path: inconsistent versions (path: %s, manifest: %s)", dirV, v)
		}
	}
	if err := checkRequired(m); err != nil {
		return nil, nil, err
	}
	for _, t := range m.PolicyTemplates {
		for _, in := range t.Inputs {
			if (in.Type == "") == (in.Package == "") {
				return nil, nil, fmt.Errorf("input %s in policy template %s must have a type or package, but not both", in.Title, t.Name)
			}
		}
	}
	for _, ds := range m.DataStreams {
		if err := checkDataStream(fsys, ds); err != nil {
			return nil, nil, fmt.Errorf("validating data stream failed (path: data_stream/%s): %w", ds.Dir, err)
		}
	}
	return v, format, nil
}

// checkRequired checks the manifest values a registry cannot do without: names, titles and
// descriptions of policy templates, image sources, discovery names, and both the package and
// the version of a requirement.
func checkRequired(m *manifest.Package) error {
	missing := func(what string) error { return fmt.Errorf("%s is required", what) }
	images := func(where string, list []manifest.Image) error {
		for i, img := range list {
			if img.Src == "" {
				return missing(fmt.Sprintf("%s.%d.src", where, i))
			}
		}
		return nil
	}
	if err := images("icons", m.Icons); err != nil {
		return err
	}
	if err := images("screenshots", m.Screenshots); err != nil {
		return err
	}
	for i, t := range m.PolicyTemplates {
		where := fmt.Sprintf("policy_templates.%d", i)
		switch {
		case t.Name == "":
			return missing(where + ".name")
		case t.Title == "":
			return missing(where + ".title")
		case t.Description == "":
			return missing(where + ".description")
		}
		if err := images(where+".icons", t.Icons); err != nil {
			return err
		}
		if err := images(where+".screenshots", t.Screenshots); err != nil {
			return err
		}
	}
	if d := m.Discovery; d != nil {
		for i, f := range d.Fields {
			if f.Name == "" {
				return missing(fmt.Sprintf("discovery.fields.%d.name", i))
			}
		}
		for i, f := range d.Datasets {
			if f.Name == "" {
				return missing(fmt.Sprintf("discovery.datasets.%d.name", i))
			}
		}
	}
	if r := m.Requires; r != nil {
		for _, req := range slices.Concat(r.Input, r.Content) {
			if req.Package == "" || req.Version == "" {
				return missing(fmt.Sprintf("the package and the version of required package %q", req.Package))
			}
		}
	}
	for _, ds := range m.DataStreams {
		if ds.Title == "" {
			return missing("title of data stream " + ds.Dir)
		}
	}
	return nil
}

var dataStreamTypes = map[string]bool{"logs": true, "metrics": true, "synthetics": true, "traces": true}

// checkDataStream checks what the registry requires of a data stream manifest.
func checkDataStream(fsys fs.FS, ds manifest.DataStream) error {
	if strings.Contains(ds.Dataset, "-") {
		return fmt.Errorf("data stream name is not allowed to contain `-`: %s", ds.Dataset)
	}
	if !dataStreamTypes[ds.Type] {
		return fmt.Errorf("type is not valid: %s", ds.Type)
	}
	dir := path.Join("data_stream", ds.Dir)
	if ds.IngestPipeline != "" {
		found := false
		for _, ext := range []string{".json", ".yml"} {
			p := path.Join(dir, "elasticsearch", "ingest_pipeline", ds.IngestPipeline+ext)
			b, err := readFile(fsys, p)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return err
			}
			var obj map[string]any
			if ext == ".json" {
				err = json.Unmarshal(b, &obj)
			} else {
				err = yaml.Unmarshal(b, &obj)
			}
			if err != nil {
				return fmt.Errorf("validating ingest pipeline file failed (path: %s): %w", p, err)
			}
			found = true
		}
		if !found {
			return fmt.Errorf("defined ingest_pipeline does not exist: %s", ds.IngestPipeline)
		}
	}
	if err := checkRequiredFields(fsys, dir); err != nil {
		return fmt.Errorf("validating required fields failed: %w", err)
	}
	for _, s := range ds.Streams {
		if (s.Input == "") == (s.Package == "") {
			return fmt.Errorf("stream %s must have a input or package, but not both", s.Title)
		}
	}
	return nil
}

// maxCheckedFile bounds the size of the files read to check a package (ingest pipelines and
// field definitions).
const maxCheckedFile = 64 << 20

// readFile reads a file of a package, refusing files larger than maxCheckedFile.
func readFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxCheckedFile+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxCheckedFile {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, maxCheckedFile)
	}
	return b, nil
}
