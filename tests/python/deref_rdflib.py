"""Dereferences each IRI given with rdflib, as a Linked Data client would:
Graph().parse(iri) negotiates an RDF syntax over HTTP. Prints "IRI COUNT" per IRI;
exits non-zero if one fails or is empty."""
import sys

from rdflib import Graph

failed = False
for iri in sys.argv[1:]:
    graph = Graph()
    try:
        graph.parse(iri)
    except Exception as error:  # report every IRI, then fail
        print(f"{iri} failed: {error!r}")
        failed = True
        continue
    print(f"{iri} {len(graph)}")
    failed = failed or len(graph) == 0
sys.exit(1 if failed else 0)
