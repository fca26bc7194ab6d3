# tsan.sh: the worker threads of --jobs under ThreadSanitizer. Runs when CROSSCHECK_TSAN_BIN
# names a crosscheck built with -DCMAKE_BUILD_TYPE=Tsan (.ci/run builds one; README,
# Development); skipped otherwise. Any report makes the program exit 66 and fails the test.
# It runs check and claims on the demo corpus and the larger test corpus of jobs.sh with
# more threads than cores, and check and gate with a cold and a warm claims cache;
# CROSSCHECK_TSAN_FULL=1 also runs all of jobs.sh (about 9 minutes on two cores, against one
# for the default).
. "$(dirname "$0")/lib.bash"

tsan=${CROSSCHECK_TSAN_BIN:-}
if [ -z "$tsan" ] || [ ! -x "$tsan" ]; then
  echo "SKIP: CROSSCHECK_TSAN_BIN does not name a ThreadSanitizer build of crosscheck"
  exit 77
fi
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 ${TSAN_OPTIONS:-}"
BIN=$tsan
make_big_corpus "$TMP/big"

# clean NAME ARGS...: the command exits 0 with no ThreadSanitizer report.
clean() {
  local name=$1
  shift
  run "$@"
  expect_rc 0 "$name"
  if grep -q ThreadSanitizer <<<"$ERR"; then fail "$name: ThreadSanitizer reported"
    echo "${ERR:0:3000}"; else ok "$name: no ThreadSanitizer report"; fi
}

clean "check demo" check --format json --jobs 4 "$SRC/annotations/corpus"
clean "check big" check --format json --verbose --jobs 3 "$TMP/big"
clean "claims big" claims --format tsv --verbose --jobs 3 "$TMP/big"
# the claims cache restores its records on the worker threads: a cold run fills it, a warm
# one restores every document
clean "check big, cold cache" check --format json --jobs 3 --cache "$TMP/cache" "$TMP/big"
clean "check big, warm cache" check --format json --jobs 3 --cache "$TMP/cache" "$TMP/big"
# the gate defers documents: a cold run stores their summaries too (encoded on the workers),
# a warm one restores on the workers only those its candidate pairs need
clean "gate big, baseline" gate --jobs 3 --no-cache --update-baseline --baseline "$TMP/b.json" \
  "$TMP/big"
clean "gate big, cold cache" gate --jobs 3 --cache "$TMP/gc" --baseline "$TMP/b.json" "$TMP/big"
clean "gate big, warm cache" gate --jobs 3 --cache "$TMP/gc" --baseline "$TMP/b.json" "$TMP/big"

if [ -n "${CROSSCHECK_TSAN_FULL:-}" ]; then
  if CROSSCHECK_BIN=$tsan bash "$(dirname "$0")/jobs.sh" >"$TMP/jobs.log" 2>&1; then
    ok "jobs.sh under ThreadSanitizer ($(tail -n 1 "$TMP/jobs.log"))"
  else
    fail "jobs.sh under ThreadSanitizer"
    grep -v '^ok' "$TMP/jobs.log" | head -n 40
  fi
fi

finish
