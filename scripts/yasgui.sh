#!/usr/bin/env bash
# Fetches the YASGUI query editor from the npm registry (pinned version, checked
# against the registry's integrity hash by npm) and copies its minified bundle into
# assets/yasgui/, which the binary embeds: the editor at /query needs no CDN at run
# time. The bundle is committed (MIT licence, notice in assets/yasgui/LICENSE), so a
# fresh clone builds and tests without npm; run this script only to upgrade it.
set -euo pipefail
version="${YASGUI_VERSION:-4.6.2}"
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/assets/yasgui"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
command -v npm >/dev/null || { echo "yasgui: npm is needed to update the bundle (apt-get install npm)" >&2; exit 1; }
(cd "$work" && npm pack --silent "@zazuko/yasgui@$version" >/dev/null)
tar -xzf "$work"/zazuko-yasgui-"$version".tgz -C "$work"
mkdir -p "$out"
cp "$work/package/build/yasgui.min.js" "$work/package/build/yasgui.min.css" "$out/"
# The source-map comment points at a file not shipped; drop it.
sed -i '/^\/\/# sourceMappingURL=/d' "$out/yasgui.min.js"
echo "$version" > "$out/VERSION"
echo "yasgui: @zazuko/yasgui $version -> $out ($(du -sh "$out" | cut -f1))"
