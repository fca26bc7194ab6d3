# annotate_export.sh: `annotate export` (candidates with an empty label column) and
# `annotate import` (validated, appended, already-labelled pairs skipped, all or nothing).
. "$(dirname "$0")/lib.bash"
CORPUS="$SRC/annotations/corpus"
E="$TMP/export.tsv"; F="$TMP/labels.tsv"
run annotate export -o "$E" "$CORPUS"; expect_rc 0 "export"
head -1 "$E" | grep -q $'^id\tlabel\ttext_a.*labeled_at\tp_same$' && ok "pairs header plus p_same" || fail "header: $(head -1 "$E")"
awk -F'\t' 'NR > 1 && ($2 != "" || NF != 12) { bad = 1 } END { exit bad }' "$E" && ok "labels empty, 12 columns" \
  || fail "export rows"
total=$(($(wc -l <"$E") - 1))
fill() { # fill LABEL... : the first rows of the export labelled in turn (TYPE via LABEL:TYPE)
  awk -F'\t' -v OFS='\t' -v labels="$*" 'BEGIN { n = split(labels, L, " ") }
    NR == 1 { print; next }
    NR - 1 <= n { split(L[NR - 1], x, ":"); $2 = x[1]; if (x[2] != "") $9 = x[2] }
    { print }' "$E" >"$TMP/filled.tsv"
}
fill same conflict:number different
run annotate import --out "$F" --annotator bob "$TMP/filled.tsv"; expect_rc 0 "import"
expect_err '3 labels appended' "three labelled rows appended"
[ "$(tail -n +2 "$F" | cut -f2,10 | tr '\t\n' ':,')" = "same:bob,conflict:bob,different:bob," ] && ok "labels and annotator" \
  || fail "rows: $(tail -n +2 "$F" | cut -f2,10 | tr '\t\n' ':,')"
run annotate lint "$F"; expect_rc 0 "lint accepts the imported labels"
run annotate import --out "$F" "$TMP/filled.tsv"; expect_rc 0 "import again"
expect_err '0 labels appended .* 3 already there' "already labelled pairs skipped"
run annotate export -o "$E" --skip "$F" "$CORPUS"
[ $(($(wc -l <"$E") - 1)) -eq $((total - 3)) ] && ok "export --skip leaves out the labelled pairs" || fail "export --skip"
fill same conflict maybe
before=$(wc -l <"$F")
run annotate import --out "$F" "$TMP/filled.tsv"; expect_rc 3 "invalid rows"
expect_err 'filled\.tsv:3: .*type' "an untyped conflict named with file:line"
expect_err 'filled\.tsv:4: .*maybe' "a bad label named with file:line"
[ "$(wc -l <"$F")" -eq "$before" ] && ok "nothing appended when a row is invalid" || fail "rows appended"
finish
