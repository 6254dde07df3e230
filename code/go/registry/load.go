package registry

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/Masterminds/semver/v3"

	"github.com/pkgspec/pkgspec/code/go/pkg/manifest"
)

// load reads a package and computes its document. It checks what a package registry needs to
// serve it (versions, title, description, readme, images, data stream basics), not the spec.
func load(src *source, ranges *versionRanges) (*Package, error) {
	fsys, closer, err := src.files()
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	m, err := manifest.Read(fsys)
	if err != nil {
		return nil, err
	}
	version, format, err := checkManifest(fsys, src, m)
	if err != nil {
		return nil, err
	}
	p := &Package{Name: m.Name, Version: m.Version, Zipped: src.zipped, Location: src.path, src: src, version: version}
	urlPath := path.Join("/package", m.Name, m.Version)
	d := &Document{
		Header: Header{
			Name: m.Name, Title: m.Title, Version: m.Version, Release: m.Release, Source: m.Source,
			Description: m.Description, Type: m.Type, Icons: m.Icons,
			PolicyTemplatesBehavior: m.PolicyTemplatesBehavior,
		},
		Conditions: m.Conditions,
		Owner:      m.Owner, Discovery: m.Discovery, Deprecated: m.Deprecated, Requires: m.Requires,
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
			if p.kibana, err = ranges.parse(c.Kibana.Version); err != nil {
				return nil, fmt.Errorf("invalid Kibana versions range %s: %w", c.Kibana.Version, err)
			}
		}
		if c.Agent != nil {
			if p.agent, err = ranges.parse(c.Agent.Version); err != nil {
				return nil, fmt.Errorf("invalid Agent versions range %s: %w", c.Agent.Version, err)
			}
		}
	}
	p.spec = semver.New(format.Major(), format.Minor(), 0, "", "")
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
	p.doc, p.brief, p.deprecated = loadedDoc(d), briefOf(d), d.Deprecated
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
