#!/usr/bin/env bash
# bench_scale.sh: cost and quality at scale. Generates synthetic corpora (tests/bench/gen_corpus.c:
# stories with planted conflicts of every DESIGN section 6 type and planted near-misses) of
# each SIZE, runs `crosscheck check --format json` under GNU time -v, scores the report
# against the ground truth, and prints one table row per size and the time ratio of the
# largest to the smallest size.
#
# Matching (see gen_corpus.c): a planted conflict is found when a reported conflict of its
# type joins its two documents; a near-miss is flagged when a conflict of its type joins its
# two documents (or, for the one-document weekday near-miss, touches it). "implied" counts
# conflicts of another type between a planted conflict's documents, "unplanted" the other
# reported conflicts that match no planted one.
#
# Usage: tests/bench/bench_scale.sh [BUILD_DIR] [SIZE...]   (default sizes: 1000 10000)
# Environment: SEED (default 42), KEEP=DIR keeps the corpora and reports there.
set -eu
build=${1:-build}
shift || true
sizes=${*:-1000 10000}
gen="$build/bench/gen_corpus"
bin="$build/crosscheck"
[ -x "$gen" ] && [ -x "$bin" ] || { echo "build first: $gen and $bin are needed" >&2; exit 2; }
export CROSSCHECK_MODELS=${CROSSCHECK_MODELS:-$(dirname "$0")/../../models}
if [ -n "${KEEP:-}" ]; then tmp=$KEEP; mkdir -p "$tmp"; else
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT; fi

field() { sed -n "s/^$1\t//p" "$2"; }

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc); seed: ${SEED:-42}"
printf '%8s %8s %8s %8s %10s %9s %8s %11s %8s %9s\n' articles "wall s" "peak MB" claims \
  "cand pairs" conflicts recall "near-miss %" implied unplanted
first="" last=""
for n in $sizes; do
  dir="$tmp/n$n"
  rm -rf "$dir"
  "$gen" -s "${SEED:-42}" "$n" "$dir"
  /usr/bin/time -v "$bin" check --format json -o "$dir/report.json" "$dir/corpus" 2>"$dir/time"
  wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$dir/time" |
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
  mb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time" | awk '{ printf "%.0f", $1 / 1024 }')
  read -r claims pairs nconf < <(python3 -c 'import json, sys
s = json.load(open(sys.argv[1]))["summary"]
print(s["checked_claims"], s["pairs_scored"], s["conflicts"])' "$dir/report.json")
  "$gen" --score "$dir/truth.tsv" "$dir/report.json" >"$dir/score"
  recall=$(field recall "$dir/score")
  near=$(field near_miss_rate "$dir/score")
  printf '%8s %8.2f %8s %8s %10s %9s %7.1f%% %10.2f%% %8s %9s\n' "$n" "$wall" "$mb" "$claims" \
    "$pairs" "$nconf" "$(awk -v r="$recall" 'BEGIN { print r * 100 }')" \
    "$(awk -v r="$near" 'BEGIN { print r * 100 }')" "$(field implied "$dir/score")" \
    "$(field unplanted "$dir/score")"
  [ -n "$first" ] || first=$wall
  last=$wall
done
awk -v a="$first" -v b="$last" 'BEGIN { if (a > 0) printf "time ratio largest/smallest: %.2f\n", b / a }'
