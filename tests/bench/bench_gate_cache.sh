#!/usr/bin/env bash
# bench_gate_cache.sh: `crosscheck gate` on N generated articles (default 1000) without a
# cache, cold (empty claims cache, filled by the run) and warm (every article cached but one
# changed), wall and CPU times, the ratios, and whether the outputs equal --no-cache's.
# Usage: tests/bench/bench_gate_cache.sh [BUILD_DIR] [N] [KB]   (from the source directory)
set -eu
build=${1:-build}
n=${2:-1000}
kb=${3:-2}
bin=$(realpath "$build/crosscheck")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/bench/bench_load" --write "$tmp/corpus" "$n" "$kb"
cd "$tmp"
# the baseline (not timed): every conflict known, so the gate passes
"$bin" gate --no-cache --update-baseline --baseline base.json corpus >/dev/null 2>&1
# The machine is shared: each figure is the best of $runs runs, wall seconds and CPU
# seconds (user + system, less sensitive to other load), printed as "WALL CPU".
runs=${RUNS:-5}
once() { # once CMD...: "wall cpu" of one run, to the millisecond (a warm run takes tens of
  # them: /usr/bin/time's hundredths were too coarse); it runs in a subshell, whose
  # children's times (the second line of `times`) are then the command's
  local t0=$EPOCHREALTIME t1
  "$@" >out.txt 2>err.txt || true
  t1=$EPOCHREALTIME
  times >times.txt # in this shell: in a pipeline it would run in a child of its own
  awk -v t0="$t0" -v t1="$t1" 'function s(x) { split(x, a, "m"); return a[1] * 60 + a[2] }
    NR == 2 { printf "%.3f %.3f\n", t1 - t0, s($1) + s($2) }' times.txt
}
best() { # best SETUP CMD...: the run of least wall time of $runs runs, SETUP before each
  local setup=$1 b="" t
  shift
  for _ in $(seq "$runs"); do
    eval "$setup"
    sync # the copied cache must not be written back during the timed run
    t=$(once "$@")
    if [ -z "$b" ] || [ "$(echo "${t% *} < ${b% *}" | bc)" -eq 1 ]; then b=$t; fi
  done
  echo "$b"
}
nocache=$(best : "$bin" gate --no-cache --baseline base.json corpus)
cp out.txt out-nocache.txt
cold=$(best "rm -rf cache" "$bin" gate --cache cache --baseline base.json corpus)
cmp -s out.txt out-nocache.txt || echo "WARNING: the cold cached run differs from --no-cache"
f=$(ls corpus | sed -n "$((n / 2))p")
printf '\nThe ministry said on Friday that 40 schools would reopen.\n' >>"corpus/$f"
"$bin" gate --no-cache --baseline base.json corpus >ref.txt 2>/dev/null || true
cp -r cache cache.keep # the warm state: every article cached but the changed one
warm=$(best "rm -rf cache; cp -r cache.keep cache" "$bin" gate --cache cache --baseline base.json corpus)
cmp -s out.txt ref.txt && same=identical || same=DIFFERENT
# how many documents the warm gate left in the cache, unrestored
rm -rf cache; cp -r cache.keep cache
"$bin" gate --stats --cache cache --baseline base.json corpus >/dev/null 2>stats.txt || true
unrestored=$(sed -n 's/^stats: count unrestored_documents //p' stats.txt)
# the whole report (every claim, cluster and conflict), not only the gate's verdict
rm -rf cache; cp -r cache.keep cache
"$bin" check --format json corpus >full-ref.json 2>/dev/null || true
"$bin" check --format json --cache cache corpus >full-warm.json 2>/dev/null || true
cmp -s full-ref.json full-warm.json && full=identical || full=DIFFERENT
size=$(du -k cache/claims.sqlite | cut -f1)
printf 'articles %d (%d KB each), cache %d KB\n' "$n" "$kb" "$size"
printf 'best of %d runs each\n' "$runs"
ratio() { echo "$1 / $2" | bc -l; }
printf '                            wall s    cpu s\n'
printf 'gate --no-cache            %6.3f  %6.3f\n' $nocache
printf 'gate cold (cache filled)   %6.3f  %6.3f\n' $cold
printf 'gate warm (1 changed)      %6.3f  %6.3f   output %s to --no-cache\n' $warm "$same"
printf 'check --format json warm: report %s to --no-cache\n' "$full"
printf 'warm gate: %s of %d documents left unrestored in the cache\n' "${unrestored:-?}" "$n"
printf 'ratio cold / warm          %6.2f  %6.2f\n' "$(ratio ${cold% *} ${warm% *})" "$(ratio ${cold#* } ${warm#* })"
printf 'ratio --no-cache / warm    %6.2f  %6.2f\n' "$(ratio ${nocache% *} ${warm% *})" "$(ratio ${nocache#* } ${warm#* })"
