package rules

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Every link of changelog.yml must be a valid URL, and a GitHub link must end with the number of
// an issue or pull request (a positive number). Each error is placed at the link in
// changelog.yml.
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
			at := field(i, "changes", j, "link")
			u, err := url.Parse(link)
			if err != nil {
				errs = append(errs, valueError(p, "changelog.yml", at, "changelog link %q is not a valid URL: %s",
					link, urlProblem(link, err)))
				continue
			}
			if !strings.Contains(u.Host, "github.com") {
				continue
			}
			if n, err := strconv.Atoi(path.Base(u.Path)); err != nil || n <= 0 {
				errs = append(errs, valueError(p, "changelog.yml", at,
					"changelog link %q does not end with an issue or pull request number: "+
						"the issue number in a GitHub link should be a positive number", link))
			}
		}
	}
	return errs
}

// urlProblem explains in plain words why link could not be parsed as a URL.
func urlProblem(link string, err error) string {
	var esc url.EscapeError
	var host url.InvalidHostError
	switch {
	case strings.ContainsAny(link, "\n\r"):
		return "it contains a line break"
	case strings.IndexFunc(link, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0:
		return "it contains a control character"
	case errors.As(err, &esc):
		return fmt.Sprintf("the percent escape %q is not valid there", string(esc))
	case errors.As(err, &host):
		return fmt.Sprintf("its host contains the character %q, which hosts may not contain", string(host))
	case strings.TrimLeft(link, " \t") != link:
		return "it starts with a space"
	case strings.HasPrefix(link, ":") || strings.Contains(err.Error(), "missing protocol scheme"):
		return "it has no scheme (such as https) before the colon"
	case strings.Contains(err.Error(), "cannot contain colon"):
		return "it has no scheme (such as https://) and its first segment contains a colon"
	case strings.Contains(err.Error(), "invalid port"):
		return "its port is not a number"
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return strings.TrimPrefix(err.Error(), "net/url: ")
}
