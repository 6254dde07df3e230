package registry

import (
	_ "embed"
	"maps"
	"strings"
)

// Category is a package category the registry knows, with its title and, for a subcategory,
// its parent.
type Category struct {
	ID     string
	Title  string
	Parent string
}

//go:embed categories.txt
var categoriesText string

//go:embed ingestion_methods.txt
var ingestionText string

var (
	categories       = parseCategories(categoriesText)
	ingestionMethods = parseTable(ingestionText)
)

// Categories returns the categories the registry knows, by id.
func Categories() map[string]Category { return maps.Clone(categories) }

// tableRows splits a "a | b | c" table, skipping blank lines and comments.
func tableRows(text string) [][]string {
	var rows [][]string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cells := strings.Split(line, "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		rows = append(rows, cells)
	}
	return rows
}

func parseCategories(text string) map[string]Category {
	m := map[string]Category{}
	for _, r := range tableRows(text) {
		c := Category{ID: r[0], Title: r[1]}
		if len(r) > 2 {
			c.Parent = r[2]
		}
		m[c.ID] = c
	}
	return m
}

func parseTable(text string) map[string]string {
	m := map[string]string{}
	for _, r := range tableRows(text) {
		m[r[0]] = r[1]
	}
	return m
}

// inCategory reports whether cats holds category, or one of its subcategories.
func inCategory(cats []string, category string) bool {
	for _, c := range cats {
		if c == category || categories[c].Parent == category && categories[c].Parent != "" {
			return true
		}
	}
	return false
}
