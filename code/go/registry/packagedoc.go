package registry

import (
	"net/http"

	"github.com/pkgspec/pkgspec/code/go/pkg/manifest"
)

// The documents the registry serves. Field order and omitted fields follow the Elastic
// Package Registry's API, which Fleet reads.

// Header is how a package document and a /search entry begin.
type Header struct {
	Name                    string           `json:"name"`
	Title                   *string          `json:"title,omitempty"`
	Version                 string           `json:"version"`
	Release                 string           `json:"release,omitempty"`
	Source                  *manifest.Source `json:"source,omitempty"`
	Description             string           `json:"description"`
	Type                    string           `json:"type"`
	Download                string           `json:"download"`
	Path                    string           `json:"path"`
	Icons                   []manifest.Image `json:"icons,omitempty"`
	PolicyTemplatesBehavior string           `json:"policy_templates_behavior,omitempty"`
}

// Summary is a package as /search lists it.
type Summary struct {
	Header
	PolicyTemplates []TemplateSummary      `json:"policy_templates,omitempty"`
	Conditions      *manifest.Conditions   `json:"conditions,omitempty"`
	Owner           *manifest.Owner        `json:"owner,omitempty"`
	Categories      []string               `json:"categories,omitempty"`
	SignaturePath   string                 `json:"signature_path,omitempty"`
	Discovery       *manifest.Discovery    `json:"discovery,omitempty,omitzero"`
	DataStreams     []DataStreamSummary    `json:"data_streams,omitempty"`
	Deprecated      *manifest.Deprecated   `json:"deprecated,omitempty"`
	Requires        *manifest.Requirements `json:"requires,omitempty"`
	Group           string                 `json:"group,omitempty"`
}

// TemplateSummary is a policy template as /search lists it.
type TemplateSummary struct {
	Name            string                    `json:"name"`
	Title           string                    `json:"title"`
	Description     string                    `json:"description"`
	Icons           []manifest.Image          `json:"icons,omitempty"`
	Categories      []string                  `json:"categories,omitempty"`
	DeploymentModes *manifest.DeploymentModes `json:"deployment_modes,omitempty"`
	DataStreams     []string                  `json:"data_streams,omitempty"`
	Deprecated      *manifest.Deprecated      `json:"deprecated,omitempty"`
}

// DataStreamSummary is a data stream as /search lists it.
type DataStreamSummary struct {
	Type       string               `json:"type,omitempty"`
	Dataset    string               `json:"dataset"`
	Title      string               `json:"title"`
	Deprecated *manifest.Deprecated `json:"deprecated,omitempty"`
}

// Document is the full package document served at /package/NAME/VERSION/.
type Document struct {
	Header
	Conditions    *manifest.Conditions   `json:"conditions,omitempty"`
	Owner         *manifest.Owner        `json:"owner,omitempty"`
	Categories    []string               `json:"categories,omitempty"`
	SignaturePath string                 `json:"signature_path,omitempty"`
	Discovery     *manifest.Discovery    `json:"discovery,omitempty,omitzero"`
	Deprecated    *manifest.Deprecated   `json:"deprecated,omitempty"`
	Requires      *manifest.Requirements `json:"requires,omitempty"`
	Group         string                 `json:"group,omitempty"`

	FormatVersion   string                    `json:"format_version"`
	Readme          *string                   `json:"readme,omitempty"`
	License         string                    `json:"license,omitempty"`
	Screenshots     []manifest.Image          `json:"screenshots,omitempty"`
	Assets          []string                  `json:"assets,omitempty"`
	PolicyTemplates []manifest.PolicyTemplate `json:"policy_templates,omitempty"`
	DataStreams     []DataStreamDoc           `json:"data_streams,omitempty"`
	Vars            []manifest.Variable       `json:"vars,omitempty"`
	Elasticsearch   *manifest.PackageES       `json:"elasticsearch,omitempty"`
	Agent           *manifest.PackageAgent    `json:"agent,omitempty"`
}

// DataStreamDoc is a data stream in the full package document.
type DataStreamDoc struct {
	Type            string                 `json:"type"`
	Dataset         string                 `json:"dataset,omitempty"`
	Hidden          bool                   `json:"hidden,omitempty"`
	IlmPolicy       string                 `json:"ilm_policy,omitempty"`
	DatasetIsPrefix bool                   `json:"dataset_is_prefix,omitempty"`
	Title           string                 `json:"title"`
	Release         string                 `json:"release,omitempty"`
	IngestPipeline  string                 `json:"ingest_pipeline,omitempty"`
	Streams         []manifest.Stream      `json:"streams,omitempty"`
	Package         string                 `json:"package,omitempty"`
	Elasticsearch   *DataStreamESDoc       `json:"elasticsearch,omitempty"`
	Agent           *manifest.PackageAgent `json:"agent,omitempty"`
	Path            string                 `json:"path,omitempty"`
	Deprecated      *manifest.Deprecated   `json:"deprecated,omitempty"`
}

// DataStreamESDoc is the Elasticsearch part of a data stream, with the registry's dotted keys.
type DataStreamESDoc struct {
	IndexTemplateSettings map[string]interface{}    `json:"index_template.settings,omitempty"`
	IndexTemplateMappings map[string]interface{}    `json:"index_template.mappings,omitempty"`
	IngestPipelineName    string                    `json:"ingest_pipeline.name,omitempty"`
	Privileges            *manifest.IndexPrivileges `json:"privileges,omitempty"`
}

// summary is the /search form of d, with the given policy templates.
func (d *Document) summary(templates []manifest.PolicyTemplate) Summary {
	s := Summary{
		Header: d.Header, Conditions: d.Conditions, Owner: d.Owner, Categories: d.Categories,
		SignaturePath: d.SignaturePath, Discovery: d.Discovery, Deprecated: d.Deprecated,
		Requires: d.Requires, Group: d.Group,
	}
	for _, t := range templates {
		s.PolicyTemplates = append(s.PolicyTemplates, TemplateSummary{
			Name: t.Name, Title: t.Title, Description: t.Description, Icons: t.Icons,
			Categories: t.Categories, DeploymentModes: t.DeploymentModes,
			DataStreams: t.DataStreams, Deprecated: t.Deprecated,
		})
	}
	for _, ds := range d.DataStreams {
		s.DataStreams = append(s.DataStreams, DataStreamSummary{
			Type: ds.Type, Dataset: ds.Dataset, Title: ds.Title, Deprecated: ds.Deprecated,
		})
	}
	return s
}

// serveDocument answers /package/NAME/VERSION/ with the full package document.
func (s *Server) serveDocument(w http.ResponseWriter, r *http.Request, ix *Index, vars []string) {
	name, version := vars[0], vars[1]
	p := lookup(w, ix, name, version, "package revision not found")
	if p == nil {
		return
	}
	d, err := p.Document()
	var body []byte
	if err == nil {
		body, err = prettyJSON(d)
	}
	if err != nil {
		s.opts.Logger.Error("encoding package document failed", "package", name, "version", version, "error", err)
		internalError(w)
		return
	}
	serveJSON(w, s.opts.CacheTimeIndex, body)
}
