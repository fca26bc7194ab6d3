# valgrind_check.sh: the demo `check` run is clean under valgrind (issue 10): no invalid
# read or write, no leak. JIT is off (valgrind does not follow pcre2's JIT code). Skips
# (exit 77) when valgrind is missing or the program is a sanitizer build (ASan and valgrind
# do not mix).
# CI sets CROSSCHECK_VALGRIND_BIN to a plain build of the program, since its suite runs in
# the sanitizer build.
. "$(dirname "$0")/lib.bash"
BIN=${CROSSCHECK_VALGRIND_BIN:-$BIN}

if ! command -v valgrind >/dev/null; then
  echo "SKIP: valgrind is not installed"; exit 77
fi
if grep -aqE "__asan_init|__ubsan_handle" "$BIN"; then
  echo "SKIP: $BIN is a sanitizer build"; exit 77
fi
CROSSCHECK_NO_JIT=1 timeout 840 valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
  --error-exitcode=99 "$BIN" check "$SRC/annotations/corpus" >"$TMP/out" 2>"$TMP/err"
RC=$?; ERR=$(cat "$TMP/err")
grep -E 'ERROR SUMMARY|definitely lost|indirectly lost|possibly lost|still reachable' "$TMP/err"
expect_rc 0 "check on the demo corpus under valgrind"
expect_err 'ERROR SUMMARY: 0 errors' "no invalid read, write or leak"
grep -q 'conflicts' "$TMP/out" && ok "the report was written" || fail "no report"
finish
