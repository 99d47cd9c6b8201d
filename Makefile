# The two commands of the README:
#   make run   — build and serve the seed graph on http://127.0.0.1:7878/sparql
#   make test  — run the whole test suite
# Both install what a fresh machine lacks first (scripts/deps.sh).

CARGO ?= cargo
DATA ?= ./data
BIND ?= 127.0.0.1:7878

.PHONY: deps run test build lint bench bench-scale

deps:
	@bash scripts/deps.sh

run: deps
	$(CARGO) run --release -- serve --data $(DATA) --bind $(BIND)

build: deps
	$(CARGO) build --release

test: deps
	$(CARGO) test --doc
	$(CARGO) test --all-targets

bench: deps
	bash scripts/bench.sh

bench-scale: deps
	bash scripts/bench-scale.sh

lint: deps
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings
