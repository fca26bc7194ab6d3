# annotate_pairs_writers.sh: two `annotate pairs --batch` processes appending to one file at
# once (the flock around each append): one header, every line whole, every label kept.
. "$(dirname "$0")/lib.bash"
CORPUS="$SRC/annotations/corpus"
F="$TMP/shared.tsv"
N=120
for who in ana ben; do
  { for _ in $(seq $N); do echo s; done; echo q; } >"$TMP/keys.$who"
done
"$BIN" annotate pairs --batch --annotator ana --out "$F" "$CORPUS" <"$TMP/keys.ana" >/dev/null 2>"$TMP/err.ana" &
pa=$!
"$BIN" annotate pairs --batch --annotator ben --out "$F" "$CORPUS" <"$TMP/keys.ben" >/dev/null 2>"$TMP/err.ben" &
pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
[ $ra -eq 0 ] && [ $rb -eq 0 ] && ok "both writers finished (exit $ra, $rb)" || fail "exits $ra, $rb: $(cat "$TMP"/err.*)"
[ "$(grep -c '^id	label' "$F")" -eq 1 ] && ok "one header" || fail "$(grep -c '^id	label' "$F") headers"
[ "$(wc -l <"$F")" -eq $((1 + 2 * N)) ] && ok "$((2 * N)) labels kept" || fail "$(wc -l <"$F") lines, wanted $((1 + 2 * N))"
awk -F'\t' 'NF != 11 { bad = 1 } END { exit bad }' "$F" && ok "11 columns on every line (none interleaved)" \
  || fail "a line without 11 columns"
[ "$(tail -c 1 "$F" | od -An -c | tr -d ' ')" = '\n' ] && ok "ends in a newline" || fail "no final newline"
[ "$(cut -f10 "$F" | grep -c '^ana$')" -eq $N ] && [ "$(cut -f10 "$F" | grep -c '^ben$')" -eq $N ] \
  && ok "$N rows from each writer" || fail "rows per writer: $(cut -f10 "$F" | sort | uniq -c | tr '\n' ' ')"
run annotate lint "$F"; expect_rc 0 "lint accepts the shared file"
finish
