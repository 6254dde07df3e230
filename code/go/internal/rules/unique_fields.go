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

func checkUniqueFields(p *packages.Package) specerrors.ValidationErrors {
	type scope struct{ dataStream, transform string }
	seen := map[scope]map[string][]string{} // scope -> field name -> files
	for _, ff := range AllFieldsFiles(p) {
		sc := scope{ff.DataStream, ff.Transform}
		for _, f := range ff.Fields {
			if f.HasFields {
				continue
			}
			if seen[sc] == nil {
				seen[sc] = map[string][]string{}
			}
			seen[sc][f.Name] = append(seen[sc][f.Name], ff.File)
		}
	}
	var errs specerrors.ValidationErrors
	for sc, names := range seen {
		for name, files := range names {
			if len(files) < 2 {
				continue
			}
			sort.Strings(files)
			where := ""
			switch {
			case sc.transform != "":
				where = fmt.Sprintf(" for transform %q", sc.transform)
			case sc.dataStream != "":
				where = fmt.Sprintf(" for data stream %q", sc.dataStream)
			}
			errs = append(errs, specerrors.New("", "field %q is defined multiple times%s, found in: %s",
				name, where, strings.Join(files, ", ")))
		}
	}
	sort.Slice(errs, func(i, j int) bool { return errs[i].Message < errs[j].Message })
	return errs
}
