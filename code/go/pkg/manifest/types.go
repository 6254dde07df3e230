package manifest

// The types below are the package model as a package registry publishes it. Their JSON form
// (field names, order, omitted empty fields) is the one the Elastic Package Registry serves
// and Fleet reads, so a registry can put them in its documents as they are.

// Package is what a package's manifest.yml declares, with the data streams found in it.
// Fields a registry computes (download path, assets, readme path...) are not part of it.
type Package struct {
	FormatVersion           string           `yaml:"format_version"`
	Name                    string           `yaml:"name"`
	Title                   *string          `yaml:"title"`
	Version                 string           `yaml:"version"`
	Release                 string           `yaml:"release"`
	Source                  *Source          `yaml:"source"`
	Description             string           `yaml:"description"`
	Type                    string           `yaml:"type"`
	Icons                   []Image          `yaml:"icons"`
	PolicyTemplatesBehavior string           `yaml:"policy_templates_behavior"`
	Conditions              *Conditions      `yaml:"conditions"`
	Owner                   *Owner           `yaml:"owner"`
	Categories              []string         `yaml:"categories"`
	Discovery               *Discovery       `yaml:"discovery"`
	Deprecated              *Deprecated      `yaml:"deprecated"`
	Requires                *Requirements    `yaml:"requires"`
	Group                   string           `yaml:"group"`
	License                 string           `yaml:"license"`
	Screenshots             []Image          `yaml:"screenshots"`
	PolicyTemplates         []PolicyTemplate `yaml:"policy_templates"`
	Vars                    []Variable       `yaml:"vars"`
	Elasticsearch           *PackageES       `yaml:"elasticsearch"`
	Agent                   *PackageAgent    `yaml:"agent"`

	// DataStreams are read from data_stream/*/manifest.yml, in lexical order of their folders.
	DataStreams []DataStream `yaml:"-"`
}

// Source says where the package comes from.
type Source struct {
	License string `json:"license,omitempty" yaml:"license"`
}

// Image is an icon or a screenshot. Src is the file inside the package; Path is the URL path
// a registry serves it at.
type Image struct {
	Src   string `json:"src" yaml:"src"`
	Path  string `json:"path" yaml:"-"`
	Title string `json:"title,omitempty" yaml:"title"`
	Size  string `json:"size,omitempty" yaml:"size"`
	Type  string `json:"type,omitempty" yaml:"type"`
}

// Conditions are the requirements a package puts on the stack that installs it.
type Conditions struct {
	Kibana  *VersionCondition `json:"kibana,omitempty" yaml:"kibana"`
	Elastic *ElasticCondition `json:"elastic,omitempty" yaml:"elastic"`
	Agent   *VersionCondition `json:"agent,omitempty" yaml:"agent"`
}

// VersionCondition is a semantic version range, such as "^8.12.0 || ^9.0.0".
type VersionCondition struct {
	Version string `json:"version" yaml:"version"`
}

// ElasticCondition names the subscription and the capabilities a package needs.
type ElasticCondition struct {
	Subscription string   `json:"subscription" yaml:"subscription"`
	Capabilities []string `json:"capabilities,omitempty" yaml:"capabilities"`
}

// Owner is who maintains the package.
type Owner struct {
	Type   string `json:"type,omitempty" yaml:"type"`
	Github string `json:"github,omitempty" yaml:"github"`
}

// Discovery lists the fields and datasets the package is useful with.
type Discovery struct {
	Fields   []Named `json:"fields,omitempty" yaml:"fields"`
	Datasets []Named `json:"datasets,omitempty" yaml:"datasets"`
}

// IsZero reports whether the discovery section lists nothing.
func (d *Discovery) IsZero() bool { return d == nil || len(d.Fields) == 0 && len(d.Datasets) == 0 }

// Named is an entry that only has a name.
type Named struct {
	Name string `json:"name" yaml:"name"`
}

// Deprecated tells that a package, template, input, data stream or variable is deprecated.
type Deprecated struct {
	Since       string       `json:"since" yaml:"since"`
	Description string       `json:"description" yaml:"description"`
	ReplacedBy  *Replacement `json:"replaced_by,omitempty" yaml:"replaced_by"`
}

// Replacement names what replaces a deprecated item.
type Replacement struct {
	Package        string `json:"package,omitempty" yaml:"package"`
	PolicyTemplate string `json:"policy_template,omitempty" yaml:"policy_template"`
	Input          string `json:"input,omitempty" yaml:"input"`
	DataStream     string `json:"data_stream,omitempty" yaml:"data_stream"`
	Variable       string `json:"variable,omitempty" yaml:"variable"`
}

// Requirements are the input and content packages a package depends on.
type Requirements struct {
	Input   []Requirement `json:"input,omitempty" yaml:"input"`
	Content []Requirement `json:"content,omitempty" yaml:"content"`
}

// Requirement is one package dependency.
type Requirement struct {
	Package string `json:"package" yaml:"package"`
	Version string `json:"version" yaml:"version"`
}

// PackageES holds the Elasticsearch privileges a package needs.
type PackageES struct {
	Privileges *ClusterPrivileges `json:"privileges,omitempty" yaml:"privileges"`
}

// ClusterPrivileges are Elasticsearch cluster privileges.
type ClusterPrivileges struct {
	Cluster []string `json:"cluster,omitempty" yaml:"cluster"`
}

// PackageAgent holds what the Elastic Agent needs to run the package.
type PackageAgent struct {
	Privileges *AgentPrivileges `json:"privileges,omitempty" yaml:"privileges"`
}

// AgentPrivileges tells whether the agent must run as root.
type AgentPrivileges struct {
	Root bool `json:"root,omitempty" yaml:"root"`
}

// PolicyTemplate is one way of configuring the package in a policy.
type PolicyTemplate struct {
	Name            string           `json:"name" yaml:"name"`
	Title           string           `json:"title" yaml:"title"`
	Description     string           `json:"description" yaml:"description"`
	DataStreams     []string         `json:"data_streams,omitempty" yaml:"data_streams"`
	Inputs          []Input          `json:"inputs,omitempty" yaml:"inputs"`
	Multiple        *bool            `json:"multiple,omitempty" yaml:"multiple"`
	Icons           []Image          `json:"icons,omitempty" yaml:"icons"`
	Categories      []string         `json:"categories,omitempty" yaml:"categories"`
	Screenshots     []Image          `json:"screenshots,omitempty" yaml:"screenshots"`
	Readme          *string          `json:"readme,omitempty" yaml:"-"`
	DeploymentModes *DeploymentModes `json:"deployment_modes,omitempty" yaml:"deployment_modes"`

	// Input packages only.
	Type            string      `json:"type,omitempty" yaml:"type"`
	Input           string      `json:"input,omitempty" yaml:"input"`
	IngestionMethod string      `json:"ingestion_method,omitempty" yaml:"-"`
	TemplatePath    string      `json:"template_path,omitempty" yaml:"template_path"`
	Deprecated      *Deprecated `json:"deprecated,omitempty" yaml:"deprecated"`
}

// DeploymentModes says how a policy template can be deployed.
type DeploymentModes struct {
	Default   *DefaultMode   `json:"default,omitempty" yaml:"default"`
	Agentless *AgentlessMode `json:"agentless,omitempty" yaml:"agentless"`
}

// DefaultMode is deployment on agents the user manages.
type DefaultMode struct {
	Enabled bool `json:"enabled" yaml:"enabled"`
}

// AgentlessMode is deployment on agents Elastic manages.
type AgentlessMode struct {
	Enabled   bool   `json:"enabled" yaml:"enabled"`
	IsDefault *bool  `json:"is_default,omitempty" yaml:"is_default"`
	Release   string `json:"release,omitempty" yaml:"release"`
}

// Input is an input of a policy template.
type Input struct {
	Type            string      `json:"type,omitempty" yaml:"type"`
	Package         string      `json:"package,omitempty" yaml:"package"`
	Vars            []Variable  `json:"vars,omitempty" yaml:"vars"`
	Title           string      `json:"title,omitempty" yaml:"title"`
	Description     string      `json:"description,omitempty" yaml:"description"`
	Streams         []Stream    `json:"streams,omitempty" yaml:"streams"`
	TemplatePath    string      `json:"template_path,omitempty" yaml:"template_path"`
	InputGroup      string      `json:"input_group,omitempty" yaml:"input_group"`
	DeploymentModes []string    `json:"deployment_modes,omitempty" yaml:"deployment_modes"`
	Deprecated      *Deprecated `json:"deprecated,omitempty" yaml:"deprecated"`
}

// Stream is a stream of a data stream: one input collecting into it.
type Stream struct {
	Input           string     `json:"input,omitempty" yaml:"input"`
	Package         string     `json:"package,omitempty" yaml:"package"`
	Vars            []Variable `json:"vars,omitempty" yaml:"vars"`
	DataStream      string     `json:"data_stream,omitempty" yaml:"data_stream"`
	TemplatePath    string     `json:"template_path,omitempty" yaml:"template_path"`
	Title           string     `json:"title,omitempty" yaml:"title"`
	Description     string     `json:"description,omitempty" yaml:"description"`
	Enabled         *bool      `json:"enabled,omitempty" yaml:"enabled"`
	IngestionMethod string     `json:"ingestion_method,omitempty" yaml:"-"`
}

// Variable is a setting the user fills in when adding the package to a policy.
type Variable struct {
	Name        string      `json:"name" yaml:"name"`
	Type        string      `json:"type" yaml:"type"`
	Title       string      `json:"title,omitempty" yaml:"title"`
	Description string      `json:"description,omitempty" yaml:"description"`
	Multi       bool        `json:"multi" yaml:"multi"`
	Required    bool        `json:"required" yaml:"required"`
	ShowUser    bool        `json:"show_user" yaml:"show_user"`
	Default     interface{} `json:"default,omitempty" yaml:"default"`
	Deprecated  *Deprecated `json:"deprecated,omitempty" yaml:"deprecated"`
}

// DataStream is what data_stream/NAME/manifest.yml declares. Dir is NAME.
type DataStream struct {
	Dir             string        `yaml:"-"`
	Type            string        `yaml:"type"`
	Dataset         string        `yaml:"dataset"`
	Hidden          bool          `yaml:"hidden"`
	IlmPolicy       string        `yaml:"ilm_policy"`
	DatasetIsPrefix bool          `yaml:"dataset_is_prefix"`
	Title           string        `yaml:"title"`
	Release         string        `yaml:"release"`
	IngestPipeline  string        `yaml:"ingest_pipeline"`
	Streams         []Stream      `yaml:"streams"`
	Elasticsearch   *DataStreamES `yaml:"elasticsearch"`
	Agent           *PackageAgent `yaml:"agent"`
	Deprecated      *Deprecated   `yaml:"deprecated"`
}

// DataStreamES is the Elasticsearch part of a data stream manifest. Dotted keys in the manifest
// are read as nested objects, so "index_template.settings" and "index_template: {settings:}"
// are the same.
type DataStreamES struct {
	IndexTemplate *struct {
		Settings map[string]interface{} `yaml:"settings"`
		Mappings map[string]interface{} `yaml:"mappings"`
	} `yaml:"index_template"`
	IngestPipeline *struct {
		Name string `yaml:"name"`
	} `yaml:"ingest_pipeline"`
	Privileges *IndexPrivileges `yaml:"privileges"`
}

// IndexPrivileges are Elasticsearch index privileges.
type IndexPrivileges struct {
	Indices []string `json:"indices,omitempty" yaml:"indices"`
}
