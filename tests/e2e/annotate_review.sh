# annotate_review.sh: `crosscheck annotate review --batch` over a check report of the demo
# corpus: confirm with no note, skip, dismiss with a note, quit; reviewed conflicts skipped
# on the next run; the verdicts file passes lint.
. "$(dirname "$0")/lib.bash"
R="$TMP/report.json"
V="$TMP/verdicts.tsv"
run check --format json -o "$R" "$SRC/annotations/corpus"; expect_rc 0 "a report to review"
total=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["conflicts"]))' "$R")
printf 'c\ns\nd two different months\n?\nq\n' >"$TMP/keys"
run annotate review --batch --reviewer rev --verdicts "$V" "$R" <"$TMP/keys"; expect_rc 0 "a batch review"
expect_out "reviewed 0, remaining $total" "the progress line"
expect_out 'c  confirm' "? shows the keys"
expect_out "reviewed 2, remaining $((total - 3))," "the closing line"
[ "$(head -1 "$V")" = $'fingerprint\tverdict\treviewer\ttime\tnote' ] && ok "the header" || fail "header: $(head -1 "$V")"
[ "$(tail -n +2 "$V" | cut -f2,5 | tr '\t\n' '|;')" = "confirmed|;dismissed|two different months;" ] \
  && ok "confirmed without a note, dismissed with one" || fail "rows: $(tail -n +2 "$V" | cut -f2,5 | tr '\t\n' '|;')"
run annotate lint "$V"; expect_rc 0 "lint accepts the verdicts"
printf 'c\nq\n' >"$TMP/keys"
run annotate review --batch --reviewer rev --verdicts "$V" "$R" <"$TMP/keys"; expect_rc 0 "a second review"
expect_out "reviewed 0, remaining $((total - 2))" "conflicts with a verdict are skipped"
[ "$(cut -f1 "$V" | sort | uniq -d | wc -l)" -eq 0 ] && ok "no fingerprint twice" || fail "a fingerprint twice"
echo '{"schema": "other"}' >"$TMP/bad.json"
run annotate review --batch --verdicts "$V" "$TMP/bad.json" </dev/null; expect_rc 3 "not a report"
run annotate review --verdicts "$V" "$R" </dev/null; expect_rc 2 "no terminal and no --batch"
finish
