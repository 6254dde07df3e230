// Command pkgspec validates Elastic Packages against the package specification.
//
//	pkgspec validate [--format text|json|sarif] [--mode legacy|source|build] [--warnings-as-errors] PATH...
//	pkgspec version
//
// Exit status: 0 when every package is valid, 1 when some is invalid, 2 for usage or input errors.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"

	"github.com/pkgspec/pkgspec/code/go/internal/output"
	"github.com/pkgspec/pkgspec/code/go/pkg/validator"
)

func main() {
	tuneGC()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// A validation allocates a lot of short-lived memory (parsed files, schema results) and keeps
// little. The collector therefore runs only when the heap reaches a ceiling, rather than each
// time it doubles: one large package is validated without any collection, and a run over
// hundreds of packages stays under 400 MB of resident memory. GOGC and GOMEMLIMIT, when set,
// are respected.
const memoryLimit = 320 << 20

func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(-1)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}

const usage = `usage:
  pkgspec validate [--format text|json|sarif] [--mode legacy|source|build] [--warnings-as-errors] [--link-root DIR] PATH...
      PATH is a package folder, a package .zip, or a folder of packages (each is validated)
  pkgspec schema [--type integration|input|content] [--spec-version V] FILE
  pkgspec version
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "validate":
		return validate(args[1:], stdout, stderr)
	case "schema":
		return schema(args[1:], stdout, stderr)
	case "version":
		v, err := validator.NewestSpecVersion()
		if err != nil {
			fmt.Fprintln(stderr, "pkgspec:", err)
			return 2
		}
		fmt.Fprintln(stdout, v)
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "pkgspec: unknown command %q\n%s", args[0], usage)
	return 2
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
		fmt.Fprint(stderr, "pkgspec validate: give at least one package folder or .zip\n"+usage)
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

// schema prints the JSON schema of one kind of package file, for editors and other tools.
func schema(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("schema", flag.ContinueOnError)
	fl.SetOutput(stderr)
	typ := fl.String("type", "integration", "package type: integration, input or content")
	version := fl.String("spec-version", "", "spec version (default: the newest)")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() != 1 {
		fmt.Fprint(stderr, "pkgspec schema: give one file path inside a package, such as manifest.yml\n"+usage)
		return 2
	}
	v := *version
	if v == "" {
		var err error
		if v, err = validator.NewestSpecVersion(); err != nil {
			fmt.Fprintln(stderr, "pkgspec schema:", err)
			return 2
		}
	}
	doc, err := validator.FileSchema(*typ, v, fl.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "pkgspec schema:", err)
		return 2
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		fmt.Fprintln(stderr, "pkgspec schema:", err)
		return 2
	}
	return 0
}
