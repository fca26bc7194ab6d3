# scale_quality.sh: quality on a small generated corpus (tests/bench/gen_corpus.c, 200
# articles: about 34 planted conflicts of every DESIGN section 6 type and 33 near-misses).
# Recall of planted conflicts must be at least 95% and near-misses flagged at most 2%, the
# targets bench_scale.sh measures at 1,000 and 10,000 articles; the ground truth itself is
# checked for consistency (every type planted, documents that exist).
. "$(dirname "$0")/lib.bash"

GEN=$(dirname "$BIN")/bench/gen_corpus
[ -x "$GEN" ] || { echo "SKIP: no $GEN"; exit 77; }
"$GEN" -s 7 200 "$TMP/g" && ok "generated 200 articles" || fail "gen_corpus failed"
n=$(ls "$TMP/g/corpus" | wc -l)
[ "$n" -eq 200 ] && ok "200 article files" || fail "$n article files, wanted 200"
"$GEN" -s 7 200 "$TMP/g2" >/dev/null
diff -r "$TMP/g" "$TMP/g2" >/dev/null && ok "same seed, same corpus and truth" ||
  fail "the generator is not deterministic"

# the truth: every type planted as conflict and as near-miss, documents that exist
python3 - "$TMP/g" >"$TMP/truth.out" <<'PY'
import csv, os, sys
d = sys.argv[1]
types = {"role", "time", "weekday", "number", "set", "scope", "polarity", "attribution"}
rows = list(csv.DictReader(open(os.path.join(d, "truth.tsv")), delimiter="\t"))
bad = [r for r in rows for doc in (r["doc_a"], r["doc_b"])
       if doc and not os.path.exists(os.path.join(d, "corpus", doc + ".md"))]
for kind in ("conflict", "nearmiss"):
    got = {r["type"] for r in rows if r["kind"] == kind}
    print(kind, "types", "all" if got == types else "missing " + " ".join(sorted(types - got)))
print("missing documents", len(bad))
PY
grep -q "conflict types all" "$TMP/truth.out" && ok "conflicts of every type planted" ||
  fail "$(cat "$TMP/truth.out")"
grep -q "nearmiss types all" "$TMP/truth.out" && ok "near-misses of every type planted" ||
  fail "$(cat "$TMP/truth.out")"
grep -q "missing documents 0" "$TMP/truth.out" && ok "the truth names existing documents" ||
  fail "$(cat "$TMP/truth.out")"

run check --format json -o "$TMP/report.json" "$TMP/g/corpus"
expect_rc 0 "check on the generated corpus"
"$GEN" --score "$TMP/g/truth.tsv" "$TMP/report.json" >"$TMP/score"
cat "$TMP/score"
recall=$(sed -n 's/^recall\t//p' "$TMP/score")
near=$(sed -n 's/^near_miss_rate\t//p' "$TMP/score")
awk -v r="$recall" 'BEGIN { exit !(r >= 0.95) }' && ok "recall $recall >= 0.95" ||
  fail "recall $recall < 0.95"
awk -v r="$near" 'BEGIN { exit !(r <= 0.02) }' && ok "near-misses flagged $near <= 0.02" ||
  fail "near-misses flagged $near > 0.02"
finish
