#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build maillage, and nothing else,
# then prints what it found (CI logs show it). Exits non-zero if the set-up is
# still broken after installing.
#
# Oxigraph's RocksDB binding runs bindgen, which dlopens libclang *itself*
# (libclang.so, libclang-N.so, libclang.so.N): libclang-cpp.so, which some
# images ship, is a different library and does not count.
#
#   bash scripts/deps.sh           install what is missing, report
#   bash scripts/deps.sh --check   report only; exit 1 if something is missing
#   source scripts/deps.sh         define find_libclang (for tests), run nothing
set -euo pipefail

# The directories clang-sys (bindgen's loader) searches, $LIBCLANG_PATH first.
default_libclang_roots() {
  [ -n "${LIBCLANG_PATH:-}" ] && echo "$LIBCLANG_PATH"
  local d
  for d in /usr/lib/llvm-*/lib /usr/lib64/llvm-*/lib /usr/lib/x86_64-linux-gnu \
           /usr/lib/aarch64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib /usr/local/lib64; do
    [ -d "$d" ] && echo "$d"
  done
  return 0
}

# find_libclang [ROOT...]: prints the first libclang bindgen can load found
# directly in one of ROOTs (default: clang-sys's search path); returns 1 if none.
find_libclang() {
  local roots=("$@") root f base
  [ ${#roots[@]} -gt 0 ] || mapfile -t roots < <(default_libclang_roots)
  for root in "${roots[@]}"; do
    for f in "$root"/libclang.so "$root"/libclang-*.so "$root"/libclang.so.* "$root"/libclang-*.so.*; do
      [ -e "$f" ] || continue
      base=$(basename "$f")
      case "$base" in libclang-cpp*) continue ;; esac
      echo "$f"
      return 0
    done
  done
  return 1
}

# missing_packages: the Debian packages to install, one per line.
missing_packages() {
  find_libclang >/dev/null || echo libclang-dev
  command -v cc >/dev/null 2>&1 || echo build-essential
  return 0
}

report() {
  local lib
  if lib=$(find_libclang); then echo "deps: libclang: $lib"; else echo "deps: libclang: MISSING (install libclang-dev)"; fi
  if command -v cc >/dev/null 2>&1; then echo "deps: cc: $(command -v cc)"; else echo "deps: cc: MISSING"; fi
  if command -v cargo >/dev/null 2>&1; then echo "deps: cargo: $(cargo --version)"; else echo "deps: cargo: MISSING (install a Rust toolchain)"; fi
  [ -n "$lib" ] && command -v cc >/dev/null 2>&1 && command -v cargo >/dev/null 2>&1
}

main() {
  if [ "${1:-}" != "--check" ]; then
    local need
    mapfile -t need < <(missing_packages)
    if [ ${#need[@]} -gt 0 ]; then
      echo "deps: installing ${need[*]}" >&2
      local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
      $sudo apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
    fi
  fi
  report
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then main "$@"; fi
