#!/usr/bin/env bash
# Installs the HTTP load generator the comparison benchmark (bench/compare.py) and its
# smoke test drive: Debian's wrk. Installs only what is missing, then prints its version.
# (Oxigraph's CLI, the reference server, comes with the test virtualenv: scripts/test-env.sh.)
#
#   bash scripts/bench-tools.sh           install what is missing, report
#   bash scripts/bench-tools.sh --check   report only; exit 1 if something is missing
set -euo pipefail

if ! command -v wrk >/dev/null && [ "${1:-}" != "--check" ]; then
  echo "bench-tools: installing wrk (Debian package)" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
if ! command -v wrk >/dev/null; then
  echo "bench-tools: wrk missing (apt-get install wrk)" >&2
  exit 1
fi
echo "bench-tools: $(wrk -v 2>&1 | head -1)"
