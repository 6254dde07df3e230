package rules

import (
	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Every processor of an ingest pipeline (and of its on_failure handlers) needs a tag, unique in
// the pipeline, so that errors and metrics can say which processor they concern.
func init() {
	Register(Rule{Name: "pipeline_tags", Since: "3.6.0", Types: []string{"integration"}, Check: checkPipelineTags})
}

func checkPipelineTags(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	for _, pf := range pipelineFiles(p) {
		seen := map[string]bool{}
		for _, proc := range pf.processors("processors") {
			errs = append(errs, checkProcessorTag(pf, proc, seen)...)
		}
	}
	return errs
}

func checkProcessorTag(pf pipelineFile, proc pipelineProcessor, seen map[string]bool) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	for _, sub := range pf.onFailure(proc) {
		errs = append(errs, checkProcessorTag(pf, sub, seen)...)
	}
	fail := func(code, format string, args ...any) {
		e := specerrors.New(pf.File, format, args...).At(proc.Line, proc.Column)
		e.Field = proc.Path
		if code != "" {
			e = e.WithCode(code)
		}
		errs = append(errs, e)
	}
	raw, ok := proc.Body["tag"]
	if !ok {
		fail(specerrors.CodePipelineTagRequired, "%s processor at line %d missing required tag", proc.Type, proc.Line)
		return errs
	}
	tag, ok := raw.(string)
	switch {
	case !ok:
		fail(specerrors.CodePipelineTagRequired, "%s processor at line %d has invalid tag value: it must be a string", proc.Type, proc.Line)
	case tag == "":
		fail(specerrors.CodePipelineTagRequired, "%s processor at line %d has empty tag value", proc.Type, proc.Line)
	case seen[tag]:
		fail("", "%s processor at line %d has duplicate tag value: %q", proc.Type, proc.Line, tag)
	default:
		seen[tag] = true
	}
	return errs
}
