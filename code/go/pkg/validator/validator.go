// Package validator checks Elastic Packages against the specification version they name in
// their format_version. It is safe for concurrent use; results are deterministic.
package validator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/pkgspec/pkgspec/code/go/internal/content"
	"github.com/pkgspec/pkgspec/code/go/internal/loader"
	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/internal/pkgfs"
	"github.com/pkgspec/pkgspec/code/go/internal/rules"
	"github.com/pkgspec/pkgspec/code/go/internal/specversion"
	"github.com/pkgspec/pkgspec/code/go/internal/walker"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Mode says what kind of package tree is validated: Legacy (default), Source or Build.
type Mode = rules.Mode

// Validation modes.
const (
	Legacy = rules.Legacy
	Source = rules.Source
	Build  = rules.Build
)

// ParseMode reads a mode name; the empty string means Legacy.
func ParseMode(s string) (Mode, error) { return rules.ParseMode(s) }

// Options tune a validation.
type Options struct {
	// Mode is the validation mode; zero means Legacy, except for .zip packages, which are
	// always validated in Build mode.
	Mode Mode
	// WarningsAsErrors reports warnings as errors.
	WarningsAsErrors bool
	// LinkRoot is the folder that `.link` targets must stay in; empty means the nearest folder
	// above the package that holds .git, or no limit.
	LinkRoot string
}

// Result is the outcome of validating one package.
type Result struct {
	// Path is the package as it was given.
	Path string
	// Errors make the package invalid; Warnings do not.
	Errors, Warnings specerrors.ValidationErrors
	// InputErr is set when the package could not be read at all (no such path, not a folder
	// nor a zip archive); Errors then holds it too.
	InputErr error
}

// Valid tells whether the package has no errors.
func (r Result) Valid() bool { return len(r.Errors) == 0 }

// NewestSpecVersion returns the newest spec version this validator knows.
func NewestSpecVersion() (string, error) {
	c, err := specversion.Load()
	if err != nil {
		return "", err
	}
	return c.Newest().String(), nil
}

// ValidatePath validates a package in a folder or in a .zip archive.
func ValidatePath(p string, opts Options) Result {
	info, err := os.Stat(p)
	if err != nil {
		return inputError(p, fmt.Errorf("cannot open package %s: %w", p, unwrapPath(err)))
	}
	if info.IsDir() {
		return ValidateDir(p, opts)
	}
	if strings.HasSuffix(strings.ToLower(p), ".zip") {
		return ValidateZip(p, opts)
	}
	return inputError(p, fmt.Errorf("package %s is neither a folder nor a .zip archive", p))
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ValidateDir validates the package in folder dir.
func ValidateDir(dir string, opts Options) Result {
	fsys, err := pkgfs.Dir(dir, pkgfs.Options{LinkRoot: opts.LinkRoot})
	if err != nil {
		return inputError(dir, err)
	}
	defer fsys.Close()
	return validate(fsys, opts)
}

// ValidateZip validates the package in a .zip archive, in Build mode.
func ValidateZip(name string, opts Options) Result {
	fsys, err := pkgfs.Zip(name, pkgfs.Options{})
	if err != nil {
		return inputError(name, err)
	}
	defer fsys.Close()
	opts.Mode = Build
	return validate(fsys, opts)
}

// ValidateFS validates the package at the root of fsys; name is how results refer to it.
func ValidateFS(fsys fs.FS, name string, opts Options) Result {
	return validate(pkgfs.FromFS(fsys, name), opts)
}

// ValidatePaths validates many packages using every core, and returns their results in the
// order of paths.
func ValidatePaths(paths []string, opts Options) []Result {
	results := make([]Result, len(paths))
	workers := min(runtime.GOMAXPROCS(0), len(paths))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				results[i] = ValidatePath(paths[i], opts)
			}
		})
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

func inputError(p string, err error) Result {
	return Result{Path: p, InputErr: err, Errors: specerrors.ValidationErrors{{Message: err.Error()}}}
}

func validate(fsys *pkgfs.FS, opts Options) (res Result) {
	res.Path = fsys.Display
	defer func() {
		if r := recover(); r != nil {
			res.Errors = append(res.Errors, specerrors.ValidationError{Message: fmt.Sprintf("internal error while validating the package: %v", r)})
		}
	}()
	mode := opts.Mode
	if mode == "" {
		mode = Legacy
	}
	pkg, errs := check(fsys, mode)
	if err := fsys.Err(); err != nil {
		// The package lied about its content or outgrew the limits while being read.
		return inputError(fsys.Display, err)
	}
	if mode != Legacy {
		// Legacy mode reports what the reference's folder validation always reported: the
		// exclusions of validation.yml are applied by the tools that build and publish
		// packages, which is what the source and build modes are for.
		errs = errs.ExcludeCodes(excludedChecks(pkg))
	}
	if opts.WarningsAsErrors {
		for i := range errs {
			errs[i].Severity = specerrors.Error
		}
	}
	res.Errors, res.Warnings = errs.Sort().Split()
	return res
}

// check validates the package and returns it with the problems found; the package is nil
// when it could not be opened at all.
func check(fsys *pkgfs.FS, mode Mode) (*packages.Package, specerrors.ValidationErrors) {
	pkg, err := packages.Open(fsys)
	if errors.Is(err, packages.ErrNoManifest) {
		return pkg, specerrors.ValidationErrors{specerrors.New("manifest.yml", "expecting to find [manifest.yml] file in folder [(package root)]")}
	}
	if err != nil {
		e := specerrors.New("manifest.yml", "%v", err)
		var se *content.SyntaxError
		if errors.As(err, &se) {
			e = e.At(se.Line, se.Column)
		}
		return pkg, specerrors.ValidationErrors{e}
	}
	changelog, err := specversion.Load()
	if err != nil {
		return pkg, specerrors.ValidationErrors{{Message: err.Error()}}
	}
	v, err := changelog.Resolve(pkg.FormatVersion.Original())
	if err == nil && pkg.FormatVersion.Prerelease() != "" {
		// The reference looks a package's version up among the changelog's release numbers.
		err = fmt.Errorf("format_version %s names a pre-release: name a spec version by its release number (%d.%d.%d)",
			pkg.FormatVersion.Original(), v.Major(), v.Minor(), v.Patch())
	}
	if err != nil {
		e := specerrors.New("manifest.yml", "%v", err)
		e.Field = "format_version"
		e.Line, e.Column = positionOf(pkg, "format_version")
		return pkg, specerrors.ValidationErrors{e}
	}
	if !slices.Contains(loader.Types(), pkg.Type) {
		e := specerrors.New("manifest.yml", "package type %q is not supported (want one of %s)", pkg.Type, strings.Join(loader.Types(), ", "))
		e.Field = "type"
		e.Line, e.Column = positionOf(pkg, "type")
		return pkg, specerrors.ValidationErrors{e}
	}
	spec, err := loader.Load(pkg.Type, v)
	var tooOld *loader.TooOldError
	if errors.As(err, &tooOld) {
		e := specerrors.New("manifest.yml", "%v", err)
		e.Field = "format_version"
		e.Line, e.Column = positionOf(pkg, "format_version")
		return pkg, specerrors.ValidationErrors{e}
	}
	if err != nil {
		return pkg, specerrors.ValidationErrors{specerrors.New("", "cannot load spec %s for %s packages: %v", v, pkg.Type, err)}
	}
	pkg.Spec = spec
	errs := walker.Walk(pkg, spec.Root)
	for _, r := range rules.Select(pkg.Type, v, mode) {
		errs = append(errs, r.Check(pkg)...)
	}
	return pkg, errs
}

func positionOf(pkg *packages.Package, field string) (int, int) {
	doc, err := pkg.Document("manifest.yml")
	if err != nil {
		return 0, 0
	}
	return doc.Position(0, field, false)
}

// excludedChecks reads the codes a package's validation.yml asks to leave out.
func excludedChecks(pkg *packages.Package) []string {
	if pkg == nil {
		return nil
	}
	doc, err := pkg.Document("validation.yml")
	if err != nil {
		return nil
	}
	m, _ := doc.Values[0].(map[string]any)
	errsCfg, _ := m["errors"].(map[string]any)
	list, _ := errsCfg["exclude_checks"].([]any)
	var codes []string
	for _, c := range list {
		if s, ok := c.(string); ok {
			codes = append(codes, s)
		}
	}
	return codes
}

// FileSchema returns the JSON schema (draft-07, standalone) that the file at path p of a
// package of type pkgType follows at spec version specVersion; p is relative to the package
// root, as in "manifest.yml" or "data_stream/logs/fields/base-fields.yml".
func FileSchema(pkgType, specVersion, p string) (map[string]any, error) {
	changelog, err := specversion.Load()
	if err != nil {
		return nil, err
	}
	v, err := changelog.Resolve(specVersion)
	if err != nil {
		return nil, err
	}
	spec, err := loader.Load(pkgType, v)
	if err != nil {
		return nil, err
	}
	item := walker.Find(spec.Root, path.Clean(p), "package")
	if item == nil {
		return nil, fmt.Errorf("spec %s of %s packages has no file %s", v, pkgType, p)
	}
	if item.Schema == nil {
		return nil, fmt.Errorf("spec %s of %s packages has no schema for %s", v, pkgType, p)
	}
	return item.Schema.Standalone()
}
