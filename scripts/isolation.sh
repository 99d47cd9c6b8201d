#!/usr/bin/env bash
# Isolation: throughput of a simple lookup (wrk, $CONNS connections, $SECONDS_ s) alone,
# then while four pathological queries run in loops (each re-sent when answered), on the
# seed graph with --query-timeout $TIMEOUT. Prints both rates and their ratio (target ≥ 0.90).
# Usage: bash scripts/isolation.sh   (needs wrk: apt-get install wrk)
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
TIMEOUT="${TIMEOUT:-5}" CONNS="${CONNS:-8}" SECONDS_="${SECONDS_:-8}"
"$BIN" serve --in-memory --bind "127.0.0.1:$port" --query-timeout "$TIMEOUT" 2>"$work/log" &
wait_up
enc() { python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
lookup="http://127.0.0.1:$port/sparql?query=$(enc 'SELECT ?p ?o WHERE { <https://w3id.org/maillage/id/dispositif/cpts> ?p ?o }')"
rate() {  # requests/s and non-2xx of one wrk run
  wrk -t2 -c"$CONNS" -d"${SECONDS_}s" "$lookup" > "$work/wrk"
  awk '/Requests\/sec/ {r=$2} /Non-2xx/ {n=$NF} END {printf "%s %s\n", r, (n==""?0:n)}' "$work/wrk"
}
read -r alone alone_bad < <(rate)
pathological=(
  'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }'
  'SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f'
  'SELECT (COUNT(*) AS ?n) WHERE { ?s (a|^a)* ?o . ?o ?q ?r }'
  'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?t ?q ?l FILTER(REGEX(STR(?l), "(a|b|c)*z$")) }'
)
for q in "${pathological[@]}"; do
  ( while true; do curl -s -o /dev/null --max-time 120 "http://127.0.0.1:$port/sparql" --data-urlencode "query=$q"; done ) &
done
sleep 1
read -r loaded loaded_bad < <(rate)
echo "simple lookup alone:                 $alone req/s ($alone_bad non-2xx)"
echo "with four pathological queries:      $loaded req/s ($loaded_bad non-2xx)"
python3 -c "print(f'isolation ratio: {float($loaded)/float($alone):.2f} (target >= 0.90)')"
