#!/usr/bin/env bash
# Prepares what the test suite drives besides Rust: a Python virtualenv with
# the real clients (SPARQLWrapper, rdflib) from tests/python/requirements.txt.
# Idempotent and quick when nothing changed. The tests read the interpreter
# from $MAILLAGE_TEST_PYTHON (default: the venv below).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
venv="${MAILLAGE_VENV:-$HOME/.cache/maillage/venv}"
req=tests/python/requirements.txt
stamp="$venv/.requirements"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" || { echo "test-env: python3 -m venv failed (install python3-venv)" >&2; exit 1; }
fi
if ! cmp -s "$req" "$stamp"; then
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$req"
  cp "$req" "$stamp"
fi
echo "test-env: python: $venv/bin/python ($("$venv/bin/python" -c 'import SPARQLWrapper, rdflib; print("SPARQLWrapper", SPARQLWrapper.__version__, "rdflib", rdflib.__version__)'))"
