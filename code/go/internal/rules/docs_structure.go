package rules

import (
	"bufio"
	"bytes"
	"sort"
	"strconv"
	"strings"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/internal/pkgfs"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// When validation.yml enables docs_structure_enforced, every Markdown file of docs/ must have a
// heading for each section of the enforced list of that version, except the sections listed
// under skip. Headings are compared without regard to case. One error per file that lacks
// sections, placed at the start of that file.
func init() {
	Register(Rule{Name: "docs_structure", Check: checkDocsStructure})
}

// enforcedDocsSections lists the sections each version of the docs structure requires.
var enforcedDocsSections = map[int][]string{
	1: {
		"Overview",
		"What data does this integration collect?",
		"What do I need to use this integration?",
		"How do I deploy this integration?",
		"Troubleshooting",
		"Performance and scaling",
		"Reference",
	},
}

func checkDocsStructure(p *packages.Package) specerrors.ValidationErrors {
	cfg := asMap(dig(docValue(p, "validation.yml"), "docs_structure_enforced"))
	if !asBool(cfg["enabled"]) {
		return nil
	}
	version := 0
	switch v := cfg["version"].(type) {
	case int:
		version = v
	case int64:
		version = int(v)
	case float64:
		version = int(v)
	}
	all, ok := enforcedDocsSections[version]
	if !ok {
		known := make([]string, 0, len(enforcedDocsSections))
		for v := range enforcedDocsSections {
			known = append(known, strconv.Itoa(v))
		}
		sort.Strings(known)
		raw, set := cfg["version"]
		switch {
		case !set:
			return specerrors.ValidationErrors{fieldError(p, "validation.yml", "docs_structure_enforced",
				"docs_structure_enforced has no version: say which version of the documentation structure to enforce (known: %s)", strings.Join(known, ", "))}
		case version == 0:
			return specerrors.ValidationErrors{fieldError(p, "validation.yml", "docs_structure_enforced.version",
				"the version of the enforced documentation structure must be a number (known: %s), not %s", strings.Join(known, ", "), valueWords(raw))}
		}
		return specerrors.ValidationErrors{fieldError(p, "validation.yml", "docs_structure_enforced.version",
			"unknown version %d of the enforced documentation structure (known: %s)", version, strings.Join(known, ", "))}
	}
	skipped := map[string]bool{}
	for _, s := range entries(cfg["skip"]) {
		skipped[asString(s.M["title"])] = true
	}
	var sections []string
	for _, s := range all {
		if !skipped[s] {
			sections = append(sections, s)
		}
	}
	var errs specerrors.ValidationErrors
	for _, file := range p.Files("docs", "*.md") {
		data, err := p.ReadFile(file)
		if err != nil {
			continue
		}
		found := map[string]bool{}
		for _, h := range markdownHeadings(data) {
			for _, s := range sections {
				if strings.EqualFold(h, s) {
					found[s] = true
				}
			}
		}
		var missing []string
		for _, s := range sections {
			if !found[s] {
				missing = append(missing, "'"+s+"'")
			}
		}
		if len(missing) > 0 {
			errs = append(errs, specerrors.New(file,
				"missing required documentation sections (docs_structure_enforced in validation.yml): %s has no %s",
				strings.TrimSuffix(file, pkgfs.LinkExtension), strings.Join(missing, ", ")).At(1, 1))
		}
	}
	return errs
}

// markdownHeadings returns the text of the headings of a Markdown document, outside fenced code
// blocks: ATX headings (# Title) and setext headings (a line of text underlined with = or -).
func markdownHeadings(data []byte) []string {
	var out []string
	fence := ""
	prev := "" // the previous line, when it may be the text of a setext heading
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := sc.Text()
		trimmed := strings.TrimLeft(line, " ")
		candidate := prev
		prev = ""
		if len(line)-len(trimmed) > 3 {
			continue
		}
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fence = trimmed[:3]
			continue
		}
		if underline := strings.TrimRight(trimmed, " \t"); candidate != "" && underline != "" &&
			(strings.Trim(underline, "=") == "" || strings.Trim(underline, "-") == "") {
			out = append(out, candidate)
			continue
		}
		level := 0
		for level < len(trimmed) && trimmed[level] == '#' {
			level++
		}
		if level == 0 || level > 6 {
			if setextText(trimmed) {
				prev = strings.TrimSpace(trimmed)
			}
			continue
		}
		rest := trimmed[level:]
		if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
			prev = strings.TrimSpace(trimmed)
			continue
		}
		text := strings.TrimSpace(rest)
		// A closing sequence of # after a space is not part of the heading.
		if i := strings.LastIndex(text, " "); i >= 0 && strings.Trim(text[i+1:], "#") == "" {
			text = strings.TrimSpace(text[:i])
		} else if strings.Trim(text, "#") == "" {
			text = ""
		}
		out = append(out, text)
	}
	return out
}

// setextText tells whether a line may be the text of a setext heading: a line of paragraph
// text, not blank and not the start of a list, quote, table or thematic break.
func setextText(trimmed string) bool {
	t := strings.TrimSpace(trimmed)
	if t == "" || strings.ContainsAny(t[:1], "-*+>|=_") {
		return false
	}
	if i := strings.IndexAny(t, ".)"); i > 0 && i <= 9 && strings.Trim(t[:i], "0123456789") == "" {
		return false
	}
	return true
}
