#!/usr/bin/env bash
# Cancellation latency and recovery, measured on the seed graph (release binary):
#  1. each pathological query alone, with --query-timeout $TIMEOUT: when its 503 comes,
#     and when the server's CPU falls back to idle after the deadline (from /proc: CPU time
#     sampled every 50 ms; idle = under 5 % of a core over 200 ms), plus RSS before/after;
#  2. issue 13's sequence: eight concurrent cross products, then `ASK {}`: when ASK is
#     answered, when /healthz reports no evaluation running again.
# Usage: bash scripts/cancel-latency.sh   (TIMEOUT=5 by default)
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
TIMEOUT="${TIMEOUT:-5}"
"$BIN" serve --in-memory --bind "127.0.0.1:$port" --query-timeout "$TIMEOUT" \
  --max-concurrent-queries 8 2>"$work/log" &
pid=$!
wait_up
url="http://127.0.0.1:$port/sparql"
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }            # clock ticks used so far
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status"; }  # MiB
now() { date +%s%N; }
# Milliseconds from $1 (ns) until the CPU is idle (or 30 s).
idle_after() {
  local from=$1 prev cur
  while [ $(( ($(now) - from) / 1000000 )) -lt 30000 ]; do
    prev=$(cpu); sleep 0.2; cur=$(cpu)
    if [ $(( (cur - prev) * 1000 / ticks )) -le 10 ]; then  # ≤ 10 ms of CPU in 200 ms
      echo $(( ($(now) - from) / 1000000 - 200 )); return
    fi
  done
  echo "never"
}
run_one() {
  local name=$1 query=$2 start answer status deadline idle before after
  before=$(rss); start=$(now)
  status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 120 "$url" --data-urlencode "query=$query")
  answer=$(( ($(now) - start) / 1000000 ))
  deadline=$(( start + TIMEOUT * 1000000000 ))
  while [ "$(now)" -lt "$deadline" ]; do sleep 0.05; done
  idle=$(idle_after "$deadline")
  after=$(rss)
  printf '| %-34s | %3s | %6d ms | %8s ms | %5d → %5d MiB |\n' "$name" "$status" "$answer" "$idle" "$before" "$after"
}
echo "## Cancellation latency (--query-timeout $TIMEOUT s, seed graph, $(nproc) cores)"
echo
echo "| query | status | answered after | CPU idle after the deadline | RSS before → after |"
echo "|---|---|---|---|---|"
run_one "cross product, COUNT" 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }'
run_one "cross product, ORDER BY" 'SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f'
run_one "(p|^p)* path" 'SELECT (COUNT(*) AS ?n) WHERE { ?s (a|^a)* ?o . ?o ?q ?r }'
run_one "regex over all literals (joined)" 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?t ?q ?l FILTER(REGEX(CONCAT(STR(?o), STR(?l)), "(a|b|c)*z$")) }'
run_one "4-way cross product" 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }'

echo
echo "## Eight concurrent cross products, then ASK {}"
echo
start=$(now)
for _ in 1 2 3 4 5 6 7 8; do
  curl -s -o /dev/null --max-time 120 "$url" \
    --data-urlencode 'query=SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }' &
done
sleep 0.5
echo "healthz while they run: $(curl -s "http://127.0.0.1:$port/healthz")"
ask=$(curl -s -o /dev/null -w '%{http_code} after %{time_total} s' --max-time 120 "$url" --data-urlencode 'query=ASK {}')
echo "ASK {} sent 0.5 s after them: $ask (time limit $TIMEOUT s)"
while [ "$(curl -s "http://127.0.0.1:$port/healthz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["queries"]["running"])')" != 0 ]; do sleep 0.05; done
echo "all evaluations stopped $(( ($(now) - start) / 1000000 - TIMEOUT * 1000 )) ms after the deadline"
echo "healthz after: $(curl -s "http://127.0.0.1:$port/healthz")"
wait_jobs=$(jobs -p | grep -v "^$pid$" || true); [ -n "$wait_jobs" ] && wait $wait_jobs 2>/dev/null || true
