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
		name:  "validate",
		usage: "validate [--format text|json|sarif] [--mode legacy|source|build] [--warnings-as-errors] [--link-root DIR] PATH...\n    PATH is a package folder, a package .zip, or a folder of packages (each is validated)",
		run:   validate,
	})
}

func validate(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("validate", flag.ContinueOnError)
	fl.SetOutput(stderr)
	format := fl.String("format", "text", "output format: text, json or sarif")
	mode := fl.String("mode", "legacy", "validation mode: legacy, source or build")
	warnAsErr := fl.Bool("warnings-as-errors", false, "report warnings as errors")
	linkRoot := fl.String("link-root", "", "folder that .link targets must stay in (default: the enclosing git repository)")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() == 0 {
		fmt.Fprint(stderr, "pkgspec validate: give at least one package folder or .zip\n"+usageText())
		return 2
	}
	m, err := validator.ParseMode(*mode)
	if err != nil {
		fmt.Fprintln(stderr, "pkgspec validate:", err)
		return 2
	}
	write := writer(*format, stdout)
	if write == nil {
		fmt.Fprintf(stderr, "pkgspec validate: unknown format %q (want text, json or sarif)\n", *format)
		return 2
	}
	paths := expandFolders(fl.Args())
	fitProcessors(len(paths))
	results := validator.ValidatePaths(paths, validator.Options{Mode: m, WarningsAsErrors: *warnAsErr, LinkRoot: *linkRoot})
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
func writer(format string, w io.Writer) func([]validator.Result) error {
	switch format {
	case "text":
		return func(results []validator.Result) error { return output.Text(w, results, colorWanted(w)) }
	case "json":
		return func(results []validator.Result) error { return output.JSON(w, results) }
	case "sarif":
		return func(results []validator.Result) error {
			v, _ := validator.NewestSpecVersion()
			return output.SARIF(w, results, v)
		}
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

// expandFolders replaces each argument that is a folder of packages, rather than a package,
// by the packages found below it. A folder without manifest.yml and without packages below it
// stays as it is, to be reported as a package that lacks its manifest.
func expandFolders(args []string) []string {
	var out []string
	for _, a := range args {
		if info, err := os.Stat(a); err != nil || !info.IsDir() || validator.IsPackageFolder(a) {
			out = append(out, a)
			continue
		}
		found, err := validator.FindPackages(a)
		if err != nil || len(found) == 0 {
			out = append(out, a)
			continue
		}
		out = append(out, found...)
	}
	return out
}

// colorWanted tells whether w is a terminal and NO_COLOR is unset.
func colorWanted(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
