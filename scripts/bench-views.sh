#!/usr/bin/env bash
# Latency of every view and minted IRI over the seed graph, next to /healthz on the
# same server, measured with wrk (apt-get install wrk): the first request (it runs the
# page's queries, unless a page before it ran them: results are kept until the next
# write), then p50 and p99 of each path under $CONNECTIONS connections for $DURATION
# (a request may take up to 60 s), and p50 as a ratio to /healthz's p50. A path whose
# requests all take longer than $DURATION shows one sample.
#   bash scripts/bench-views.sh
#   COPIES=40 bash scripts/bench-views.sh   # about 10^6 quads: seeds copied COPIES times
#   DATA=dir DOC=id bash scripts/bench-views.sh   # serve an existing store (DOC: a document id in it)
source "$(dirname "$0")/bench-lib.sh"
command -v wrk >/dev/null || { echo "bench-views: wrk is needed (apt-get install wrk)" >&2; exit 1; }
DURATION="${DURATION:-5s}"
CONNECTIONS="${CONNECTIONS:-4}"
COPIES="${COPIES:-1}"

if [ "$COPIES" -gt 1 ]; then
  mkdir -p "$work/seeds"
  for i in $(seq 1 "$COPIES"); do
    for f in seeds/*.txt; do cp "$f" "$work/seeds/c${i}_$(basename "$f")"; done
  done
  "$BIN" build --seeds "$work/seeds" --out "$work/graph.nq"
  "$BIN" load --data "$work/store" "$work/graph.nq" >/dev/null
  DOC="c1_001_49a27ccff87efa44"
fi
"$BIN" serve --data "${DATA:-$work/store}" --bind "127.0.0.1:$port" 2>"$work/log" & pid=$!
wait_up
quads=$(curl -s "http://127.0.0.1:$port/sparql" -H 'Accept: text/csv' \
  --data-urlencode 'query=SELECT (COUNT(*) AS ?n) { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }' | sed -n 2p | tr -d '\r')

# p50 and p99 in ms of one path (HTML unless a second argument gives Accept).
lat() {
  first=$(curl -s -o /dev/null -w '%{time_total}' -H "Accept: ${2:-text/html}" "http://127.0.0.1:$port$1" \
    | awk '{printf "%.2f", $1*1000}')
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --timeout 60s --latency -H "Accept: ${2:-text/html}" \
    "http://127.0.0.1:$port$1" > "$work/wrk.txt"
  p50=$(awk '$1=="50%"{print $2}' "$work/wrk.txt"); p99=$(awk '$1=="99%"{print $2}' "$work/wrk.txt")
  errors=$(grep -c "Non-2xx\|Socket errors" "$work/wrk.txt" || true)
  if [ -z "$p50" ] || [ "$(to_ms "$p50")" = "0.00" ]; then
    # Slower than the run: time 3 requests one by one (median and max).
    for _ in 1 2 3; do
      curl -s -o /dev/null -w '%{time_total}\n' -H "Accept: ${2:-text/html}" "http://127.0.0.1:$port$1"
    done | sort -n > "$work/curl.txt"
    echo "$first $(awk 'NR==2{printf "%.2f", $1*1000}' "$work/curl.txt") $(awk 'NR==3{printf "%.2f", $1*1000}' "$work/curl.txt") slow"
    return
  fi
  echo "$first $(to_ms "$p50") $(to_ms "$p99") $errors"
}
to_ms() { awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n+=0; else if (v ~ /s$/) n*=1000; printf "%.2f", n }'; }

echo "graph: $quads quads; wrk, $CONNECTIONS connections, $DURATION per path"
read -r _ h50 h99 _ <<<"$(lat /healthz application/json)"
printf "%-44s                    p50 %8s ms  p99 %8s ms\n" "/healthz" "$h50" "$h99"
for path in / "/recherche?q=cpts" /textes "/textes?type=Loi" /dispositifs /acteurs /territoires \
    /references /documents /lois-dispositifs /id/loi/2016-41 /id/dispositif/cpts /id/acteur/ars \
    /id/territoire/bretagne "/document/${DOC:-001_49a27ccff87efa44}" /def /api/queries \
    /api/queries/laws-created-dispositifs "/id/dispositif/cpts text/turtle" "/id/loi/2016-41 text/turtle"; do
  read -r p accept <<<"$path"
  read -r first p50 p99 errors <<<"$(lat "$p" "${accept:-text/html}")"
  ratio=$(awk -v a="$p50" -v b="$h50" 'BEGIN { if (b > 0) printf "%.0f", a/b; else print "-" }')
  flag=""
  [ "$errors" = "slow" ] && flag="  (3 sequential requests: median, max)"
  [ "$errors" != "0" ] && [ "$errors" != "slow" ] && flag="  (non-2xx answers!)"
  printf "%-44s first %8s ms  p50 %8s ms  p99 %8s ms  p50/healthz %5sx%s\n" "$p ${accept:-}" "$first" "$p50" "$p99" "$ratio" "$flag"
done
kill $pid
