package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/pkgspec/pkgspec/code/go/internal/output"
	"github.com/pkgspec/pkgspec/code/go/pkg/validator"
)

func init() {
	register(command{
		name: "validate",
		usage: "validate [--format text|json|sarif|junit|tap] [--mode lint|legacy|source|build] [--quiet] [--summary]\n" +
			"           [--warnings-as-errors] [--link-root DIR] PATH...\n" +
			"    PATH is a package folder, a package .zip, or a folder of packages (each is validated)",
		run: validate,
	})
}

// formats lists the output formats, as --format names them.
const formats = "text, json, sarif, junit or tap"

// progressFrom is the number of packages from which a progress line is shown on a terminal.
const progressFrom = 20

func validate(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("validate", flag.ContinueOnError)
	fl.SetOutput(stderr)
	format := fl.String("format", "text", "output format: "+formats)
	mode := fl.String("mode", string(validator.Lint), "validation mode: lint (what elastic-package lint says: validation.yml exclusions applied), legacy (the reference's verdict before exclusions), source or build")
	warnAsErr := fl.Bool("warnings-as-errors", false, "report warnings as errors")
	linkRoot := fl.String("link-root", os.Getenv("PKGSPEC_LINK_ROOT"), "folder that .link targets must stay in (default: $PKGSPEC_LINK_ROOT, else the enclosing git repository)")
	quiet := fl.Bool("quiet", false, "text: print errors only, nothing about valid packages")
	summary := fl.Bool("summary", false, "text: end with the totals line, even for one package")
	paths, err := parseArgs(fl, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(paths) == 0 {
		fmt.Fprint(stderr, "pkgspec validate: give at least one package folder or .zip\n"+usageText())
		return 2
	}
	m, err := validator.ParseMode(*mode)
	if err != nil {
		fmt.Fprintln(stderr, "pkgspec validate:", err)
		return 2
	}
	text := output.TextOptions{Color: colorWanted(stdout), Quiet: *quiet, Summary: *summary}
	items, folders := expandFolders(paths)
	text.Totals = folders
	write := writer(*format, stdout, text)
	if write == nil {
		fmt.Fprintf(stderr, "pkgspec validate: unknown format %q (want %s)\n", *format, formats)
		return 2
	}
	var todo []string
	for _, it := range items {
		if it.result == nil {
			todo = append(todo, it.path)
		}
	}
	fitProcessors(len(todo))
	opts := validator.Options{Mode: m, WarningsAsErrors: *warnAsErr, LinkRoot: *linkRoot}
	progress := newProgress(stderr, len(todo))
	if progress != nil {
		opts.Progress = progress.update
	}
	validated := validator.ValidatePaths(todo, opts)
	progress.clear()
	results := make([]validator.Result, 0, len(items))
	for _, it := range items {
		if it.result != nil {
			results = append(results, *it.result)
		} else {
			results = append(results, validated[0])
			validated = validated[1:]
		}
	}
	if err := write(results); err != nil {
		fmt.Fprintln(stderr, "pkgspec validate:", err)
		return 2
	}
	status := 0
	for _, r := range results {
		if r.InputErr != nil {
			status = 2
		} else if !r.Valid() && status == 0 {
			status = 1
		}
	}
	return status
}

// writer returns what writes results to w in the named output format; nil for a format that
// does not exist.
func writer(format string, w io.Writer, text output.TextOptions) func([]validator.Result) error {
	switch format {
	case "text":
		return func(results []validator.Result) error { return output.Text(w, results, text) }
	case "json":
		return func(results []validator.Result) error { return output.JSON(w, results) }
	case "sarif":
		return func(results []validator.Result) error { return output.SARIF(w, results, toolVersion()) }
	case "junit":
		return func(results []validator.Result) error { return output.JUnit(w, results) }
	case "tap":
		return func(results []validator.Result) error { return output.TAP(w, results) }
	}
	return nil
}

// fitProcessors runs the command on no more processors than there are packages: each
// package is validated by one goroutine, and idle processors only cost time spent waking up
// and looking for work (the template parser hands each token over a channel). GOMAXPROCS,
// when set, is respected.
func fitProcessors(packages int) {
	if os.Getenv("GOMAXPROCS") == "" && packages > 0 && packages < runtime.GOMAXPROCS(0) {
		runtime.GOMAXPROCS(packages)
	}
}

// An item is a package to validate, or the result of a folder found below a folder of
// packages that cannot be validated.
type item struct {
	path   string
	result *validator.Result
}

// expandFolders replaces each argument that is a folder of packages, rather than a package,
// by the packages found below it and the folders there that are not packages (see
// validator.Discover); folders tells whether there was such an argument. A folder without
// manifest.yml and without anything below it stays as it is, to be reported as a package that
// lacks its manifest.
func expandFolders(args []string) (items []item, folders bool) {
	for _, a := range args {
		if info, err := os.Stat(a); err != nil || !info.IsDir() || validator.IsPackageFolder(a) {
			items = append(items, item{path: a})
			continue
		}
		found, problems, err := validator.Discover(a)
		if err != nil || len(found)+len(problems) == 0 {
			items = append(items, item{path: a})
			continue
		}
		folders = true
		// Both lists are sorted by path: merge them.
		for len(found) > 0 || len(problems) > 0 {
			if len(problems) == 0 || (len(found) > 0 && found[0] < problems[0].Path) {
				items = append(items, item{path: found[0]})
				found = found[1:]
			} else {
				items = append(items, item{result: &problems[0]})
				problems = problems[1:]
			}
		}
	}
	return items, folders
}

// colorWanted tells whether w is a terminal and NO_COLOR is unset.
func colorWanted(w io.Writer) bool {
	return os.Getenv("NO_COLOR") == "" && isTerminal(w)
}

// isTerminal tells whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// A progress line tells, on a terminal, how many of many packages are validated; it is
// rewritten in place and erased at the end.
type progress struct {
	w     io.Writer
	total int
	shown bool
}

func newProgress(w io.Writer, total int) *progress {
	if total < progressFrom || !isTerminal(w) {
		return nil
	}
	return &progress{w: w, total: total}
}

func (p *progress) update(done int) {
	if p == nil {
		return
	}
	fmt.Fprintf(p.w, "\rvalidating packages: %d of %d", done, p.total)
	p.shown = true
}

func (p *progress) clear() {
	if p != nil && p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
