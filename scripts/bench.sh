#!/usr/bin/env bash
# Benchmarks of maillage, printed as figures and as ratios measured in one run
# (machines are noisy: compare ratios, not absolute times).
#   bash scripts/bench.sh            # release build (first time: ~12 min)
#   PROFILE=dev bash scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
PROFILE="${PROFILE:-release}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/maillage/target}"
if [ "$PROFILE" = release ]; then cargo build -q --release; BIN="$CARGO_TARGET_DIR/release/maillage"
else cargo build -q; BIN="$CARGO_TARGET_DIR/debug/maillage"; fi
work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
port=$(( 20000 + RANDOM % 20000 ))

t=$(date +%s%N); "$BIN" build --out "$work/a.nq"; build_ms=$(ms "$t")
quads=$(wc -l < "$work/a.nq")
"$BIN" build --out "$work/b.nq"; cmp -s "$work/a.nq" "$work/b.nq" && same=yes || same=NO

wait_up() { for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return 0; sleep 0.05; done; return 1; }
t=$(date +%s%N); "$BIN" serve --data "$work/store" --bind "127.0.0.1:$port" 2>"$work/log1" & pid=$!
wait_up; first_ms=$(ms "$t"); kill $pid; wait $pid 2>/dev/null || true
t=$(date +%s%N); "$BIN" serve --data "$work/store" --bind "127.0.0.1:$port" 2>"$work/log2" & pid=$!
wait_up; again_ms=$(ms "$t")

q() { curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port/sparql" -H 'Accept: application/sparql-results+json' --data-urlencode "query@$1"; }
echo 'ASK { ?s ?p ?o }' > "$work/ask.rq"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
base=$(for _ in $(seq 1 20); do q "$work/ask.rq"; done | median)
echo "profile: $PROFILE"
echo "build: ${build_ms} ms for ${quads} quads; identical bytes twice: $same"
echo "serve, first start (builds and loads the seeds): ${first_ms} ms"
echo "serve, restart on the existing store: ${again_ms} ms (ratio to first start: $(awk "BEGIN {printf \"%.2f\", $again_ms/$first_ms}"))"
echo "trivial ASK over HTTP, median of 20: $(awk "BEGIN {printf \"%.1f\", $base*1000}") ms"
for f in queries/*.rq; do
  med=$(for _ in $(seq 1 10); do q "$f"; done | median)
  echo "$(basename "$f" .rq): median $(awk "BEGIN {printf \"%.1f\", $med*1000}") ms, $(awk "BEGIN {printf \"%.1f\", $med/$base}")x the trivial ASK"
done
kill $pid
