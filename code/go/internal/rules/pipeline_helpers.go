package rules

import (
	"path"
	"strings"

	"github.com/pkgspec/pkgspec/code/go/internal/content"
	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/internal/pkgfs"
)

// This file reads the ingest pipelines of a package, for the rules about pipelines. Pipelines
// live in elasticsearch/ingest_pipeline/ at the package root and in each data stream.

// pipelineFile is one parsed ingest pipeline.
type pipelineFile struct {
	// File is the path relative to the package root, as listed (a link keeps its .link).
	File string
	// DataStream is the data stream the pipeline belongs to, or "" at the root.
	DataStream string
	Doc        *content.Document
	// Root is the parsed pipeline; nil when it is not a mapping.
	Root map[string]any
}

// pipelineProcessor is one processor of a pipeline.
type pipelineProcessor struct {
	// Type is the processor's single key: set, rename, ...
	Type string
	// Body holds the processor's options.
	Body map[string]any
	// Path locates the processor in the file, as "processors.3" or
	// "processors.3.json.on_failure.0".
	Path string
	// Line and Column locate the processor in the file, 0 when unknown.
	Line, Column int
}

// pipelineFiles parses every ingest pipeline of the package, root first, then data streams in
// name order. Files that cannot be parsed are left out: the schema checks report them.
func pipelineFiles(p *packages.Package) []pipelineFile {
	type dir struct{ path, dataStream string }
	dirs := []dir{{path: "elasticsearch/ingest_pipeline"}}
	for _, ds := range p.DataStreams() {
		dirs = append(dirs, dir{path.Join("data_stream", ds, "elasticsearch", "ingest_pipeline"), ds})
	}
	var out []pipelineFile
	for _, d := range dirs {
		for _, f := range p.Files(d.path, "*") {
			switch path.Ext(strings.TrimSuffix(f, pkgfs.LinkExtension)) {
			case ".yml", ".yaml", ".json":
			default:
				continue
			}
			doc, err := p.Document(f)
			if err != nil || len(doc.Values) == 0 {
				continue
			}
			root, _ := doc.Values[0].(map[string]any)
			out = append(out, pipelineFile{File: f, DataStream: d.dataStream, Doc: doc, Root: root})
		}
	}
	return out
}

// processors returns the processors of the list under key ("processors" or "on_failure") of
// the pipeline.
func (pf pipelineFile) processors(key string) []pipelineProcessor {
	list, _ := pf.Root[key].([]any)
	return pf.processorList(list, key)
}

// onFailure returns the on_failure processors of one processor.
func (pf pipelineFile) onFailure(proc pipelineProcessor) []pipelineProcessor {
	list, _ := proc.Body["on_failure"].([]any)
	return pf.processorList(list, proc.Path+"."+proc.Type+".on_failure")
}

func (pf pipelineFile) processorList(list []any, at string) []pipelineProcessor {
	var out []pipelineProcessor
	for i, item := range list {
		m, ok := item.(map[string]any)
		if !ok || len(m) == 0 {
			continue
		}
		typ := sortedKeys(m)[0]
		proc := pipelineProcessor{Type: typ, Path: field(at, i), Body: asMap(m[typ])}
		proc.Line, proc.Column = pf.Doc.Position(0, proc.Path, false)
		out = append(out, proc)
	}
	return out
}

// stringOption returns a string option of a processor.
func (proc pipelineProcessor) stringOption(key string) (string, bool) {
	s, ok := proc.Body[key].(string)
	return s, ok
}
