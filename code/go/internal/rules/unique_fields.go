package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// A leaf field may be defined only once per data stream (or per transform, or once among the
// root fields of an input package): two definitions would give two mappings for one name.
func init() {
	Register(Rule{Name: "unique_fields", Since: "2.0.0", Types: []string{"integration", "input"},
		Check: checkUniqueFields})
}

// fieldSite is one definition of a field: its file and position.
type fieldSite struct {
	file         string
	field        string // path of the definition in the file
	line, column int
}

// String gives the definition as file:line:column.
func (s fieldSite) String() string {
	if s.line == 0 {
		return s.file
	}
	return fmt.Sprintf("%s:%d:%d", s.file, s.line, s.column)
}

func checkUniqueFields(p *packages.Package) specerrors.ValidationErrors {
	type scope struct{ dataStream, transform string }
	seen := map[scope]map[string][]fieldSite{} // scope -> field name -> definitions
	for _, ff := range AllFieldsFiles(p) {
		sc := scope{ff.DataStream, ff.Transform}
		for _, f := range ff.Fields {
			if f.HasFields {
				continue
			}
			if seen[sc] == nil {
				seen[sc] = map[string][]fieldSite{}
			}
			seen[sc][f.Name] = append(seen[sc][f.Name], fieldSite{ff.File, f.Path, f.Line, f.Column})
		}
	}
	// The error is placed at the first definition (files in name order, then by line), the one
	// the reference names first; the message lists every definition with its line and column.
	var errs specerrors.ValidationErrors
	for sc, names := range seen {
		for name, sites := range names {
			if len(sites) < 2 {
				continue
			}
			sort.Slice(sites, func(i, j int) bool {
				if sites[i].file != sites[j].file {
					return sites[i].file < sites[j].file
				}
				return sites[i].line < sites[j].line
			})
			list := make([]string, len(sites))
			for i, s := range sites {
				list[i] = s.String()
			}
			where := ""
			switch {
			case sc.transform != "":
				where = fmt.Sprintf(" for transform %q", sc.transform)
			case sc.dataStream != "":
				where = fmt.Sprintf(" for data stream %q", sc.dataStream)
			}
			e := specerrors.New(sites[0].file, "field %q is defined multiple times%s, found in: %s",
				name, where, strings.Join(list, ", ")).At(sites[0].line, sites[0].column)
			e.Field = sites[0].field
			errs = append(errs, e)
		}
	}
	sort.Slice(errs, func(i, j int) bool { return errs[i].Message < errs[j].Message })
	return errs
}
