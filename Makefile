# gobrpc: `make demo` runs the main job, `make test` runs every test (interop included).
# Everything the tests need is installed here (npm ci, go build); nothing by hand.

GO    ?= go
NODE  ?= node
NPM   ?= npm
TSC   := node_modules/.bin/tsc
BIN   := interop/bin

# A hang guard per test (not a speed threshold), where this Node has the flag (20.11 and later).
TEST_FLAGS := --test-reporter=spec $(shell $(NODE) --help 2>/dev/null | grep -q -- --test-timeout && echo --test-timeout=120000)

UNIT_TESTS    = build/test/*.test.js
INTEROP_TESTS = build/test/interop/*.test.js

.PHONY: all deps build dist interop-bin test unit interop fixtures demo bench fuzz clean check-go docs docs-check lint format

all: build

node_modules/.package-lock.json: package.json package-lock.json
	$(NPM) ci --no-audit --no-fund

deps: node_modules/.package-lock.json

# build/ holds src, test and bench compiled together (tests import ../src);
# dist/ is the published package, built by `npm pack` as on a fresh clone (prepack empties
# dist/ and compiles it), which also leaves build/gobrpc-VERSION.tgz for test/interop/package.test.
build: deps
	$(TSC) -p tsconfig.test.json
	$(NPM) pack --pack-destination build --silent

# The API reference, generated from the TSDoc comments into docs/api/ (TypeDoc's warnings are
# errors: typedoc.json). docs-check, part of `make test`, runs the same checks writing nothing.
docs: deps
	node_modules/.bin/typedoc

docs-check: deps
	node_modules/.bin/typedoc --emit none

# Static checks, part of `make test`: Biome's linter and formatter check (biome.jsonc; `make format`
# rewrites what the check rejects) and tsconfig.gob.json, which compiles src/gob and src/schema with no @types/node and no DOM
# (`types: []`, lib ES2022), so the codec provably uses nothing from Node.
lint: deps
	node_modules/.bin/biome check --error-on-warnings
	$(TSC) -p tsconfig.gob.json

format: deps
	node_modules/.bin/biome format --write

check-go:
	@command -v $(GO) >/dev/null 2>&1 || { \
	  echo "error: the Go toolchain ('$(GO)') is not on PATH; the interop tests and fixtures need it." >&2; \
	  echo "       Install Go (https://go.dev/dl) and run 'make test' again." >&2; exit 1; }

# One binary per interop program, built once per run. interop/cancel and interop/cancelserver
# are modules of their own (they need github.com/keegancsmith/rpc, fetched by go from the module
# proxy against their committed go.sum), so that interop's main module stays standard-library-only.
interop-bin: check-go
	cd interop && $(GO) vet ./... && $(GO) build -o bin/ ./...
	cd interop/cancel && $(GO) vet ./... && $(GO) build -o ../bin/ ./...
	cd interop/cancelserver && $(GO) vet . && $(GO) build -o ../bin/ .

unit: build
	$(NODE) --test $(TEST_FLAGS) $(UNIT_TESTS)

interop: build interop-bin
	$(NODE) --test $(TEST_FLAGS) $(INTEROP_TESTS)

test: lint build interop-bin docs-check
	$(NODE) --test $(TEST_FLAGS) $(UNIT_TESTS) $(INTEROP_TESTS)

# Regenerates the committed golden files from real Go.
fixtures: interop-bin
	$(BIN)/gobfixtures -out fixtures

demo: build interop-bin
	$(NODE) build/examples/demo.js

bench: build interop-bin
	$(NODE) build/bench/run.js

# The long fuzz campaign (test/fuzz/): 10^6 inputs by default, in worker threads under a hang
# watchdog; findings go to fixtures/fuzz-regressions/pending/. `make test` runs a short
# fixed-seed slice of it. Knobs: FUZZ_INPUTS, FUZZ_SECONDS, FUZZ_SEED, FUZZ_WORKERS, FUZZ_HANG_MS.
fuzz: build
	FUZZ_INPUTS=$(FUZZ_INPUTS) FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_SEED=$(FUZZ_SEED) FUZZ_WORKERS=$(FUZZ_WORKERS) \
	  FUZZ_HANG_MS=$(FUZZ_HANG_MS) FUZZ_FROM=$(FUZZ_FROM) $(NODE) build/test/fuzz/campaign.js

clean:
	rm -rf build dist docs/api $(BIN)
