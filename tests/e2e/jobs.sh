# jobs.sh: --jobs N gives byte-identical output and diagnostics for every N: check (json and
# text), claims and gate on the demo corpus and on a larger corpus (make_big_corpus: copies,
# and files that raise diagnostics), with --verbose so that every load note counts. Also:
# --jobs is validated.
. "$(dirname "$0")/lib.bash"

demo="$SRC/annotations/corpus"
big="$TMP/big"
make_big_corpus "$big"

# same NAME ARGS...: runs the program with --jobs 1, 2, 3 and 8 and compares the outputs and
# the diagnostics with those of --jobs 1 (CROSSCHECK_TEST_JOBS: other counts than 2 3 8).
same() {
  local name=$1 j rc1 rc
  shift
  "$BIN" "$@" --jobs 1 >"$TMP/out1" 2>"$TMP/err1"
  rc1=$?
  for j in ${CROSSCHECK_TEST_JOBS:-2 3 8}; do
    "$BIN" "$@" --jobs "$j" >"$TMP/out$j" 2>"$TMP/err$j"
    rc=$?
    if [ "$rc" -ne "$rc1" ]; then fail "$name --jobs $j: exit $rc, --jobs 1 gave $rc1"
    elif ! cmp -s "$TMP/out1" "$TMP/out$j"; then fail "$name --jobs $j: output differs"
    elif ! cmp -s "$TMP/err1" "$TMP/err$j"; then fail "$name --jobs $j: diagnostics differ"
      diff "$TMP/err1" "$TMP/err$j" | head -n 5
    else ok "$name --jobs $j: same output ($(wc -c <"$TMP/out1") bytes, $(wc -l <"$TMP/err1") diagnostic lines)"; fi
  done
  [ -s "$TMP/out1" ] || fail "$name: empty output"
}

same "check json demo" check --format json --verbose "$demo"
same "check text demo" check --format text --verbose "$demo"
same "claims demo" claims --verbose "$demo"
same "check json big" check --format json --verbose "$big"
same "check text big" check --format text --verbose "$big"
same "claims big" claims --verbose --format tsv "$big"
same "check strict big" check --format json --strict "$big"
grep -q 'utf8-invalid\|invalid UTF-8' "$TMP/err1" && ok "the big corpus raises diagnostics" ||
  fail "the big corpus raised no diagnostics"
same "gate demo" gate --format text "$demo"

for bad in 0 257 x 2x -1 ""; do
  run check --jobs "$bad" "$demo"
  expect_rc 2 "--jobs '$bad' is a usage error"
  expect_err "--jobs: '$bad' is not a number of threads from 1 to 256" "--jobs '$bad' says why"
done
run check --help
expect_out '--jobs N' "--jobs in the help"

finish
