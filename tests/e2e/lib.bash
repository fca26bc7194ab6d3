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

finish() {
  echo "$npass passed, $nfail failed"
  [ "$nfail" -eq 0 ]
}
