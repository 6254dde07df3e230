// Package registry serves packages to Fleet the way the Elastic Package Registry (EPR) does:
// the same endpoints, documents, status codes, error texts and headers, from packages kept in
// folders or zip files under an ordered list of roots (fs.FS).
//
// From files to answers:
//
//	source.go      where a package is: a NAME/VERSION folder or a .zip file in a root
//	package.go     a package in the index
//	load.go        reading a package (with pkg/manifest) and computing its document
//	checks.go      what a package must have to be served, as the EPR checks it at load
//	fields.go      the fields every data stream must define
//	index.go       the packages of all roots, zip over folder, first root first
//	filter.go      choosing packages: versions, prereleases, conditions, categories
//	query.go       /search and /categories parameters
//	search.go      /search
//	tables.go      the categories and ingestion methods, kept as data (*.txt)
//	categories.go  /categories
//	packagedoc.go  the package documents, and /package/NAME/VERSION/
//	files.go       /package/NAME/VERSION/FILE
//	zip.go         /epr/NAME/NAME-VERSION.zip and .zip.sig
//	service.go     /, /index.json, /health, /favicon.ico
//	server.go      routing, headers, Server and its Options
//	config.go      the EPR's configuration file
//
// Around the API:
//
//	loader.go      Loader: the index with each package's pkgspec verdict (report, strict, off)
//	cache.go       the warm-start cache, keyed by file metadata and the validator's version
//	reloader.go    Reloader: load, watch and swap the index; /debug/packages; the whole handler
//	middleware.go  ETags, 304 Not Modified and gzip
//	memo.go        answers computed from the index, remembered until it changes
//	metrics.go     Prometheus metrics under the EPR's epr_* names
//	accesslog.go   access logs with the EPR's ECS fields, through log/slog
//
// A Server is a plain http.Handler. Its Index is built with BuildIndex and can be replaced at
// any time with SetIndex; a Reloader is the one way to load, validate, watch and swap it.
// Requests in flight keep the index they started with.
//
// Where it knowingly differs from the EPR: a package that cannot be loaded is left out (and
// listed in Index.Problems) rather than stopping the server; signatures are not required;
// /health and the package endpoints answer 503 until the first index is set; a folder asked
// for as a file answers 500 rather than a broken response; symbolic links leading out of a
// package are not served; the favicon is our own.
package registry
