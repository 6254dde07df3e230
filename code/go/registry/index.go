package registry

import (
	"fmt"
	"io/fs"
	"runtime"
	"sort"
	"sync"

	"github.com/pkgspec/pkgspec/code/go/pkg/manifest"
)

// Index is an immutable set of loaded packages. Packages from zip files and packages from
// folders are kept apart: a zip file wins over a folder holding the same name and version,
// wherever each is; among zip files, and among folders, the first root wins.
type Index struct {
	zips    []*Package
	folders []*Package
	byKey   map[[2]string]*Package // name and version; a zip wins over a folder
	// Problems lists the packages that could not be loaded and are not served.
	Problems []Problem
}

// Problem is a package that could not be loaded.
type Problem struct {
	Root     int    // index of the root in the list given to BuildIndex
	Location string // zip file or folder, relative to the root
	Err      error
}

func (p Problem) Error() string { return fmt.Sprintf("root %d: %s: %v", p.Root, p.Location, p.Err) }

// BuildIndex loads the packages found in roots, in order: NAME/VERSION folders two levels
// down, and .zip files at any depth. Packages that cannot be loaded are left out and listed in
// Problems. An error is returned only when a root cannot be read at all.
func BuildIndex(roots []fs.FS) (*Index, error) {
	ranges := &versionRanges{}
	return buildIndex(roots, nil, func(_ int, s *source) (*Package, error) { return loadSource(s, ranges) })
}

// buildIndex is BuildIndex with the way each source is loaded given: load receives the index
// of the source's root, and is called on all cores. lists, when not nil, has the folder
// listings to reuse and remember for each root.
func buildIndex(roots []fs.FS, lists []*listings, load func(root int, s *source) (*Package, error)) (*Index, error) {
	var zipSrcs, folderSrcs []*source
	var srcRoot = map[*source]int{}
	for i, root := range roots {
		var ls *listings
		if lists != nil {
			ls = lists[i]
		}
		zips, folders, err := findSources(root, ls)
		if err != nil {
			return nil, fmt.Errorf("reading package root %d: %w", i, err)
		}
		for _, z := range zips {
			s := &source{root: root, path: z, zipped: true}
			zipSrcs = append(zipSrcs, s)
			srcRoot[s] = i
		}
		for _, f := range folders {
			s := &source{root: root, path: f.path, walk: f}
			folderSrcs = append(folderSrcs, s)
			srcRoot[s] = i
		}
	}
	ix := &Index{}
	for _, group := range []struct {
		srcs []*source
		dst  *[]*Package
	}{{zipSrcs, &ix.zips}, {folderSrcs, &ix.folders}} {
		pkgs, errs := loadAll(group.srcs, func(s *source) (*Package, error) {
			p, err := load(srcRoot[s], s)
			s.walk = nil // served packages keep their source: not what finding it saw
			return p, err
		})
		for i, err := range errs {
			if err != nil {
				s := group.srcs[i]
				ix.Problems = append(ix.Problems, Problem{Root: srcRoot[s], Location: s.path, Err: err})
			}
		}
		*group.dst = propagateDeprecation(dedupe(pkgs))
	}
	if err := encodeSummaries(ix.zips, ix.folders); err != nil {
		return nil, err
	}
	ix.byKey = map[[2]string]*Package{}
	for _, p := range ix.Packages() {
		ix.byKey[[2]string{p.Name, p.Version}] = p
	}
	return ix, nil
}

// loadAll loads sources on all cores, keeping their order.
func loadAll(srcs []*source, load func(*source) (*Package, error)) ([]*Package, []error) {
	pkgs := make([]*Package, len(srcs))
	errs := make([]error, len(srcs))
	work := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				pkgs[i], errs[i] = load(srcs[i])
			}
		}()
	}
	for i := range srcs {
		work <- i
	}
	close(work)
	wg.Wait()
	return pkgs, errs
}

// loadSource reads the package of s, its version ranges parsed by ranges.
func loadSource(s *source, ranges *versionRanges) (*Package, error) {
	if s.zipped {
		r, c, err := s.openZip()
		if err != nil {
			return nil, fmt.Errorf("invalid zip file: %w", err)
		}
		s.top, err = zipTop(r)
		c.Close()
		if err != nil {
			return nil, err
		}
	}
	return load(s, ranges)
}

// encodeSummaries encodes, on all cores, the /search entry of each package.
func encodeSummaries(groups ...[]*Package) error {
	var all []*Package
	for _, g := range groups {
		all = append(all, g...)
	}
	work := make(chan *Package)
	errs := make(chan error, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			for p := range work {
				if err == nil && p.summary == nil {
					var d *Document
					if d, err = p.Document(); err == nil {
						p.summary, err = encodeSummary(d.summary(d.PolicyTemplates))
					}
				}
			}
			errs <- err
		}()
	}
	for _, p := range all {
		work <- p
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return fmt.Errorf("encoding a search entry: %w", err)
		}
	}
	return nil
}

// dedupe drops nil entries and later copies of a name and version.
func dedupe(pkgs []*Package) []*Package {
	seen := map[[2]string]bool{}
	out := pkgs[:0]
	for _, p := range pkgs {
		if p == nil {
			continue
		}
		k := [2]string{p.Name, p.Version}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, p)
	}
	return out
}

// propagateDeprecation gives every version of a package the deprecation notice of its newest
// deprecated version, so that older versions show it too.
func propagateDeprecation(pkgs []*Package) []*Package {
	newest := map[string]*Package{}
	for _, p := range pkgs {
		if p.deprecated == nil {
			continue
		}
		if cur, ok := newest[p.Name]; !ok || p.version.GreaterThan(cur.version) {
			newest[p.Name] = p
		}
	}
	for i, p := range pkgs {
		if d, ok := newest[p.Name]; ok && p.deprecated != d.deprecated {
			cp := *p
			cp.summary = nil // it showed the package's own notice
			cp.deprecated = d.deprecated
			cp.doc = &lazyDoc{base: p.doc, deprecated: d.deprecated}
			pkgs[i] = &cp
		}
	}
	return pkgs
}

// Packages returns every package of the index: those from zip files first, then those from
// folders that no zip file provides.
func (ix *Index) Packages() []*Package {
	return join(ix.zips, ix.folders)
}

// Len is the number of packages served.
func (ix *Index) Len() int { return len(ix.byKey) }

// join appends to a the packages of b whose name and version a does not have.
func join(a, b []*Package) []*Package {
	if len(a) == 0 {
		return b
	}
	have := make(map[[2]string]bool, len(a))
	for _, p := range a {
		have[[2]string{p.Name, p.Version}] = true
	}
	out := append([]*Package(nil), a...)
	for _, p := range b {
		if !have[[2]string{p.Name, p.Version}] {
			out = append(out, p)
		}
	}
	return out
}

// Lookup returns the package with this exact name and version, or nil.
func (ix *Index) Lookup(name, version string) *Package {
	return ix.byKey[[2]string{name, version}]
}

// Find returns the packages that pass the filter f. Each of the zip and folder groups is
// filtered on its own (newest version per name, then category), then the two are joined and,
// unless f.All, the newest version of each name is kept.
func (ix *Index) Find(f *Filter) ([]Result, error) {
	a, err := f.apply(ix.zips)
	if err != nil {
		return nil, err
	}
	b, err := f.apply(ix.folders)
	if err != nil {
		return nil, err
	}
	res := joinResults(a, b)
	if !f.All {
		res = newestPerName(res)
	}
	return res, nil
}

// Result is a package found by a search, with the policy templates to show for it when a
// category search shows only some of them.
type Result struct {
	*Package
	// Trimmed tells that Templates, not all of the package's policy templates, are shown.
	Trimmed   bool
	Templates []manifest.PolicyTemplate
}

func joinResults(a, b []Result) []Result {
	if len(a) == 0 {
		return b
	}
	have := make(map[[2]string]bool, len(a))
	for _, r := range a {
		have[[2]string{r.Name, r.Version}] = true
	}
	for _, r := range b {
		if !have[[2]string{r.Name, r.Version}] {
			a = append(a, r)
		}
	}
	return a
}

// newestPerName keeps the newest version of each name, sorted by name.
func newestPerName(res []Result) []Result {
	sort.SliceStable(res, func(i, j int) bool {
		if res[i].Name != res[j].Name {
			return res[i].Name < res[j].Name
		}
		return res[j].version.LessThan(res[i].version)
	})
	var out []Result
	for _, r := range res {
		if len(out) > 0 && out[len(out)-1].Name == r.Name {
			continue
		}
		out = append(out, r)
	}
	return out
}
