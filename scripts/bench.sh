#!/usr/bin/env bash
# Benchmarks of maillage, printed as figures and as ratios measured in one run
# (machines are noisy: compare ratios, not absolute times).
#   bash scripts/bench.sh            # release build (first time: ~12 min)
#   PROFILE=dev bash scripts/bench.sh
source "$(dirname "$0")/bench-lib.sh"

t=$(date +%s%N); "$BIN" build --out "$work/a.nq"; build_ms=$(ms "$t")
quads=$(wc -l < "$work/a.nq")
"$BIN" build --out "$work/b.nq"; cmp -s "$work/a.nq" "$work/b.nq" && same=yes || same=NO

t=$(date +%s%N); "$BIN" serve --data "$work/store" --bind "127.0.0.1:$port" 2>"$work/log1" & pid=$!
wait_up; first_ms=$(ms "$t"); kill $pid; wait $pid 2>/dev/null || true
t=$(date +%s%N); "$BIN" serve --data "$work/store" --bind "127.0.0.1:$port" 2>"$work/log2" & pid=$!
wait_up; again_ms=$(ms "$t")

echo 'ASK { ?s ?p ?o }' > "$work/ask.rq"
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
