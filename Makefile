GO ?= go

.PHONY: build test check conformance bench perf perf-registry registry race fuzz

build:
	$(GO) build -o pkgspec ./code/go/cmd/pkgspec

# The test command README.md gives: vet, formatting and every test.
test:
	@test -z "$$(gofmt -l code spec)" || (echo "gofmt needed:"; gofmt -l code spec; exit 1)
	$(GO) vet ./...
	$(GO) test ./...

conformance:
	PKGSPEC_LINK_ROOT=$$(cd ../shared/corpus && pwd) python3 ../shared/tools/conformance.py --show 40

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./code/go/...

# The figures of docs/performance.md: the CLI over ../shared/corpus and on its largest package,
# one process per run, side by side with the read-and-parse floor.
perf:
	$(GO) test -run '^$$' -bench 'Corpus(CLI|Floor)$$|LargePackageCLI' -benchtime 10x ./code/go/pkg/validator/

# The registry figures of docs/performance.md: cold start over the corpus with validation, warm
# start over 1,000 versions, /search over 2,000 versions.
perf-registry:
	$(GO) test -run '^$$' -bench 'ColdStartCorpus|WarmStart|Search' -benchtime 20x -timeout 60m ./code/go/registry/

# Serves test/packages as a package registry on localhost:8080 (README.md, "Run a registry"):
# each package is copied to build/registry/packages/NAME/VERSION, the layout registries read.
REGISTRY_FLAGS ?= --log-type dev --cache-dir build/registry/cache
registry:
	rm -rf build/registry/packages
	for p in test/packages/*/; do \
		n=$$(basename $$p); v=$$(sed -n 's/^version: *//p' $$p/manifest.yml | head -n 1 | tr -d "\"' "); \
		mkdir -p build/registry/packages/$$n && cp -R $$p build/registry/packages/$$n/$$v; \
	done
	$(GO) run ./code/go/cmd/pkgspec serve --config test/registry/config.yml $(REGISTRY_FLAGS)

# The race detector over the code that runs concurrently (validator, loader, caches, rules).
race:
	$(GO) test -race ./code/go/pkg/validator/ ./code/go/internal/...

# Each fuzz target for FUZZTIME (one target at a time; go test -fuzz takes one package).
FUZZTIME ?= 20s
FUZZPARALLEL ?= 1
FUZZFLAGS = -run '^$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s -parallel $(FUZZPARALLEL)
fuzz:
	$(GO) test $(FUZZFLAGS) -fuzz '^FuzzManifest$$' ./code/go/internal/content/
	$(GO) test $(FUZZFLAGS) -fuzz '^FuzzZip$$' ./code/go/internal/pkgfs/
	$(GO) test $(FUZZFLAGS) -fuzz '^FuzzValidateFS$$' ./code/go/pkg/validator/
	$(GO) test $(FUZZFLAGS) -fuzz '^FuzzParseTemplate$$' ./code/go/internal/rules/
	$(GO) test $(FUZZFLAGS) -fuzz '^FuzzText$$' ./code/go/internal/output/
