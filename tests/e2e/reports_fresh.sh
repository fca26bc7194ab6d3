# reports_fresh.sh: the golden end-to-end test. reports/ holds the demo corpus's outputs;
# they must be exactly what this build produces (regenerate: cmake --build build --target
# reports). A stale report fails here with the diff.
. "$(dirname "$0")/lib.bash"

corpus="$SRC/annotations/corpus"
if [ ! -d "$corpus" ] || [ -z "$(find "$corpus" -name '*.md' -o -name '*.txt' | head -1)" ]; then
  fail "no demo corpus under annotations/corpus"; finish; exit
fi
cd "$SRC" || exit 1
"$BIN" claims --format jsonl -o "$TMP/demo-claims.jsonl" annotations/corpus 2>"$TMP/err"
rc=$?
[ $rc -eq 0 ] && ok "claims on the demo corpus" || fail "claims on the demo corpus: exit $rc: $(head -3 "$TMP/err")"
[ ! -s "$TMP/err" ] && ok "the demo corpus loads without warnings" || fail "warnings on the demo corpus: $(head -3 "$TMP/err")"
valid_jsonl "$TMP/demo-claims.jsonl" && ok "valid JSONL" || fail "invalid JSONL"
if diff -u reports/demo-claims.jsonl "$TMP/demo-claims.jsonl" >"$TMP/diff"; then
  ok "reports/demo-claims.jsonl is up to date"
else
  fail "reports/demo-claims.jsonl is stale (cmake --build build --target reports):"
  head -20 "$TMP/diff"
fi
n=$(wc -l <"$TMP/demo-claims.jsonl")
[ "$n" -ge 60 ] && ok "$n claims from the demo corpus" || fail "only $n claims from the demo corpus"
grep -Eq 'READ ALSO|Share this|Your take' "$TMP/demo-claims.jsonl" && fail "boilerplate survived in demo claims" || ok "no boilerplate in demo claims"

# The conflict reports (json, md, html) of the demo corpus.
for fmt in json md html; do
  "$BIN" check --format $fmt -o "$TMP/demo-report.$fmt" annotations/corpus 2>"$TMP/err"
  rc=$?
  [ $rc -eq 0 ] && ok "check --format $fmt on the demo corpus" || fail "check --format $fmt: exit $rc: $(head -3 "$TMP/err")"
  if diff -u "reports/demo-report.$fmt" "$TMP/demo-report.$fmt" >"$TMP/diff"; then
    ok "reports/demo-report.$fmt is up to date"
  else
    fail "reports/demo-report.$fmt is stale (cmake --build build --target reports):"
    head -20 "$TMP/diff"
  fi
done
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["schema"]=="crosscheck.report/1"; assert r["conflicts"]' "$TMP/demo-report.json" &&
  ok "the JSON report has the schema and conflicts" || fail "the JSON report is not a crosscheck.report/1 with conflicts"
grep -q '/work/\|/tmp/' reports/demo-report.json && fail "absolute paths in the JSON report" || ok "paths in the JSON report are relative"
finish
