#!/usr/bin/env bash
# maillage against Oxigraph's own server (the `oxigraph` CLI of the same engine version),
# same data, same machine, one run: loads, first start, the query mix at 1, 8 and 32
# connections, views, imports, memory. Writes bench/results/<date>.md, .json and .svg.
#   bash scripts/bench-compare.sh                       # N = 10^5, 10^6, 10^7
#   SIZES=1e5,1e6 DURATION=3 bash scripts/bench-compare.sh
# Installs what it needs first: the Python virtualenv with the oxigraph CLI
# (scripts/test-env.sh), wrk (scripts/bench-tools.sh), the release build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/deps.sh
bash scripts/test-env.sh
bash scripts/bench-tools.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/maillage/target}"
cargo build -q --release
venv="${MAILLAGE_VENV:-$HOME/.cache/maillage/venv}"
exec python3 bench/compare.py \
  --maillage "$CARGO_TARGET_DIR/release/maillage" \
  --oxigraph "$venv/bin/oxigraph" \
  --sizes "${SIZES:-1e5,1e6,1e7}" \
  --connections "${CONNECTIONS:-1,8,32}" \
  --duration "${DURATION:-5}" \
  "$@"
