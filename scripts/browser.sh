#!/usr/bin/env bash
# Installs what the browser tests (tests/browser.rs) drive: Debian's headless
# Chromium and its WebDriver, chromedriver. Installs only what is missing, then
# prints the versions found. `make test` runs it before the tests.
#
#   bash scripts/browser.sh           install what is missing, report
#   bash scripts/browser.sh --check   report only; exit 1 if something is missing
set -euo pipefail

have() { command -v chromium >/dev/null && command -v chromedriver >/dev/null; }

if ! have && [ "${1:-}" != "--check" ]; then
  echo "browser: installing chromium and chromium-driver (Debian packages)" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends \
    chromium chromium-driver fonts-dejavu-core >/dev/null
fi
if ! have; then
  echo "browser: chromium or chromedriver missing (apt-get install chromium chromium-driver)" >&2
  exit 1
fi
echo "browser: $(chromium --version 2>/dev/null | head -1); $(chromedriver --version | head -1)"
