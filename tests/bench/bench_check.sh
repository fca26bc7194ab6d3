#!/usr/bin/env bash
# bench_check.sh: wall time and peak memory of `crosscheck check` (GNU time -v) on the demo
# corpus, the seed articles (when ../shared is there) and a synthetic corpus of COPIES copies
# of both (every claim then has COPIES - 1 twins: the worst case for blocking).
# Usage: tests/bench/bench_check.sh [BUILD_DIR] [COPIES]   (from the source directory)
set -eu
build=${1:-build}
copies=${2:-10}
seeds=${CROSSCHECK_SHARED:-../shared}/corpus/seeds
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
measure() {
  /usr/bin/time -v "$build/crosscheck" check --format json -o "$tmp/r.json" "$@" 2>"$tmp/t"
  local wall mem n
  wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$tmp/t")
  mem=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/t")
  n=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print(s["documents"], "docs,", s["checked_claims"], "claims,", s["pairs_scored"], "candidate pairs,", s["conflicts"], "conflicts")' "$tmp/r.json")
  echo "$*: $wall wall, $mem KB peak ($n)"
}
measure annotations/corpus
[ -d "$seeds" ] && measure "$seeds"
for i in $(seq 1 "$copies"); do
  mkdir -p "$tmp/big/c$i"
  cp annotations/corpus/sahel-visas/* "$tmp/big/c$i/"
  [ -d "$seeds" ] && cp "$seeds"/* "$tmp/big/c$i/"
done
measure "$tmp/big"
