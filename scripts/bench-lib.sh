# Shared set-up of the benchmark scripts (sourced, not run): builds the
# binary for $PROFILE, gives a work folder removed on exit, a free-ish
# loopback port, a millisecond clock, an HTTP query timer and a median.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/deps.sh
PROFILE="${PROFILE:-release}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/maillage/target}"
if [ "$PROFILE" = release ]; then cargo build -q --release; BIN="$CARGO_TARGET_DIR/release/maillage"
else cargo build -q; BIN="$CARGO_TARGET_DIR/debug/maillage"; fi
work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(( 20000 + RANDOM % 20000 ))
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# Seconds one query file takes over HTTP (JSON results, body discarded).
q() { curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port/sparql" -H 'Accept: application/sparql-results+json' --data-urlencode "query@$1"; }
wait_up() { for _ in $(seq 1 1200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return 0; sleep 0.05; done; return 1; }
