package registry

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/Masterminds/semver/v3"
	"gopkg.in/yaml.v3"

	"github.com/pkgspec/pkgspec/code/go/pkg/manifest"
)

// Package is one version of a package in the index.
type Package struct {
	Name    string
	Version string
	// Doc is the full package document; /search shows a summary of it.
	Doc *Document
	// Zipped tells whether the package comes from a zip file (served byte for byte) rather
	// than a folder (zipped on the fly).
	Zipped bool
	// Location is the zip file or folder of the package, relative to its root.
	Location string
	// Verdict is free for a validation step to record what it found about the package.
	Verdict any

	src        *source
	version    *semver.Version
	spec       *semver.Version // major.minor.0 of format_version
	kibana     *semver.Constraints
	agent      *semver.Constraints
	capability []string
	discovery  *manifest.Discovery
	templates  []manifest.PolicyTemplate
}

// Prerelease reports whether the version has a prerelease part (1.0.0-rc1).
func (p *Package) Prerelease() bool { return p.version.Prerelease() != "" }

const (
	releaseExperimental = "experimental"
	releaseBeta         = "beta"
	releaseGA           = "ga"
)

func validRelease(r string) bool {
	return r == releaseExperimental || r == releaseBeta || r == releaseGA
}

// load reads a package and computes its document. It checks what a package registry needs to
// serve it (versions, title, description, readme, images, data stream basics), not the spec.
func load(src *source) (*Package, error) {
	fsys, closer, err := src.files()
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	m, err := manifest.Read(fsys)
	if err != nil {
		return nil, err
	}
	if err := checkManifest(fsys, src, m); err != nil {
		return nil, err
	}
	p := &Package{Name: m.Name, Version: m.Version, Zipped: src.zipped, Location: src.path, src: src}
	p.version, _ = semver.StrictNewVersion(m.Version)
	urlPath := path.Join("/package", m.Name, m.Version)
	d := &Document{
		Name: m.Name, Title: m.Title, Version: m.Version, Release: m.Release, Source: m.Source,
		Description: m.Description, Type: m.Type, Icons: m.Icons,
		PolicyTemplatesBehavior: m.PolicyTemplatesBehavior, Conditions: m.Conditions,
		Owner: m.Owner, Discovery: m.Discovery, Deprecated: m.Deprecated, Requires: m.Requires,
		Group: m.Group, FormatVersion: m.FormatVersion, License: m.License,
		Screenshots: m.Screenshots, PolicyTemplates: m.PolicyTemplates, Vars: m.Vars,
		Elasticsearch: m.Elasticsearch, Agent: m.Agent,
	}
	for _, c := range m.Categories {
		if _, ok := categories[c]; ok {
			d.Categories = append(d.Categories, c)
		}
	}
	for i := range d.PolicyTemplates {
		t := &d.PolicyTemplates[i]
		if t.Multiple == nil {
			t.Multiple = ptr(true)
		}
		setImagePaths(t.Icons, urlPath)
		setImagePaths(t.Screenshots, urlPath)
		readme := path.Join("docs", t.Name+".md")
		if info, err := fs.Stat(fsys, readme); err == nil {
			if info.IsDir() {
				return nil, fmt.Errorf("%s is a directory", readme)
			}
			t.Readme = ptr(path.Join(urlPath, readme))
		}
		if m.Type == "input" && t.Input != "" {
			t.IngestionMethod = ingestionMethods[t.Input]
		}
		if dm := t.DeploymentModes; dm != nil && dm.Agentless != nil && dm.Agentless.Release != "" &&
			dm.Agentless.Release != releaseBeta && dm.Agentless.Release != releaseGA {
			return nil, fmt.Errorf("policy template %q: invalid agentless release: %q", t.Name, dm.Agentless.Release)
		}
	}
	p.templates = d.PolicyTemplates
	if d.Type == "" {
		d.Type = "integration"
	}
	if d.License == "" {
		if c := d.Conditions; c != nil && c.Elastic != nil && c.Elastic.Subscription != "" {
			d.License = c.Elastic.Subscription
		} else {
			d.License = "basic"
		}
	}
	if c := d.Conditions; c != nil {
		if c.Kibana != nil {
			if p.kibana, err = semver.NewConstraint(c.Kibana.Version); err != nil {
				return nil, fmt.Errorf("invalid Kibana versions range %s: %w", c.Kibana.Version, err)
			}
		}
		if c.Agent != nil {
			if p.agent, err = semver.NewConstraint(c.Agent.Version); err != nil {
				return nil, fmt.Errorf("invalid Agent versions range %s: %w", c.Agent.Version, err)
			}
		}
		if c.Elastic != nil {
			p.capability = c.Elastic.Capabilities
		}
	}
	spec, _ := semver.StrictNewVersion(m.FormatVersion)
	p.spec = semver.New(spec.Major(), spec.Minor(), 0, "", "")
	setImagePaths(d.Icons, urlPath)
	setImagePaths(d.Screenshots, urlPath)
	if d.Release == "" {
		d.Release = defaultRelease(p.version)
	}
	if !validRelease(d.Release) {
		return nil, fmt.Errorf("invalid release: %q", d.Release)
	}
	if info, err := fs.Stat(fsys, "docs/README.md"); err != nil {
		return nil, fmt.Errorf("no readme file found, README.md is required: %w", err)
	} else if info.IsDir() {
		return nil, errors.New("README.md is a directory")
	}
	d.Readme = ptr(path.Join(urlPath, "docs", "README.md"))
	d.Download = downloadPath(m.Name, m.Version)
	d.Path = urlPath
	if d.Assets, err = assets(src, urlPath); err != nil {
		return nil, fmt.Errorf("loading package assets failed: %w", err)
	}
	for _, ds := range m.DataStreams {
		doc, err := dataStreamDoc(fsys, m, ds, d.Release)
		if err != nil {
			return nil, fmt.Errorf("loading data stream %s failed: %w", ds.Dir, err)
		}
		d.DataStreams = append(d.DataStreams, doc)
	}
	if src.signature() != "" {
		d.SignaturePath = d.Download + ".sig"
	}
	p.discovery = d.Discovery
	p.Doc = d
	return p, nil
}

func ptr[T any](v T) *T { return &v }

func downloadPath(name, version string) string {
	return "/epr/" + name + "/" + name + "-" + version + ".zip"
}

func setImagePaths(images []manifest.Image, urlPath string) {
	for i := range images {
		images[i].Path = path.Join(urlPath, images[i].Src)
	}
}

// defaultRelease is the release of a package that does not say: beta for prereleases and 0.x
// versions, ga otherwise.
func defaultRelease(v *semver.Version) string {
	if v.Prerelease() != "" || v.Major() < 1 {
		return releaseBeta
	}
	return releaseGA
}

// checkManifest checks what the registry requires of a manifest.
func checkManifest(fsys fs.FS, src *source, m *manifest.Package) error {
	if m.FormatVersion == "" {
		return errors.New("no format_version set")
	}
	if _, err := semver.StrictNewVersion(m.FormatVersion); err != nil {
		return fmt.Errorf("invalid format_version %q: %w", m.FormatVersion, err)
	}
	v, err := semver.StrictNewVersion(m.Version)
	if err != nil {
		return fmt.Errorf("invalid package version %q: %w", m.Version, err)
	}
	if m.Title == nil || *m.Title == "" {
		return fmt.Errorf("no title set for package: %s", m.Name)
	}
	if m.Description == "" {
		return errors.New("no description set")
	}
	for _, img := range append(append([]manifest.Image{}, m.Icons...), m.Screenshots...) {
		if _, err := fs.Stat(fsys, strings.TrimPrefix(path.Clean("/"+img.Src), "/")); err != nil {
			return fmt.Errorf("image %s: %w", img.Src, err)
		}
	}
	if !src.zipped {
		if dirV, err := semver.NewVersion(path.Base(src.path)); err == nil && !dirV.Equal(v) {
			return fmt.Errorf("version in manifest file is not consistent with path: inconsistent versions (path: %s, manifest: %s)", dirV, v)
		}
	}
	if err := checkRequired(m); err != nil {
		return err
	}
	for _, t := range m.PolicyTemplates {
		for _, in := range t.Inputs {
			if (in.Type == "") == (in.Package == "") {
				return fmt.Errorf("input %s in policy template %s must have a type or package, but not both", in.Title, t.Name)
			}
		}
	}
	for _, ds := range m.DataStreams {
		if err := checkDataStream(fsys, ds); err != nil {
			return fmt.Errorf("validating data stream failed (path: data_stream/%s): %w", ds.Dir, err)
		}
	}
	return nil
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
			b, err := fs.ReadFile(fsys, p)
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
	b, err := fs.ReadFile(d.fsys, d.files[i])
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

// dataStreamDoc computes the document of a data stream, with the registry's defaults.
func dataStreamDoc(fsys fs.FS, m *manifest.Package, ds manifest.DataStream, release string) (DataStreamDoc, error) {
	d := DataStreamDoc{
		Type: ds.Type, Dataset: ds.Dataset, Hidden: ds.Hidden, IlmPolicy: ds.IlmPolicy,
		DatasetIsPrefix: ds.DatasetIsPrefix, Title: ds.Title, Release: ds.Release,
		IngestPipeline: ds.IngestPipeline, Streams: ds.Streams, Package: m.Name,
		Agent: ds.Agent, Path: ds.Dir, Deprecated: ds.Deprecated,
	}
	if es := ds.Elasticsearch; es != nil {
		d.Elasticsearch = &DataStreamESDoc{Privileges: es.Privileges}
		if es.IndexTemplate != nil {
			d.Elasticsearch.IndexTemplateSettings = es.IndexTemplate.Settings
			d.Elasticsearch.IndexTemplateMappings = es.IndexTemplate.Mappings
		}
		if es.IngestPipeline != nil {
			d.Elasticsearch.IngestPipelineName = es.IngestPipeline.Name
		}
	}
	if d.Dataset == "" {
		d.Dataset = m.Name + "." + ds.Dir
	}
	if d.Release == "" {
		d.Release = release
	}
	for i := range d.Streams {
		s := &d.Streams[i]
		if s.Enabled == nil {
			s.Enabled = ptr(true)
		}
		if s.TemplatePath == "" {
			s.TemplatePath = "stream.yml.hbs"
		}
		if method := ingestionMethods[s.Input]; method != "" {
			s.IngestionMethod = method
		}
	}
	if !validRelease(d.Release) {
		return d, fmt.Errorf("invalid release: %q", d.Release)
	}
	pipelines, err := fs.Glob(fsys, path.Join("data_stream", ds.Dir, "elasticsearch", "ingest_pipeline", "*"))
	if err != nil {
		return d, err
	}
	hasDefault := false
	for _, p := range pipelines {
		if b := path.Base(p); b == "default.json" || b == "default.yml" {
			hasDefault = true
			break
		}
	}
	switch {
	case d.Elasticsearch != nil && d.Elasticsearch.IngestPipelineName == "":
		if hasDefault {
			d.Elasticsearch.IngestPipelineName = "default"
			d.IngestPipeline = "default"
		}
	case d.IngestPipeline == "":
		if hasDefault {
			d.IngestPipeline = "default"
		}
	}
	if d.IngestPipeline == "" && len(pipelines) > 0 {
		return d, fmt.Errorf("unused pipelines in the package (dataset: %s): %s", d.Dataset, strings.Join(pipelines, ","))
	}
	return d, nil
}

// assets lists the files of the package as URL paths, shallowest first; within one depth in
// the package's natural order. Folder names may not contain "-".
func assets(src *source, urlPath string) ([]string, error) {
	entries, err := src.entries()
	if err != nil {
		return nil, err
	}
	var out []string
	for depth := 1; ; depth++ {
		seen := false
		for _, e := range entries {
			if strings.Count(e.name, "/")+1 != depth {
				continue
			}
			seen = true
			if strings.Contains(e.name, ".DS_Store") {
				continue
			}
			if e.dir {
				if strings.Contains(path.Base(e.name), "-") {
					return nil, fmt.Errorf("directory name inside package contains -: %s", e.name)
				}
				continue
			}
			out = append(out, urlPath+"/"+e.name)
		}
		if !seen {
			return out, nil
		}
	}
}
