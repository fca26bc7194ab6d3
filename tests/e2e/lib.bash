# lib.bash: helpers for the end-to-end tests (sourced). Each test prints one line per check
# and a closing "N passed, N failed" line; it exits non-zero when any check failed.
set -u
BIN=${CROSSCHECK_BIN:-./build/crosscheck}
SRC=${CROSSCHECK_SOURCE:-.}
SHARED=${CROSSCHECK_SHARED:-$SRC/../shared}
export CROSSCHECK_MODELS=${CROSSCHECK_MODELS:-$SRC/models}
TMP=$(mktemp -d)
trap 'chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
npass=0
nfail=0

ok() { npass=$((npass + 1)); echo "ok   $*"; }
fail() { nfail=$((nfail + 1)); echo "FAIL $*"; }

# run CMD...: runs the program, keeping stdout, stderr and the exit status in OUT, ERR, RC.
run() {
  "$BIN" "$@" >"$TMP/out" 2>"$TMP/err"
  RC=$?
  OUT=$(cat "$TMP/out")
  ERR=$(cat "$TMP/err")
}

expect_rc() { # expect_rc WANT NAME
  if [ "$RC" -eq "$1" ]; then ok "$2 (exit $RC)"; else
    fail "$2: exit $RC, wanted $1"; echo "  stderr: ${ERR:0:400}"; fi
}
expect_err() { # expect_err REGEX NAME
  if grep -Eq -- "$1" <<<"$ERR"; then ok "$2"; else
    fail "$2: stderr does not match /$1/"; echo "  stderr: ${ERR:0:400}"; fi
}
expect_out() { # expect_out REGEX NAME
  if grep -Eq -- "$1" <<<"$OUT"; then ok "$2"; else
    fail "$2: stdout does not match /$1/"; echo "  stdout: ${OUT:0:400}"; fi
}
expect_no_out() { # expect_no_out REGEX NAME
  if grep -Eq -- "$1" <<<"$OUT"; then fail "$2: stdout matches /$1/"; else ok "$2"; fi
}

# valid_jsonl FILE: every line parses as a JSON object
valid_jsonl() {
  python3 -c 'import json,sys
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    o = json.loads(line)
    assert isinstance(o, dict), n' "$1"
}

# make_big_corpus DIR: six copies of the demo corpus (and of the seed articles when ../shared
# is there) in subfolders, plus files that raise diagnostics: invalid UTF-8, empty, binary,
# and a link to a file already there (read once, with a warning).
make_big_corpus() {
  local dir=$1 i
  for i in 1 2 3 4 5 6; do
    mkdir -p "$dir/c$i"
    cp "$SRC"/annotations/corpus/sahel-visas/* "$dir/c$i/"
    [ -d "$SHARED/corpus/seeds" ] && cp "$SHARED"/corpus/seeds/* "$dir/c$i/"
  done
  printf 'Officials said on Monday that \xff\xfe 40 tankers left the port.\n' >"$dir/c1/bad-utf8.txt"
  : >"$dir/c2/empty.md"
  printf '\x89PNG\r\n\x1a\n\0\0\0' >"$dir/c3/image.md"
  ln -s ../c4/"$(ls "$dir/c4" | head -n 1)" "$dir/c5/link.md"
}

# For tests that work in $TMP: absolute paths for the program, the sources and the models,
# $corpus the demo corpus (the test skips when it is missing), then cd "$TMP".
enter_tmp_with_demo_corpus() {
  BIN=$(realpath "$BIN")
  SRC=$(realpath "$SRC")
  export CROSSCHECK_MODELS=$(realpath "$CROSSCHECK_MODELS")
  corpus="$SRC/annotations/corpus"
  [ -d "$corpus" ] || { echo "SKIP: no demo corpus"; exit 77; }
  cd "$TMP" || exit 1
}

finish() {
  echo "$npass passed, $nfail failed"
  [ "$nfail" -eq 0 ]
}
