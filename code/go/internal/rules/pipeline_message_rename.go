package rules

import (
	"strings"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// A pipeline that renames message to event.original must not overwrite an event.original the
// document already has (the rename needs an `if`), and must then drop the message it left in
// place (a remove of message, guarded by `if: ctx.event?.original != null` and
// ignore_missing). Since 3.1.0.
func init() {
	Register(Rule{Name: "pipeline_message_rename", Since: "3.1.0", Types: []string{"integration"},
		Check: checkPipelineMessageRename})
}

const (
	renameGuard = "ctx.event?.original == null"
	removeGuard = "ctx.event?.original != null"
)

func checkPipelineMessageRename(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	for _, pf := range pipelineFiles(p) {
		errs = append(errs, checkMessageRename(pf)...)
	}
	return errs
}

func checkMessageRename(pf pipelineFile) specerrors.ValidationErrors {
	procs := pf.processors("processors")
	var errs specerrors.ValidationErrors
	fail := func(field string, line, col int, format string, args ...any) {
		e := specerrors.New(pf.File, "field %s: "+format, append([]any{field}, args...)...).
			WithCode(specerrors.CodeMessageRenameToEventOriginal).At(line, col)
		e.Field = field
		errs = append(errs, e)
	}
	renames := 0
	for _, proc := range procs {
		field, _ := proc.stringOption("field")
		target, _ := proc.stringOption("target_field")
		if proc.Type != "rename" || field != "message" || target != "event.original" {
			continue
		}
		renames++
		if _, ok := proc.Body["if"]; !ok {
			fail(proc.Path+".rename", proc.Line, proc.Column, `rename "message" to "event.original" processor requires if: '%s'`, renameGuard)
		}
	}
	if renames == 0 {
		return errs
	}

	// Look for the remove processor that completes the rename; when there is none, report
	// what the closest one lacks.
	var best *pipelineProcessor
	var bestMissing []string
	for i := range procs {
		proc := procs[i]
		if proc.Type != "remove" {
			continue
		}
		missing := removeMissing(proc)
		if len(missing) == 0 {
			return errs
		}
		if best == nil || len(missing) < len(bestMissing) {
			best, bestMissing = &procs[i], missing
		}
	}
	if best == nil {
		at, line, col := "processors", 0, 0
		if len(procs) > 0 {
			at, line, col = procs[0].Path, procs[0].Line, procs[0].Column
		}
		fail(at, line, col, `rename "message" to "event.original" processor requires remove "message" processor`)
		return errs
	}
	for _, m := range bestMissing {
		switch m {
		case "field":
			fail(best.Path+".remove.field", best.Line, best.Column, `rename "message" to "event.original" processor requires remove "message" processor`)
		case "if":
			fail(best.Path+".remove", best.Line, best.Column, `rename "message" to "event.original" processor requires remove "message" processor with if: '%s'`, removeGuard)
		case "ignore_missing":
			fail(best.Path+".remove", best.Line, best.Column, `rename "message" to "event.original" processor requires remove "message" processor with ignore_missing`)
		}
	}
	return errs
}

// removeMissing lists what a remove processor lacks to drop message safely after the rename.
func removeMissing(proc pipelineProcessor) []string {
	var missing []string
	removesMessage := false
	switch f := proc.Body["field"].(type) {
	case string:
		removesMessage = strings.Contains(f, "message")
	case []any:
		for _, item := range f {
			if s, ok := item.(string); ok && strings.Contains(s, "message") {
				removesMessage = true
			}
		}
	}
	if !removesMessage {
		missing = append(missing, "field")
	}
	if cond, ok := proc.stringOption("if"); !ok || !strings.Contains(cond, removeGuard) {
		missing = append(missing, "if")
	}
	if _, ok := proc.Body["ignore_missing"]; !ok {
		missing = append(missing, "ignore_missing")
	}
	return missing
}
