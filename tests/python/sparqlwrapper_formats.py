"""Drives a SPARQL endpoint with SPARQLWrapper 2.0 as its users do.

Usage: python sparqlwrapper_formats.py ENDPOINT

Every query form (SELECT, ASK, CONSTRUCT, DESCRIBE) with every return format
SPARQLWrapper offers for them (xml, json, json-ld, n3, turtle, rdf+xml), with
its default settings (it sends format=/output=/results= parameters and an
Accept header) and with setOnlyConneg(True) (Accept only). Each answer must be
200, and the result must convert with SPARQLWrapper's own convert() (which
uses rdflib for graphs) into a non-empty result of the right kind. Prints one
JSON line per case; exits 1 if any case failed.
"""

import json
import sys

from SPARQLWrapper import JSON, JSONLD, N3, RDFXML, TURTLE, XML, SPARQLWrapper
import rdflib

QUERIES = {
    "select": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3",
    "ask": "ASK { ?s ?p ?o }",
    "construct": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3",
    "describe": "DESCRIBE ?s WHERE { ?s ?p ?o } LIMIT 1",
}
FORMATS = {"xml": XML, "json": JSON, "json-ld": JSONLD, "n3": N3, "turtle": TURTLE, "rdf+xml": RDFXML}


def non_empty(form, converted):
    """True when `converted` is a non-empty result of the query form's kind."""
    if form in ("construct", "describe"):
        if isinstance(converted, rdflib.Graph):
            return len(converted) > 0
        if isinstance(converted, (bytes, str)):
            # SPARQLWrapper hands back raw text when it cannot parse (JSON-LD
            # and Turtle are returned as bytes); parse it with rdflib here.
            text = converted.decode() if isinstance(converted, bytes) else converted
            for syntax in ("turtle", "json-ld", "xml"):
                try:
                    return len(rdflib.Graph().parse(data=text, format=syntax)) > 0
                except Exception:
                    continue
        return False
    if isinstance(converted, dict):
        return "boolean" in converted or len(converted["results"]["bindings"]) > 0
    if hasattr(converted, "getElementsByTagName"):  # XML DOM
        return bool(converted.getElementsByTagName("boolean") or converted.getElementsByTagName("result"))
    if isinstance(converted, (bytes, str)):
        return len(converted) > 0
    return False


def main(endpoint):
    failures = 0
    for only_conneg in (False, True):
        for form, query in QUERIES.items():
            for name, fmt in FORMATS.items():
                client = SPARQLWrapper(endpoint)
                client.setOnlyConneg(only_conneg)
                client.setQuery(query)
                client.setReturnFormat(fmt)
                case = {"form": form, "format": name, "only_conneg": only_conneg}
                try:
                    result = client.query()
                    case["status"] = result.response.getcode()
                    case["content_type"] = result.response.headers.get("Content-Type")
                    case["ok"] = case["status"] == 200 and non_empty(form, result.convert())
                except Exception as error:  # an HTTP error or a failed conversion
                    case["ok"] = False
                    case["error"] = f"{type(error).__name__}: {error}"[:300]
                failures += 0 if case["ok"] else 1
                print(json.dumps(case), flush=True)
    print(json.dumps({"failures": failures}))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
