#!/bin/bash
# time_errors.sh: error analysis of the time tagger on TimeML development folders. Runs
# `crosscheck eval time --errors` on each folder and counts the misses (by the shape of the
# gold value, digits as 9), the false alarms (by rule), the wrong values or types and the wrong
# extents (by the rule that matched), largest family first. The full lists stay in OUT_DIR for reading.
# Develop on timebank/ and aquaint/ only: platinum/ is the test set.
#
# Usage: tests/bench/time_errors.sh [BUILD_DIR] TIMEML_DIR...   (e.g. build-rel
#        ../shared/data/tempeval3/timebank ../shared/data/tempeval3/aquaint)
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
build=$here/build
if [ $# -gt 0 ] && [ -x "$1/crosscheck" -o -x "$1/src/crosscheck" ]; then build=$1; shift; fi
bin=$build/src/crosscheck
[ -x "$bin" ] || bin=$build/crosscheck
[ $# -gt 0 ] || { echo "usage: $0 [BUILD_DIR] TIMEML_DIR..." >&2; exit 2; }
out=${OUT_DIR:-$(mktemp -d)}
for dir in "$@"; do
    name=$(basename "$dir")
    "$bin" eval time --errors "$dir" 2>"$out/errors_$name.tsv" | sed "s/^/$name  /"
done
echo "families (count, kind, rule or gold value shape); lists in $out:"
cat "$out"/errors_*.tsv | awk -F'\t' '{
    if ($2 == "MISS") { v = $4; gsub(/[0-9]/, "9", v); k = "MISS  " v }
    else if ($2 == "FALSE") k = "FALSE " $4
    else if ($2 == "EXTENT") { n = split($4, a, " "); k = "EXTENT " a[n] }
    else { n = split($4, a, " "); k = (a[3] == a[7] ? "TYPE  " : "VALUE ") a[n] }
    print k }' | sort | uniq -c | sort -rn | head -${TOP:-40}
