GO ?= go

.PHONY: build test check conformance bench perf race fuzz

build:
	$(GO) build -o pkgspec ./code/go/cmd/pkgspec

# The test command README.md gives: vet, formatting and every test.
test:
	@test -z "$$(gofmt -l code spec)" || (echo "gofmt needed:"; gofmt -l code spec; exit 1)
	$(GO) vet ./...
	$(GO) test ./...

conformance:
	python3 ../shared/tools/conformance.py --show 40

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./code/go/...

# The figures of docs/performance.md: the CLI over ../shared/corpus and on its largest package,
# one process per run, side by side with the read-and-parse floor.
perf:
	$(GO) test -run '^$$' -bench 'Corpus(CLI|Floor)$$|LargePackageCLI' -benchtime 10x ./code/go/pkg/validator/

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
