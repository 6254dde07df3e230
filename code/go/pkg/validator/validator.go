// Package validator checks Elastic Packages against the specification version they name in
// their format_version. It is safe for concurrent use; results are deterministic.
package validator

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/Masterminds/semver/v3"
	"github.com/pkgspec/pkgspec/code/go/internal/content"
	"github.com/pkgspec/pkgspec/code/go/internal/loader"
	"github.com/pkgspec/pkgspec/code/go/internal/packages"
	"github.com/pkgspec/pkgspec/code/go/internal/pkgfs"
	"github.com/pkgspec/pkgspec/code/go/internal/rules"
	"github.com/pkgspec/pkgspec/code/go/internal/specversion"
	"github.com/pkgspec/pkgspec/code/go/internal/walker"
	"github.com/pkgspec/pkgspec/code/go/pkg/specerrors"
)

// Mode says what kind of package tree is validated and which verdict is given: Legacy
// (default), Lint, Source or Build.
type Mode = rules.Mode

// Validation modes.
const (
	// Legacy gives the reference validator's own verdict on a folder, before the exclusions
	// of validation.yml.
	Legacy = rules.Legacy
	// Lint gives the verdict of `elastic-package lint`: the Legacy checks, with the problems
	// that validation.yml excludes moved to Result.Skipped.
	Lint Mode = "lint"
	// Source checks a package as its authors keep it; exclusions go to Result.Skipped.
	Source = rules.Source
	// Build checks a built package; exclusions go to Result.Skipped.
	Build = rules.Build
)

// ParseMode reads a mode name; the empty string means Legacy, and any other name is an error.
func ParseMode(s string) (Mode, error) {
	if Mode(s) == Lint {
		return Lint, nil
	}
	m, err := rules.ParseMode(s)
	if err != nil {
		return "", fmt.Errorf("unknown validation mode %q (want lint, legacy, source or build)", s)
	}
	return m, nil
}

// plan says which rules run for mode m, and whether the exclusions of validation.yml apply;
// a .zip package always gets the rules of a built package.
func plan(m Mode, zip bool) (ruleMode Mode, exclude bool, err error) {
	switch m {
	case "", Legacy:
		ruleMode = Legacy
	case Lint:
		ruleMode, exclude = Legacy, true
	case Source, Build:
		ruleMode, exclude = m, true
	default:
		_, err = ParseMode(string(m))
		return "", false, err
	}
	if zip {
		ruleMode = Build
	}
	return ruleMode, exclude, nil
}

// Options tune a validation.
type Options struct {
	// Mode is the validation mode; zero means Legacy. A .zip package always gets the checks
	// of Build mode; its Mode only says whether validation.yml exclusions apply (not in
	// Legacy). An unknown mode makes every result an input error.
	Mode Mode
	// WarningsAsErrors reports warnings as errors.
	WarningsAsErrors bool
	// LinkRoot is the folder that `.link` targets must stay in; empty means the nearest folder
	// above the package that holds .git, or the package itself when there is none. Links are
	// never followed in Build mode, nor in archives and ValidateFS packages.
	LinkRoot string
	// Progress, when set, is called by ValidatePaths after each package, with the number of
	// packages done so far; calls come one at a time.
	Progress func(done int)

	// Context, when set, stops the validation once it is done (cancelled, past its deadline):
	// the result then has InputErr set, wrapping the context's error.
	Context context.Context
	// MaxBytes bounds the bytes read from the package's files, in all; zero means the 250MB
	// that the spec allows a package.
	MaxBytes int64
	// MaxFiles bounds the files and folders a package may hold; zero means the 65535 that the
	// spec allows.
	MaxFiles int
	// MaxErrors bounds the errors and warnings reported, in all; zero (or less) means
	// DefaultMaxErrors. Those left out are counted in one last error.
	MaxErrors int
	// MaxFileErrors bounds the errors and warnings reported for one file (or for the package
	// as a whole), schema errors included; zero (or less) means DefaultMaxFileErrors. Those
	// left out are counted in one more error about that file, which also says when checking
	// a file's list of entries stopped at that bound.
	MaxFileErrors int
}

// Default bounds of the errors reported for a package.
const (
	DefaultMaxErrors     = 10000
	DefaultMaxFileErrors = 200
)

func (o Options) context() context.Context {
	if o.Context == nil {
		return context.Background()
	}
	return o.Context
}

// fsOptions are the options of the package's file system.
func (o Options) fsOptions() pkgfs.Options {
	lim := pkgfs.Limits{MaxFiles: o.MaxFiles, MaxTotalSize: o.MaxBytes}
	if o.MaxBytes > 0 {
		lim.MaxFileSize = min(o.MaxBytes, pkgfs.DefaultLimits.MaxFileSize)
	}
	return pkgfs.Options{LinkRoot: o.LinkRoot, NoLinks: o.Mode == Build, Limits: lim, Context: o.Context}
}

// Result is the outcome of validating one package.
type Result struct {
	// Path is the package as it was given.
	Path string
	// Errors make the package invalid; Warnings do not.
	Errors, Warnings specerrors.ValidationErrors
	// Skipped holds the problems the package's validation.yml excludes (errors.exclude_checks),
	// in every mode but Legacy, which reports them as errors and warnings.
	Skipped specerrors.ValidationErrors
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
	fsys, err := pkgfs.Dir(dir, opts.fsOptions())
	if err != nil {
		return inputError(dir, err)
	}
	defer fsys.Close()
	return validate(fsys, opts, false)
}

// ValidateZip validates the package in a .zip archive with the checks of Build mode.
func ValidateZip(name string, opts Options) Result {
	fsys, err := pkgfs.Zip(name, opts.fsOptions())
	if err != nil {
		return inputError(name, err)
	}
	defer fsys.Close()
	return validate(fsys, opts, true)
}

// ValidateZipReader validates the package in a .zip archive of size bytes read from r, as
// ValidateZip does; name is how results refer to it.
func ValidateZipReader(r io.ReaderAt, size int64, name string, opts Options) Result {
	fsys, err := pkgfs.ZipReader(r, size, name, opts.fsOptions())
	if err != nil {
		return inputError(name, err)
	}
	defer fsys.Close()
	return validate(fsys, opts, true)
}

// ValidateFS validates the package at the root of fsys; name is how results refer to it.
func ValidateFS(fsys fs.FS, name string, opts Options) Result {
	return validate(pkgfs.FromFSWith(fsys, name, opts.fsOptions()), opts, false)
}

// ValidatePaths validates many packages using every core, and returns their results in the
// order of paths.
func ValidatePaths(paths []string, opts Options) []Result {
	results := make([]Result, len(paths))
	workers := min(runtime.GOMAXPROCS(0), len(paths))
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	ctx := opts.context()
	for range workers {
		wg.Go(func() {
			for i := range next {
				if err := ctx.Err(); err != nil {
					results[i] = inputError(paths[i], fmt.Errorf("package %s: %w", paths[i], stopped(err)))
				} else {
					results[i] = ValidatePath(paths[i], opts)
				}
				if opts.Progress != nil {
					mu.Lock()
					done++
					opts.Progress(done)
					mu.Unlock()
				}
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

func validate(fsys *pkgfs.FS, opts Options, zip bool) (res Result) {
	res.Path = fsys.Display
	mode, exclude, err := plan(opts.Mode, zip)
	if err != nil {
		return inputError(fsys.Display, err)
	}
	defer func() {
		if r := recover(); r != nil {
			res.Errors = append(res.Errors, specerrors.ValidationError{Message: fmt.Sprintf("internal error while validating the package: %v", r)})
		}
	}()
	perFile, total := bound(opts.MaxFileErrors, DefaultMaxFileErrors), bound(opts.MaxErrors, DefaultMaxErrors)
	pkg, errs, cuts := check(opts.context(), fsys, mode, perFile)
	if err := fsys.Err(); err != nil {
		// The package lied about its content, outgrew the limits while being read, or the
		// validation was cancelled.
		return inputError(fsys.Display, err)
	}
	if err := opts.context().Err(); err != nil {
		return inputError(fsys.Display, fmt.Errorf("package %s: %w", fsys.Display, stopped(err)))
	}
	var skipped specerrors.ValidationErrors
	if exclude {
		// Legacy mode reports what the reference's folder validation always reported: the
		// exclusions of validation.yml are applied by the tools that lint, build and publish
		// packages, which is what the other modes are for.
		errs, skipped = partition(errs, excludedChecks(pkg))
	}
	if opts.WarningsAsErrors {
		for i := range errs {
			errs[i].Severity = specerrors.Error
		}
	}
	errs = capErrors(errs.Sort(), cuts, perFile, total)
	res.Errors, res.Warnings = errs.Split()
	if len(skipped) > 0 {
		res.Skipped = skipped.Sort()
	}
	return res
}

// stopped wraps the error of a context that is done.
func stopped(err error) error {
	return fmt.Errorf("validation stopped before its end: %w", err)
}

// bound is n when it is positive, else def.
func bound(n, def int) int {
	if n > 0 {
		return n
	}
	return def
}

// capErrors keeps, of problems sorted by file, at most perFile for each file and at most
// total in all. Each file cut short gets one more error saying how many of its problems were
// left out, those that the schema checks found and left out (cuts) included, and whether its
// checking stopped early; the package gets one more when the total was reached.
func capErrors(errs specerrors.ValidationErrors, cuts []content.Cut, perFile, total int) specerrors.ValidationErrors {
	cutOf := make(map[string]content.Cut, len(cuts))
	for _, c := range cuts {
		cutOf[c.File] = c
	}
	out := errs[:0:0]
	for i := 0; i < len(errs); {
		j := i
		for j < len(errs) && errs[j].File == errs[i].File {
			j++
		}
		n := min(j-i, perFile)
		out = append(out, errs[i:i+n]...)
		cut := cutOf[errs[i].File]
		if note, ok := fileNote(errs[i].File, j-i-n+cut.LeftOut, cut, perFile); ok {
			if cut.LeftOut > 0 || cut.Unchecked > 0 {
				// Schema errors were left out, or not looked for: they are errors.
				out = append(out, note)
			} else {
				out = append(out, leftOut(errs[i+n:j], note))
			}
		}
		i = j
	}
	if len(out) > total {
		left := len(out) - total
		out = append(out[:total:total], leftOut(out[total:], specerrors.New("", "%d more errors left out (at most %d are reported per package)", left, total)))
	}
	return out
}

// fileNote is the one error that says what was left out of file: left problems, and the
// entries that cut says were not checked. It is false when nothing was.
func fileNote(file string, left int, cut content.Cut, perFile int) (specerrors.ValidationError, bool) {
	stopped := fmt.Sprintf("checking of this file stopped after %d errors: %d of its %d entries were not checked", perFile, cut.Unchecked, cut.Entries)
	switch {
	case left > 0 && cut.Unchecked > 0:
		return specerrors.New(file, "%d more errors in this file left out (at most %d are reported per file); %s", left, perFile, stopped), true
	case left > 0:
		return specerrors.New(file, "%d more errors in this file left out (at most %d are reported per file)", left, perFile), true
	case cut.Unchecked > 0:
		return specerrors.New(file, "%s", stopped), true
	}
	return specerrors.ValidationError{}, false
}

// leftOut returns e, the error that counts the problems dropped, as a warning when all of
// them are warnings: leaving warnings out must not make a package invalid.
func leftOut(dropped specerrors.ValidationErrors, e specerrors.ValidationError) specerrors.ValidationError {
	for _, d := range dropped {
		if d.Severity != specerrors.Warning {
			return e
		}
	}
	return e.AsWarning()
}

// check validates the package and returns it with the problems found; the package is nil
// when it could not be opened at all.
func check(ctx context.Context, fsys *pkgfs.FS, mode Mode, maxFileErrors int) (*packages.Package, specerrors.ValidationErrors, []content.Cut) {
	pkg, err := packages.Open(fsys)
	if errors.Is(err, packages.ErrNoManifest) {
		return pkg, specerrors.ValidationErrors{specerrors.New("manifest.yml", "expecting to find [manifest.yml] file in folder [(package root)]")}, nil
	}
	if err != nil {
		e := specerrors.New("manifest.yml", "%v", err)
		if _, ok := err.(*fs.PathError); ok {
			e.Message = "cannot read manifest.yml: " + pkgfs.Reason(err)
		}
		var se *content.SyntaxError
		if errors.As(err, &se) {
			e = e.At(se.Line, se.Column)
		}
		return pkg, specerrors.ValidationErrors{e}, nil
	}
	changelog, err := specversion.Load()
	if err != nil {
		return pkg, specerrors.ValidationErrors{{Message: err.Error()}}, nil
	}
	v, err := changelog.Resolve(pkg.FormatVersion)
	if err != nil {
		e := specerrors.New("manifest.yml", "%v", err)
		e.Field = "format_version"
		e.Line, e.Column = positionOf(pkg, "format_version")
		return pkg, specerrors.ValidationErrors{e}, nil
	}
	if !slices.Contains(loader.Types(), pkg.Type) {
		e := specerrors.New("manifest.yml", "package type %q is not supported (want one of %s)", pkg.Type, strings.Join(loader.Types(), ", "))
		e.Field = "type"
		e.Line, e.Column = positionOf(pkg, "type")
		return pkg, specerrors.ValidationErrors{e}, nil
	}
	spec, err := loader.Load(pkg.Type, v)
	var tooOld *loader.TooOldError
	if errors.As(err, &tooOld) {
		e := specerrors.New("manifest.yml", "%v", err)
		e.Field = "format_version"
		e.Line, e.Column = positionOf(pkg, "format_version")
		// At that version the package type allows nothing at all: every entry of the root is
		// out of place, and is named as such (the manifest already has its error).
		errs := specerrors.ValidationErrors{e}
		walked, cuts := walker.Walk(pkg, tooOld.Root, maxFileErrors)
		for _, w := range walked {
			if w.File != "manifest.yml" {
				errs = append(errs, w)
			}
		}
		// The semantic rules of that version still look at what the package holds: a
		// problem in its content is reported along with the version being too old.
		return pkg, append(errs, checkRules(ctx, fsys, pkg, v, mode)...), cuts
	}
	if err != nil {
		return pkg, specerrors.ValidationErrors{specerrors.New("", "cannot load spec %s for %s packages: %v", v, pkg.Type, err)}, nil
	}
	pkg.Spec = spec
	errs, cuts := walker.Walk(pkg, spec.Root, maxFileErrors)
	return pkg, append(errs, checkRules(ctx, fsys, pkg, v, mode)...), cuts
}

// checkRules runs the semantic rules that apply to the package's type, version and mode,
// stopping early when the validation is cancelled or the file system fails.
func checkRules(ctx context.Context, fsys *pkgfs.FS, pkg *packages.Package, v *semver.Version, mode Mode) specerrors.ValidationErrors {
	var errs specerrors.ValidationErrors
	for _, r := range rules.Select(pkg.Type, v, mode) {
		if ctx.Err() != nil || fsys.Err() != nil {
			break
		}
		errs = append(errs, r.Check(pkg)...)
	}
	return errs
}

func positionOf(pkg *packages.Package, field string) (int, int) {
	doc, err := pkg.Document("manifest.yml")
	if err != nil {
		return 0, 0
	}
	return doc.Position(0, field, false)
}

// partition splits es into the problems kept and those whose code is one of codes.
func partition(es specerrors.ValidationErrors, codes []string) (kept, excluded specerrors.ValidationErrors) {
	for _, e := range es {
		if e.Code != "" && slices.Contains(codes, e.Code) {
			excluded = append(excluded, e)
		} else {
			kept = append(kept, e)
		}
	}
	return kept, excluded
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
// root, as in "manifest.yml" or "data_stream/logs/fields/base-fields.yml". Before 3.0.0, the
// schema of a YAML file accepts dotted keys (conditions.kibana.version) as the validator does.
func FileSchema(pkgType, specVersion, p string) (map[string]any, error) {
	changelog, err := specversion.Load()
	if err != nil {
		return nil, err
	}
	sv, err := semver.NewVersion(specVersion)
	if err != nil {
		return nil, fmt.Errorf("spec version %q is not a valid semantic version", specVersion)
	}
	// A tool may name a spec version as the changelog lists it (3.7.0-next, the default) where
	// a package must name its release number.
	if sv.Prerelease() != "" {
		rel, _ := sv.SetPrerelease("")
		sv = &rel
	}
	v, err := changelog.Resolve(sv)
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
	doc, err := item.Schema.Standalone()
	if err == nil && v.Major() < 3 && (strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")) {
		// Before 3.0.0, the validator reads dotted keys of YAML files as nested objects.
		acceptDottedKeys(doc)
	}
	return doc, err
}
