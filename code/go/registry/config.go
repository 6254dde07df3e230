package registry

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/pkgspec/pkgspec/code/go/pkg/manifest"
)

// Config is the registry's configuration file, in the Elastic Package Registry's format:
//
//	package_paths:
//	  - ./packages
//	cache_time.index: 10s
//	cache_time.search: 10m
//	cache_time.categories: 10m
//	cache_time.catch_all: 10m
//
// Keys may be dotted or nested; durations are Go durations ("90s", "1h30m") or seconds. Keys
// the registry does not use are ignored.
type Config struct {
	PackagePaths []string `yaml:"package_paths"`
	CacheTime    struct {
		Index      Duration `yaml:"index"`
		Search     Duration `yaml:"search"`
		Categories Duration `yaml:"categories"`
		CatchAll   Duration `yaml:"catch_all"`
	} `yaml:"cache_time"`
}

// Duration is a time.Duration read from YAML.
type Duration time.Duration

// UnmarshalYAML reads a Go duration string, or a number of seconds.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: a duration must be a string such as 10s", n.Line)
	}
	if v, err := time.ParseDuration(n.Value); err == nil {
		*d = Duration(v)
		return nil
	}
	if secs, err := strconv.ParseFloat(n.Value, 64); err == nil {
		*d = Duration(secs * float64(time.Second))
		return nil
	}
	return fmt.Errorf("line %d: invalid duration %q", n.Line, n.Value)
}

// ReadConfig reads a configuration file. Missing cache times get the EPR's defaults.
func ReadConfig(name string) (*Config, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	c := &Config{}
	c.CacheTime.Index = Duration(DefaultCacheTimeIndex)
	c.CacheTime.Search = Duration(DefaultCacheTimeSearch)
	c.CacheTime.Categories = Duration(DefaultCacheTimeCategories)
	c.CacheTime.CatchAll = Duration(DefaultCacheTimeCatchAll)
	if err := manifest.Decode(b, c); err != nil && !errors.Is(err, manifest.ErrEmpty) {
		return nil, fmt.Errorf("reading config failed (path: %s): %w", name, err)
	}
	for key, d := range map[string]Duration{"index": c.CacheTime.Index, "search": c.CacheTime.Search,
		"categories": c.CacheTime.Categories, "catch_all": c.CacheTime.CatchAll} {
		if d <= 0 {
			return nil, fmt.Errorf("reading config failed (path: %s): cache_time.%s must be greater than 0s", name, key)
		}
	}
	return c, nil
}

// Roots opens the package paths as file systems, relative to the working directory. A path
// may also name a single .zip file.
func (c *Config) Roots() []fs.FS {
	roots := make([]fs.FS, len(c.PackagePaths))
	for i, p := range c.PackagePaths {
		if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() && strings.HasSuffix(p, ".zip") {
			roots[i] = zipFileRoot{dir: os.DirFS(filepath.Dir(p)), name: filepath.Base(p)}
			continue
		}
		roots[i] = os.DirFS(p)
	}
	return roots
}

// zipFileRoot is a root holding one zip file (and its signature) of a folder.
type zipFileRoot struct {
	dir  fs.FS
	name string
}

func (r zipFileRoot) Open(name string) (fs.File, error) {
	if name != r.name && name != r.name+".sig" && name != "." {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return r.dir.Open(name)
}

func (r zipFileRoot) ReadDir(name string) ([]fs.DirEntry, error) {
	if name != "." {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	info, err := fs.Stat(r.dir, r.name)
	if err != nil {
		return nil, err
	}
	return []fs.DirEntry{fs.FileInfoToDirEntry(info)}, nil
}

// Options returns server options with the cache times of the configuration.
func (c *Config) Options() Options {
	return Options{
		CacheTimeIndex:      time.Duration(c.CacheTime.Index),
		CacheTimeSearch:     time.Duration(c.CacheTime.Search),
		CacheTimeCategories: time.Duration(c.CacheTime.Categories),
		CacheTimeCatchAll:   time.Duration(c.CacheTime.CatchAll),
	}
}
