"""Sends SPARQL Update with SPARQLWrapper 2.0 as its users do.

Usage: python sparqlwrapper_update.py ENDPOINT ADMIN_TOKEN CURATOR_TOKEN

An INSERT DATA by each of SPARQLWrapper's two update methods (a URL-encoded form
with update=, its default, and a direct application/sparql-update POST), with the
admin's bearer token as a custom header: each must succeed. The same update
without a token, and with a curator's, must fail (401, 403) as SPARQLWrapper
reports them. Prints one JSON line per case; exits 1 if any case failed.
"""

import json
import sys

from SPARQLWrapper import POST, POSTDIRECTLY, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import Unauthorized
from urllib.error import HTTPError


def update(endpoint, token, method, value):
    sparql = SPARQLWrapper(endpoint)
    sparql.setMethod(POST)
    sparql.setRequestMethod(method)
    if token:
        sparql.addCustomHttpHeader("Authorization", f"Bearer {token}")
    sparql.setQuery(
        "INSERT DATA { GRAPH <http://example.org/sparqlwrapper> "
        f"{{ <http://example.org/s> <http://example.org/p> \"{value}\" }} }}"
    )
    return sparql.query().response.getcode()


def main():
    endpoint, admin, curator = sys.argv[1:4]
    failed = False
    for name, method in (("urlencoded", URLENCODED), ("postdirectly", POSTDIRECTLY)):
        case = {"case": name}
        try:
            case["status"] = update(endpoint, admin, method, name)
            case["ok"] = case["status"] == 200
        except Exception as e:  # noqa: BLE001 - reported as a failed case
            case.update(ok=False, error=repr(e))
        failed |= not case["ok"]
        print(json.dumps(case))
    for name, token, expected in (("anonymous", None, 401), ("curator", curator, 403)):
        case = {"case": name}
        try:
            case["status"] = update(endpoint, token, URLENCODED, name)
            case["ok"] = False
        except HTTPError as e:
            case.update(status=e.code, ok=e.code == expected)
        except Unauthorized as e:
            case.update(status=401, error=str(e)[:200], ok=expected == 401)
        failed |= not case["ok"]
        print(json.dumps(case))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
