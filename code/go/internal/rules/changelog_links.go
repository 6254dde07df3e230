package rules

import (
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Every link of changelog.yml must be a valid URL, and a GitHub link must end with the number of
// an issue or pull request (a positive number). As in the reference, the errors concern the
// package as a whole and name no file; the message says where the link is.
func init() {
	Register(Rule{Name: "changelog_links", Check: checkChangelogLinks})
}

func checkChangelogLinks(p *packages.Package) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	for i, e := range asList(docValue(p, "changelog.yml")) {
		for j, c := range asList(dig(e, "changes")) {
			link, ok := dig(c, "link").(string)
			if !ok {
				continue
			}
			where := field(i, "changes", j, "link")
			u, err := url.Parse(link)
			if err != nil {
				errs = append(errs, specerrors.New("", "changelog.yml: invalid URL in %s: %v", where, err))
				continue
			}
			if !strings.Contains(u.Host, "github.com") {
				continue
			}
			if n, err := strconv.Atoi(path.Base(u.Path)); err != nil || n <= 0 {
				errs = append(errs, specerrors.New("",
					"%s: issue number in changelog link should be a positive number (changelog.yml, %s)", u.String(), where))
			}
		}
	}
	return errs
}
