#!/usr/bin/env bash
# The evidence model at about a million quads. The seeds are copied until
# the graph is that large, each copy a document of its own: facts are shared
# and their evidence multiplies, as when many documents state the same facts.
# The queries the extraction issue names are timed over HTTP and printed as
# ratios to a trivial ASK measured in the same run (machines are noisy).
#   bash scripts/bench-scale.sh          # COPIES=40 (about 0.9 M quads)
#   COPIES=8 PROFILE=dev bash scripts/bench-scale.sh
COPIES="${COPIES:-40}"
source "$(dirname "$0")/bench-lib.sh"
ID=https://w3id.org/maillage/id

mkdir "$work/seeds"
for k in $(seq -w 1 "$COPIES"); do
  for f in seeds/*.txt; do cp "$f" "$work/seeds/$(basename "$f" .txt)-copy$k.txt"; done
done
t=$(date +%s%N); "$BIN" build --seeds "$work/seeds" --out "$work/big.nq"; build_ms=$(ms "$t")
quads=$(wc -l < "$work/big.nq")
t=$(date +%s%N); "$BIN" load --data "$work/store" "$work/big.nq" 2>/dev/null; load_ms=$(ms "$t")
"$BIN" serve --data "$work/store" --bind "127.0.0.1:$port" --query-timeout 120 2>"$work/log" & pid=$!
wait_up

run() { curl -s "http://127.0.0.1:$port/sparql" -H 'Accept: text/tab-separated-values' --data-urlencode "query@$1"; }
P='PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX mlg: <https://w3id.org/maillage/def#>'

echo 'ASK { ?s ?p ?o }' > "$work/ask.rq"
# The fact "the loi of 26 January 2016 created the CPTS" and one of its sentences.
cat > "$work/find.rq" <<SPARQL
$P
SELECT ?fact ?evidence WHERE { GRAPH ?g {
  ?fact rdf:subject <$ID/loi/2016-41> ; rdf:predicate mlg:created ; rdf:object <$ID/dispositif/cpts> ;
        mlg:evidence ?evidence } } ORDER BY ?evidence LIMIT 1
SPARQL
read -r fact evidence < <(run "$work/find.rq" | sed -n 2p | tr -d '<>')
cat > "$work/evidence-of-a-fact.rq" <<SPARQL
$P
SELECT ?document ?line ?quote WHERE {
  <$fact> mlg:evidence ?e . ?e prov:wasQuotedFrom ?document ; mlg:line ?line ; prov:value ?quote }
SPARQL
cat > "$work/facts-of-a-sentence.rq" <<SPARQL
$P
SELECT ?law ?relation ?target WHERE {
  GRAPH ?g { ?fact mlg:evidence <$evidence> ; rdf:subject ?law ; rdf:predicate ?relation ; rdf:object ?target } }
SPARQL
# The trap the issue measured: evidence fetched through an OPTIONAL join on
# the plain triple's terms.
cat > "$work/optional-join.rq" <<SPARQL
$P
SELECT ?law ?relation ?target ?document ?line ?quote WHERE {
  ?relation rdfs:subPropertyOf mlg:actsOn .
  GRAPH ?g { ?law ?relation ?target }
  OPTIONAL { GRAPH ?g { ?e rdf:subject ?law ; rdf:predicate ?relation ; rdf:object ?target ; mlg:evidence ?v .
             ?v prov:wasQuotedFrom ?document ; mlg:line ?line ; prov:value ?quote } }
}
SPARQL

base=$(for _ in $(seq 1 20); do q "$work/ask.rq"; done | median)
echo "profile: $PROFILE, $COPIES copies of the seeds"
echo "build: ${build_ms} ms for ${quads} quads; load into the on-disk store: ${load_ms} ms"
echo "trivial ASK over HTTP, median of 20: $(awk "BEGIN {printf \"%.1f\", $base*1000}") ms"
for f in "$work/evidence-of-a-fact.rq" "$work/facts-of-a-sentence.rq" queries/law-dispositif-relations.rq "$work/optional-join.rq"; do
  rows=$(run "$f" | tail -n +2 | wc -l)
  med=$(for _ in $(seq 1 5); do q "$f"; done | median)
  echo "$(basename "$f" .rq): $rows rows, median of 5 $(awk "BEGIN {printf \"%.1f\", $med*1000}") ms, $(awk "BEGIN {printf \"%.1f\", $med/$base}")x the trivial ASK"
done
kill $pid
