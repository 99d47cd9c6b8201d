# The two commands of the README:
#   make run   — build and serve the seed graph on http://127.0.0.1:7878/sparql
#   make test  — run the whole test suite
# Both install what a fresh machine lacks first (scripts/deps.sh). Everything
# builds the release profile, so the dependencies are compiled once for both.

CARGO ?= cargo
DATA ?= ./data
BIND ?= 127.0.0.1:7878
# The test virtualenv (scripts/test-env.sh) and the interpreter the tests drive.
export MAILLAGE_VENV ?= $(HOME)/.cache/maillage/venv
export MAILLAGE_TEST_PYTHON ?= $(MAILLAGE_VENV)/bin/python

.PHONY: deps test-env browser bench-tools run test build lint bench bench-scale bench-views bench-compare bench-imports

deps:
	@bash scripts/deps.sh

test-env:
	@bash scripts/test-env.sh

browser:
	@bash scripts/browser.sh

bench-tools:
	@bash scripts/bench-tools.sh

run: deps
	$(CARGO) run --release -- serve --data $(DATA) --bind $(BIND)

build: deps
	$(CARGO) build --release

test: deps test-env browser bench-tools
	$(CARGO) test --release --all-targets
	$(CARGO) test --release --doc

bench: deps
	bash scripts/bench.sh

bench-scale: deps
	bash scripts/bench-scale.sh

bench-views: deps
	bash scripts/bench-views.sh

bench-compare: deps
	bash scripts/bench-compare.sh

bench-imports: deps
	bash scripts/bench-imports.sh

lint: deps
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --release --all-targets -- -D warnings
