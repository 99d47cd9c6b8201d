#!/usr/bin/env bash
# Imports at scale: POST /imports of N synthetic triples with validation on and off, next
# to `oxigraph load` of the same file, one run. Writes bench/results/imports-<date>.md.
#   bash scripts/bench-imports.sh                 # N = 10^5, 10^6
#   SIZES=1e5 bash scripts/bench-imports.sh
# Installs what it needs first: the virtualenv with the oxigraph CLI, the release build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/deps.sh
bash scripts/test-env.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/maillage/target}"
cargo build -q --release
venv="${MAILLAGE_VENV:-$HOME/.cache/maillage/venv}"
exec python3 bench/imports.py \
  --maillage "$CARGO_TARGET_DIR/release/maillage" \
  --oxigraph "$venv/bin/oxigraph" \
  --sizes "${SIZES:-1e5,1e6}" \
  "$@"
