# check_stats.sh: `crosscheck check --stats` prints every stage's wall time, the counts and
# the peak memory on stderr, consistent with the JSON report's summary; stdout (the report)
# is the same with and without --stats. `gate --stats` prints the same lines (its counts
# equal check's) and its verdict does not change.
. "$(dirname "$0")/lib.bash"

cd "$SRC" || exit 1
run check --format json annotations/corpus
expect_rc 0 "check without --stats"
plain=$OUT
run check --stats --format json annotations/corpus
expect_rc 0 "check --stats"
[ "$OUT" = "$plain" ] && ok "the report does not change with --stats" || fail "the report changed"
for stage in load segment time claims pairs scoring clustering conflicts report total; do
  expect_err "^stats: time $stage +[0-9]+\.[0-9]{3} s$" "time of stage $stage"
done
expect_err "^stats: peak_memory [0-9]+\.[0-9] MB$" "peak memory"
printf '%s\n' "$OUT" >"$TMP/report.json"
printf '%s\n' "$ERR" >"$TMP/stats"
python3 - "$TMP/report.json" "$TMP/stats" >"$TMP/cmp" <<'PY'
import json, re, sys
s = json.load(open(sys.argv[1]))["summary"]
c = dict(re.findall(r"^stats: count (\w+) (\d+)$", open(sys.argv[2]).read(), re.M))
c = {k: int(v) for k, v in c.items()}
t = dict(re.findall(r"^stats: time (\w+) +([0-9.]+) s$", open(sys.argv[2]).read(), re.M))
want = {"documents": s["documents"], "claims": s["claims"], "checked_claims": s["checked_claims"],
        "candidate_pairs": s["pairs_scored"], "clusters": s["clusters"],
        "conflicts": s["conflicts"]}
for k, v in want.items():
    print(k, "ok" if c.get(k) == v else "differs: stats %s, report %s" % (c.get(k), v))
# no summary field for these: plausible values (every document has a title sentence; the
# model scores candidates, less those naming different things, plus pairs clustering adds)
print("sentences", "ok" if c.get("sentences", 0) >= s["documents"] else "too few")
print("scored_pairs", "ok" if c.get("scored_pairs", 0) > 0 else "none")
total = float(t.get("total", -1))
parts = sum(float(v) for k, v in t.items() if k != "total")
print("total", "ok" if abs(total - parts) < 0.01 else "differs: %s vs %s" % (total, parts))
PY
while read -r name verdict; do
  [ "$verdict" = ok ] && ok "$name agrees with the report" || fail "$name $verdict"
done <"$TMP/cmp"

run gate --no-cache --baseline reports/baseline.json annotations/corpus
expect_rc 0 "gate without --stats"
gate_plain=$OUT
run gate --stats --no-cache --baseline reports/baseline.json annotations/corpus
expect_rc 0 "gate --stats"
[ "$OUT" = "$gate_plain" ] && ok "the gate's output does not change with --stats" ||
  fail "the gate's output changed"
for stage in load conflicts report total; do
  expect_err "^stats: time $stage +[0-9]+\.[0-9]{3} s$" "gate: time of stage $stage"
done
gate_counts=$(printf '%s\n' "$ERR" | grep '^stats: count')
check_counts=$(grep '^stats: count' "$TMP/stats")
[ -n "$gate_counts" ] && [ "$gate_counts" = "$check_counts" ] &&
  ok "gate and check count the same documents, claims, pairs, clusters, conflicts" ||
  fail "gate counts differ: $gate_counts"
finish
