# annotate_pairs.sh: `crosscheck annotate pairs --batch` on the demo corpus: every key
# (s, c, d, u, b, q, ?), undo as a retraction honoured by lint and the pairs reader,
# labelled pairs skipped on the next run, a half last line repaired with a warning.
. "$(dirname "$0")/lib.bash"
CORPUS="$SRC/annotations/corpus"
F="$TMP/ana.tsv"
keys() { printf '%s\n' "$@" >"$TMP/keys"; }
rows() { tail -n +2 "$F" | cut -f2 | tr '\n' ' '; }

run annotate pairs --batch "$CORPUS"; expect_rc 2 "--out is needed"
run annotate pairs --out "$F" "$CORPUS" </dev/null; expect_rc 2 "no terminal and no --batch"
expect_err 'use --batch' "says to use --batch"
[ ! -s "$F" ] && ok "nothing written on a usage error" || fail "a file was written"

keys b '?' x s c d u b s q
run annotate pairs --batch --annotator ana --out "$F" "$CORPUS" <"$TMP/keys"; expect_rc 0 "a batch session"
expect_out 'nothing to undo' "b before any label"
expect_out 'u  unsure' "? shows the keys"
expect_out 'labelled 0, remaining [0-9]+' "a progress line"
expect_out 'P\(same fact\) 0\.[0-9]{3} \(threshold' "the model's probability"
expect_out '^A  sahel-visas/[^ ]+ \(.*\), (unknown|20[0-9-]+)' "source and date of claim A"
expect_no_out $'\033\\[' "no colour when stdout is no terminal"
expect_out 'labelled 3, remaining [0-9]+, in ' "the closing line counts labels net of the undo"
first=$(grep -Eo 'remaining [0-9]+' "$TMP/out" | head -1 | cut -d' ' -f2)
[ "$(head -1 "$F")" = $'id\tlabel\ttext_a\ttext_b\tsource_a\tsource_b\tdate_a\tdate_b\ttype\tannotator\tlabeled_at' ] \
  && ok "the header" || fail "header: $(head -1 "$F")"
[ "$(rows)" = "same conflict different retract same " ] && ok "rows: same conflict different retract same" \
  || fail "rows: $(rows)"
r3=$(sed -n 4p "$F" | cut -f1); r4=$(sed -n 5p "$F" | cut -f1,3,4); r3t=$(sed -n 4p "$F" | cut -f1,3,4)
[ "$r4" = "$r3t" ] && ok "the retraction names the id and texts of the undone row" || fail "retract: $r4 vs $r3t"
[ "$(sed -n 6p "$F" | cut -f3,4)" = "$(sed -n 4p "$F" | cut -f3,4)" ] && ok "after b the undone pair is shown again" \
  || fail "relabelled pair differs"
[ "$(sed -n 6p "$F" | cut -f1)" != "$r3" ] && ok "the new label has a new id" || fail "id reused"
[ "$(sed -n 3p "$F" | cut -f9)" != "-" ] && ok "a conflict gets a type ($(sed -n 3p "$F" | cut -f9))" || fail "untyped conflict"
! tail -n +2 "$F" | cut -f11 | grep -Evq '^20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$' \
  && ok "labeled_at is an ISO timestamp" || fail "labeled_at"
awk -F'\t' 'NF != 11 { bad = 1 } END { exit bad }' "$F" && ok "11 columns on every line" || fail "column count"
run annotate lint "$F"; expect_rc 0 "lint accepts the file with its retraction"
run annotate agreement "$F" "$F"; expect_out 'labelled by both: 3' "the pairs reader drops the retracted row"

# The next session skips the three labelled pairs.
keys s q
run annotate pairs --batch --annotator ana --out "$F" "$CORPUS" <"$TMP/keys"; expect_rc 0 "a second session"
again=$(grep -Eo 'remaining [0-9]+' "$TMP/out" | head -1 | cut -d' ' -f2)
[ "$again" -eq $((first - 3)) ] && ok "labelled pairs are skipped ($first -> $again)" || fail "remaining $first -> $again"
last=$(tail -1 "$F" | cut -f3,4)
if tail -n +2 "$F" | head -n -1 | cut -f3,4 | grep -qxF "$last"; then fail "a labelled pair was shown again"
else ok "the new label is a new pair"; fi

# A crash mid-write leaves half a line: the writer drops it, warns, and appends.
printf 'p-half\tsame\tThe half' >>"$F"
keys d q
run annotate pairs --batch --annotator ana --out "$F" "$CORPUS" <"$TMP/keys"; expect_rc 0 "a session on a cut file"
expect_err "warning: .*ana\\.tsv: ends in half a line.*20 bytes dropped" "the repair is reported with the bytes dropped"
grep -q 'p-half' "$F" && fail "the half line is still there" || ok "the half line is gone"
[ "$(tail -1 "$F" | cut -f2)" = different ] && ok "the new label follows" || fail "last row: $(tail -1 "$F")"
run annotate lint "$F"; expect_rc 0 "lint after the repair"

# An empty file gets the header with the first label.
: >"$TMP/empty.tsv"
keys s q
run annotate pairs --batch --out "$TMP/empty.tsv" "$CORPUS" <"$TMP/keys"; expect_rc 0 "an empty file"
[ "$(wc -l <"$TMP/empty.tsv")" -eq 2 ] && head -1 "$TMP/empty.tsv" | grep -q '^id' && ok "header written into an empty file" \
  || fail "empty file: $(cat "$TMP/empty.tsv")"

# A bad retraction is an error for lint and the reader.
{ head -1 "$F"; printf 'zz\tretract\tA.\tB.\tW\tW\tunknown\tunknown\t-\tana\t2026-11-23\n'; } >"$TMP/bad.tsv"
run annotate lint "$TMP/bad.tsv"; expect_rc 3 "a retraction of an unknown id"
expect_err 'bad\.tsv:2: .*retracts' "named with file:line"
finish
