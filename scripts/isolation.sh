#!/usr/bin/env bash
# Isolation: throughput of a simple lookup (wrk, $CONNS connections, $SECONDS_ s) alone,
# then while four pathological queries run in loops (each re-sent when answered), on the
# seed graph with --query-timeout $TIMEOUT; $ROUNDS interleaved rounds (the machine may be
# shared), each round's ratio and the median. Target: ≥ 0.90.
# Usage: bash scripts/isolation.sh   (needs wrk: apt-get install wrk)
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
TIMEOUT="${TIMEOUT:-5}" CONNS="${CONNS:-8}" SECONDS_="${SECONDS_:-6}" ROUNDS="${ROUNDS:-3}"
"$BIN" serve --in-memory --bind "127.0.0.1:$port" --query-timeout "$TIMEOUT" --max-concurrent-queries "${MAXQ:-8}" 2>"$work/log" &
wait_up
enc() { python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
lookup="http://127.0.0.1:$port/sparql?query=$(enc 'SELECT ?p ?o WHERE { <https://w3id.org/maillage/id/dispositif/cpts> ?p ?o }')"
rate() {  # requests/s and non-2xx of one wrk run
  wrk -t2 -c"$CONNS" -d"${SECONDS_}s" "$lookup" > "$work/wrk"
  awk '/Requests\/sec/ {r=$2} /Non-2xx/ {n=$NF} END {printf "%s %s\n", r, (n==""?0:n)}' "$work/wrk"
}
running() { curl -s "http://127.0.0.1:$port/healthz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["queries"]["running"])'; }
pathological=(
  'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }'
  'SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f'
  'SELECT (COUNT(*) AS ?n) WHERE { ?s (a|^a)* ?o . ?o ?q ?r }'
  'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?t ?q ?l FILTER(REGEX(CONCAT(STR(?o), STR(?l)), "(a|b|c)*z$")) }'
)
ratios=()
for round in $(seq 1 "$ROUNDS"); do
  while [ "$(running)" != 0 ]; do sleep 0.1; done
  read -r alone alone_bad < <(rate)
  loops=()
  for q in "${pathological[@]}"; do
    ( while true; do curl -s -o /dev/null --max-time 120 "http://127.0.0.1:$port/sparql" --data-urlencode "query=$q"; done ) &
    loops+=($!)
  done
  sleep 1
  ( sleep $(( SECONDS_ / 2 )); curl -s "http://127.0.0.1:$port/healthz" > "$work/mid" ) &
  read -r loaded loaded_bad < <(rate)
  kill "${loops[@]}" 2>/dev/null; wait "${loops[@]}" 2>/dev/null || true
  ratio=$(python3 -c "print(f'{float($loaded)/float($alone):.2f}')")
  ratios+=("$ratio")
  echo "round $round: alone $alone req/s ($alone_bad non-2xx), beside four pathological queries $loaded req/s ($loaded_bad non-2xx): ratio $ratio"
  echo "  healthz midway: $(cat "$work/mid")"
done
echo "isolation ratio (median of $ROUNDS): $(printf '%s\n' "${ratios[@]}" | median) (target >= 0.90)"
