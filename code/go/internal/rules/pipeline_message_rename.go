package rules

import (
	"slices"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// A pipeline that renames message to event.original must not overwrite an event.original the
// document already has, and must then drop the message it left in place. As the reference's
// pipeline schema says it (from 3.1.0, for the processors and the on_failure list of a pipeline):
// when the list holds a rename processor that does not say it renames something other than
// message to something other than event.original, the list must also hold
//   - a rename processor with if: 'ctx.event?.original == null', and
//   - a remove processor of field message (or of a list of fields holding message) with
//     ignore_missing: true and if: 'ctx.event?.original != null'.
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
		for _, key := range []string{"processors", "on_failure"} {
			errs = append(errs, checkMessageRename(pf, key)...)
		}
	}
	return errs
}

// renameItem is one processor of a list, as the schema sees it: a mapping, with its path.
type renameItem struct {
	path string
	m    map[string]any
}

func checkMessageRename(pf pipelineFile, key string) specerrors.ValidationErrors {
	var items []renameItem
	for i, x := range asList(pf.Root[key]) {
		if m, ok := x.(map[string]any); ok {
			items = append(items, renameItem{field(key, i), m})
		}
	}
	var errs specerrors.ValidationErrors
	// fail places an error at the processor at item; the message names the field at. The
	// reference gives its code (JSE00001) to the problems of the processors list only, and not
	// to a guard or ignore_missing set to another value: packages that exclude the code in
	// validation.yml still get those.
	fail := func(item, at string, coded bool, format string, args ...any) {
		line, col := pf.Doc.Position(0, item, false)
		e := specerrors.New(pf.File, "field %s: "+format, append([]any{at}, args...)...).At(line, col)
		if coded && key == "processors" {
			e = e.WithCode(specerrors.CodeMessageRenameToEventOriginal)
		}
		e.Field = at
		errs = append(errs, e)
	}
	// The rename that triggers the rule: a rename whose field and target_field, when given, are
	// message and event.original.
	var trigger *renameItem
	for i, it := range items {
		raw, ok := it.m["rename"]
		if !ok {
			continue
		}
		r, isMap := raw.(map[string]any)
		if !isMap || (valueIs(r, "field", "message") && valueIs(r, "target_field", "event.original")) {
			trigger = &items[i]
			break
		}
	}
	if trigger == nil {
		return nil
	}
	guarded := false
	for _, it := range items {
		raw, ok := it.m["rename"]
		if !ok {
			continue
		}
		r, isMap := raw.(map[string]any)
		if !isMap || r["if"] == renameGuard {
			guarded = true
			break
		}
	}
	if !guarded {
		_, hasIf := asMap(trigger.m["rename"])["if"]
		fail(trigger.path, trigger.path+".rename", !hasIf, `rename "message" to "event.original" processor requires if: '%s'`, renameGuard)
	}
	// The remove that completes the rename; when there is none, what the closest one lacks.
	var best *renameItem
	var bestMissing []string
	for i, it := range items {
		raw, ok := it.m["remove"]
		if !ok {
			continue
		}
		r, isMap := raw.(map[string]any)
		if !isMap {
			return errs
		}
		missing := removeMissing(r)
		if len(missing) == 0 {
			return errs
		}
		if best == nil || len(missing) < len(bestMissing) {
			best, bestMissing = &items[i], missing
		}
	}
	if best == nil {
		at := key
		if len(items) > 0 {
			at = items[0].path
		}
		fail(at, at, true, `rename "message" to "event.original" processor requires remove "message" processor`)
		return errs
	}
	for _, m := range bestMissing {
		switch m {
		case "field":
			fail(best.path, best.path+".remove.field", true, `rename "message" to "event.original" processor requires remove "message" processor`)
		case "if":
			fail(best.path, best.path+".remove", true, `rename "message" to "event.original" processor requires remove "message" processor with if: '%s'`, removeGuard)
		case "ignore_missing":
			_, set := asMap(best.m["remove"])["ignore_missing"]
			fail(best.path, best.path+".remove", !set, `rename "message" to "event.original" processor requires remove "message" processor with ignore_missing: true`)
		}
	}
	return errs
}

// valueIs tells whether key is absent from m or holds want, as a schema's const on an optional
// property does.
func valueIs(m map[string]any, key, want string) bool {
	v, ok := m[key]
	return !ok || v == want
}

// removeMissing lists what a remove processor lacks to drop message after the rename: field
// message (alone, or in a non-empty list), ignore_missing: true, and the guarding if.
func removeMissing(r map[string]any) []string {
	var missing []string
	removesMessage := false
	switch f := r["field"].(type) {
	case string:
		removesMessage = f == "message"
	case []any:
		removesMessage = slices.Contains(f, any("message"))
	}
	if !removesMessage {
		missing = append(missing, "field")
	}
	if r["if"] != removeGuard {
		missing = append(missing, "if")
	}
	if r["ignore_missing"] != true {
		missing = append(missing, "ignore_missing")
	}
	return missing
}
