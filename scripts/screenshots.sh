#!/usr/bin/env bash
# screenshots.sh: a screenshot of every page of the web UI at desktop and at
# phone width (what `make screenshots` calls after building).
#
#   [RISE_BUILD=build] [OUT=build/screenshots] scripts/screenshots.sh
#
# Starts the throwaway stack of scripts/test-api.sh, runs only its quick
# health suite there, then the browser tests with RISE_SCREENSHOTS=$OUT: every
# page they visit is saved as $OUT/<page>-desktop.png (1280 px wide) and
# $OUT/<page>-phone.png (360 px), full length.  $OUT/index.txt lists them and
# what is too wide at phone width.  Old screenshots in $OUT are removed first.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=$(realpath -m "${OUT:-build/screenshots}")

mkdir -p "$out"
rm -f "$out"/*.png "$out"/index.txt
rc=0
RISE_SCREENSHOTS=$out scripts/test-api.sh health || rc=$?
n=$(find "$out" -name '*.png' | wc -l)
echo "screenshots.sh: $n screenshots in $out"
exit "$rc"
