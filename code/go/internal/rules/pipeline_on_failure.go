package rules

import (
	"strings"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// The global on_failure handler of an ingest pipeline must mark failed documents with
// event.kind: pipeline_error and record in error.message which processor failed, where, and why.
func init() {
	Register(Rule{Name: "pipeline_on_failure", Since: "3.6.0", Types: []string{"integration"}, Check: checkPipelineOnFailure})
}

// onFailureMessageParts must all appear in the error.message an on_failure handler writes.
var onFailureMessageParts = []string{
	"_ingest.on_failure_processor_type",
	"_ingest.on_failure_processor_tag",
	"_ingest.on_failure_message",
	"_ingest.pipeline",
}

func checkPipelineOnFailure(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	for _, pf := range pipelineFiles(p) {
		handlers := pf.processors("on_failure")
		// Point at the on_failure list; without one, at the processors it should guard; without
		// either, at the file as a whole.
		line, col := 1, 1
		if _, ok := pf.Root["on_failure"]; ok {
			line, col = pf.Doc.Position(0, "on_failure", true)
		} else if _, ok := pf.Root["processors"]; ok {
			line, col = pf.Doc.Position(0, "processors", true)
		}
		at := func(code, format string, args ...any) specerrors.ValidationError {
			e := specerrors.New(pf.File, format, args...).WithCode(code)
			e.Field = "on_failure"
			return e.At(line, col)
		}
		// atHandler points at one processor of the on_failure list.
		atHandler := func(h pipelineProcessor, code, format string, args ...any) specerrors.ValidationError {
			e := at(code, format, args...)
			e.Field = h.Path
			if l, c := pf.Doc.Position(0, h.Path, false); l > 0 {
				e.Line, e.Column = l, c
			}
			return e
		}

		// event.kind: the first set of event.kind must set pipeline_error.
		kindSet := false
		for _, h := range handlers {
			if field, _ := h.stringOption("field"); h.Type != "set" || field != "event.kind" {
				continue
			}
			kindSet = true
			if v, ok := h.stringOption("value"); !ok || v != "pipeline_error" {
				errs = append(errs, atHandler(h, specerrors.CodePipelineOnFailureEventKind, `pipeline on_failure handler must set event.kind to "pipeline_error"`))
			}
			break
		}
		if !kindSet {
			errs = append(errs, at(specerrors.CodePipelineOnFailureEventKind, `pipeline on_failure handler must set event.kind to "pipeline_error"`))
		}

		// error.message: the first set or append of error.message must name every part.
		msgSet := false
		for _, h := range handlers {
			if field, _ := h.stringOption("field"); (h.Type != "set" && h.Type != "append") || field != "error.message" {
				continue
			}
			msgSet = true
			value, _ := h.stringOption("value")
			for _, part := range onFailureMessageParts {
				if !strings.Contains(value, part) {
					errs = append(errs, atHandler(h, specerrors.CodePipelineOnFailureMessage, "pipeline on_failure error.message must include %q", part))
				}
			}
			break
		}
		if !msgSet {
			errs = append(errs, at(specerrors.CodePipelineOnFailureMessage, "pipeline on_failure handler must set error.message"))
		}
	}
	return errs
}
