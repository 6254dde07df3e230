package registry

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/pkgspec/pkgspec/code/go/pkg/validator"
)

// ValidationMode says what the registry does with the pkgspec verdict of each package.
type ValidationMode int

// Validation modes.
const (
	// ValidationReport validates every package and publishes the verdicts, but serves what
	// the Elastic Package Registry would serve, valid or not. It is the default.
	ValidationReport ValidationMode = iota
	// ValidationStrict refuses to serve packages that pkgspec finds invalid.
	ValidationStrict
	// ValidationOff skips validation.
	ValidationOff
)

var validationModes = map[string]ValidationMode{"report": ValidationReport, "strict": ValidationStrict, "off": ValidationOff}

// ParseValidationMode reads "report", "strict" or "off".
func ParseValidationMode(s string) (ValidationMode, error) {
	if m, ok := validationModes[s]; ok {
		return m, nil
	}
	return 0, fmt.Errorf("unknown validation mode %q: want report, strict or off", s)
}

func (m ValidationMode) String() string {
	for k, v := range validationModes {
		if v == m {
			return k
		}
	}
	return fmt.Sprintf("ValidationMode(%d)", int(m))
}

// maxVerdictErrors bounds the error texts kept per package; ErrorCount still counts them all.
const maxVerdictErrors = 100

// Verdict is what pkgspec's validator found about one package.
type Verdict struct {
	Valid        bool     `json:"valid"`
	ErrorCount   int      `json:"error_count"`
	WarningCount int      `json:"warning_count"`
	Errors       []string `json:"errors,omitempty"`
}

func verdictOf(r validator.Result) *Verdict {
	v := &Verdict{Valid: r.Valid(), ErrorCount: len(r.Errors), WarningCount: len(r.Warnings)}
	for i, e := range r.Errors {
		if i == maxVerdictErrors {
			v.Errors = append(v.Errors, fmt.Sprintf("... and %d more", len(r.Errors)-i))
			break
		}
		v.Errors = append(v.Errors, e.Error())
	}
	return v
}

// InvalidPackageError is why a package is refused in strict mode.
type InvalidPackageError struct{ Verdict *Verdict }

func (e *InvalidPackageError) Error() string {
	msg := fmt.Sprintf("package is invalid (%d errors)", e.Verdict.ErrorCount)
	if len(e.Verdict.Errors) > 0 {
		msg += ": " + e.Verdict.Errors[0]
		if e.Verdict.ErrorCount > 1 {
			msg += "; ..."
		}
	}
	return msg
}

// Loader builds indexes of the packages under a list of folders, validating each package and
// remembering what it found in a cache keyed by the package's file metadata, so that a later
// Load, in this process or the next one, reads no package content for packages that did not
// change. A Loader is safe for concurrent use; Loads run one at a time.
type Loader struct {
	// Paths are the package roots, as in the configuration's package_paths.
	Paths []string
	// Validation says whether packages are validated and whether invalid ones are served.
	Validation ValidationMode
	// CacheDir is where the cache is kept between runs; empty keeps it in memory only.
	CacheDir string

	load  sync.Mutex // one Load at a time
	mu    sync.Mutex // guards cache
	cache *cache
	now   func() time.Time // time.Now unless a test says otherwise
}

// Report describes one Load: every package found, served or not, and how it was obtained.
type Report struct {
	Validation string          `json:"validation_mode"`
	Validator  string          `json:"validator"`
	Started    time.Time       `json:"started"`
	Duration   time.Duration   `json:"duration_ns"`
	Read       int             `json:"read"`   // packages whose content was read
	Cached     int             `json:"cached"` // packages taken from the cache
	Packages   []PackageReport `json:"packages"`
	CacheError string          `json:"cache_error,omitempty"`
	// Fingerprint identifies the metadata of every package found; two Loads with the same
	// fingerprint give the same index. It is empty when some package's metadata could not be
	// read.
	Fingerprint string `json:"fingerprint"`
}

// PackageReport is one package found by a Load.
type PackageReport struct {
	Found
	Verdict *Verdict `json:"validation,omitempty"`
}

// Found is a package found by a Load: where, and whether it is served.
type Found struct {
	Name    string `json:"name,omitempty"`
	Version string `json:"version,omitempty"`
	Root    string `json:"root"`
	Path    string `json:"path"`
	Zip     bool   `json:"zip"`
	Served  bool   `json:"served"`
	Error   string `json:"error,omitempty"` // why it is not served
}

// result is what loading one source gave.
type result struct {
	src    *source
	root   int
	pkg    *Package
	err    error
	verd   *Verdict
	cached bool
	name   string // of a package refused in strict mode
	vers   string
	key    string
}

// Load builds an index of the packages under l.Paths.
func (l *Loader) Load() (*Index, *Report, error) {
	l.load.Lock()
	defer l.load.Unlock()
	start := time.Now()
	rep := &Report{Validation: l.Validation.String(), Validator: validatorVersion(), Started: start}
	l.mu.Lock()
	if l.cache == nil {
		c, err := openCache(l.CacheDir)
		if err != nil {
			rep.CacheError = err.Error()
		}
		l.cache = c
	}
	l.cache.beginRound()
	l.mu.Unlock()

	roots := make([]fs.FS, len(l.Paths))
	now := l.now
	if now == nil {
		now = time.Now
	}
	abs := make([]string, len(l.Paths))
	lists := make([]*listings, len(l.Paths))
	l.mu.Lock()
	for i, p := range l.Paths {
		roots[i] = os.DirFS(p)
		var prev map[string]*listing
		if a, err := filepath.Abs(p); err == nil {
			abs[i], prev = a, l.cache.folders[a]
		}
		lists[i] = newListings(prev, now(), abs[i])
	}
	l.mu.Unlock()
	var resMu sync.Mutex
	var results []*result
	ranges := &versionRanges{}
	ix, err := buildIndex(roots, lists, func(root int, s *source) (*Package, error) {
		r := l.loadOne(root, abs[root], s, ranges)
		resMu.Lock()
		results = append(results, r)
		resMu.Unlock()
		return r.pkg, r.err
	})
	if err != nil {
		return nil, nil, err
	}
	l.mu.Lock()
	l.cache.setFolders(abs, lists)
	for _, r := range results {
		if r.pkg != nil && r.key != "" {
			l.cache.keepSummary(r.key, ix.Lookup(r.pkg.Name, r.pkg.Version), r.pkg)
		}
	}
	if err := l.cache.endRound(); err != nil && rep.CacheError == "" {
		rep.CacheError = err.Error()
	}
	l.mu.Unlock()

	sort.Slice(results, func(i, j int) bool {
		if results[i].root != results[j].root {
			return results[i].root < results[j].root
		}
		return results[i].src.path < results[j].src.path
	})
	fp := sha256.New()
	for _, r := range results {
		if r.key == "" {
			fp = nil
		} else if fp != nil {
			fp.Write([]byte(r.key))
		}
		pr := PackageReport{Found: Found{Name: r.name, Version: r.vers, Root: l.Paths[r.root], Path: r.src.path, Zip: r.src.zipped}, Verdict: r.verd}
		if r.cached {
			rep.Cached++
		} else {
			rep.Read++
		}
		if r.pkg != nil {
			pr.Name, pr.Version = r.pkg.Name, r.pkg.Version
			if p := ix.Lookup(r.pkg.Name, r.pkg.Version); p != nil && p.src == r.src {
				pr.Served = true
			} else {
				pr.Error = "another copy of this name and version is served"
			}
		}
		if r.err != nil {
			pr.Error = r.err.Error()
		}
		rep.Packages = append(rep.Packages, pr)
	}
	if fp != nil {
		rep.Fingerprint = hex.EncodeToString(fp.Sum(nil))
	}
	rep.Duration = time.Since(start)
	return ix, rep, nil
}

// loadOne loads a source of the root absRoot from the cache, or from its content and then
// validates it.
func (l *Loader) loadOne(root int, absRoot string, s *source, ranges *versionRanges) *result {
	r := &result{src: s, root: root}
	key, err := sourceKey(absRoot, s, l.Validation != ValidationOff)
	r.key = key
	if err == nil {
		l.mu.Lock()
		e := l.cache.get(key)
		l.mu.Unlock()
		if e != nil {
			if r.pkg, r.err = e.restore(s, ranges); r.err == nil || e.Err != "" {
				r.verd, r.cached = e.Verdict, true
				l.refuse(r)
				return r
			}
		}
	}
	r.pkg, r.err = loadSource(s, ranges)
	if l.Validation != ValidationOff {
		r.verd = verdictOf(validator.ValidatePath(filepath.Join(l.Paths[root], filepath.FromSlash(s.path)), validator.Options{}))
	}
	if key != "" {
		e, err := newEntry(r.pkg, r.err, r.verd, s)
		if err == nil {
			l.mu.Lock()
			l.cache.put(key, e)
			l.mu.Unlock()
		}
	}
	l.refuse(r)
	return r
}

// refuse turns an invalid package into a load error in strict mode.
func (l *Loader) refuse(r *result) {
	if r.pkg != nil && r.verd != nil && !r.verd.Valid && l.Validation == ValidationStrict {
		r.name, r.vers = r.pkg.Name, r.pkg.Version
		r.pkg, r.err = nil, &InvalidPackageError{Verdict: r.verd}
	}
	if r.pkg != nil {
		cp := *r.pkg
		cp.Verdict = r.verd
		r.pkg = &cp
	}
}

// Log logs each package served though pkgspec finds it invalid (a warning) and each package
// not served (an error), and returns how many were not served.
func (r *Report) Log(log *slog.Logger) (notServed int) {
	for _, p := range r.Packages {
		switch {
		case p.Served && p.Verdict != nil && !p.Verdict.Valid:
			log.Warn("package served, but pkgspec finds it invalid", "root", p.Root, "path", p.Path,
				"package", p.Name, "version", p.Version, "errors", p.Verdict.ErrorCount, "first_error", p.Verdict.Errors[0])
		case !p.Served && p.Error != "":
			notServed++
			log.Error("package not loaded", "root", p.Root, "path", p.Path, "error", p.Error)
		}
	}
	return notServed
}

// Invalid lists the packages of the report that pkgspec found invalid.
func (r *Report) Invalid() []PackageReport {
	var out []PackageReport
	for _, p := range r.Packages {
		if p.Verdict != nil && !p.Verdict.Valid {
			out = append(out, p)
		}
	}
	return out
}

// Refused lists the packages refused because they are invalid (strict mode).
func (r *Report) Refused() []PackageReport {
	var out []PackageReport
	for _, p := range r.Packages {
		if !p.Served && p.Verdict != nil && !p.Verdict.Valid && strings.HasPrefix(p.Error, "package is invalid") {
			out = append(out, p)
		}
	}
	return out
}
