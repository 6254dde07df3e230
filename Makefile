GO ?= go

.PHONY: build test check conformance bench

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
