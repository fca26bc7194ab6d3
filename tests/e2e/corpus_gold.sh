#!/usr/bin/env bash
# corpus_gold.sh: keeps the demo corpus and its answer key in step. Every quote in
# annotations/GOLD.md must be a verbatim substring of the article it names
# (an edited article silently breaks the end-to-end conflict tests otherwise). Loading the
# articles is reports_fresh.sh; finding the conflicts is the job of the conflict end-to-end
# tests that read GOLD.md.
set -u
src="${CROSSCHECK_SOURCE:?CROSSCHECK_SOURCE not set}"
dir="$src/annotations/corpus/sahel-visas"
gold="$src/annotations/GOLD.md"
fail=0

# Rows of the three tables: | id | type | doc A | quote A | doc B | quote B | ...
# Fields after splitting on '|': $2 id, $4 doc A, $5 quote A, $6 doc B, $7 quote B.
rows=$(awk -F'|' '$2 ~ /^ *[GSN][0-9]+ *$/ { print $2 "\t" $4 "\t" $5 "\t" $6 "\t" $7 }' "$gold")
nquotes=0
while IFS=$'\t' read -r id doc_a quote_a doc_b quote_b; do
    for side in a b; do
        if [ "$side" = a ]; then doc=$doc_a; quote=$quote_a; else doc=$doc_b; quote=$quote_b; fi
        doc=$(printf '%s' "$doc" | awk '{ print $1 }')
        quote=$(printf '%s' "$quote" | sed -e 's/^ *`//' -e 's/` *$//')
        case "$doc" in *.md|*.txt) ;; *) continue ;; esac
        if [ ! -f "$dir/$doc" ]; then
            echo "FAIL: $(echo $id): no such article: $doc"; fail=1; continue
        fi
        if ! grep -qF -- "$quote" "$dir/$doc"; then
            echo "FAIL: $(echo $id): quote not in $doc: $quote"; fail=1; continue
        fi
        nquotes=$((nquotes + 1))
    done
done <<< "$rows"
nrows=$(printf '%s\n' "$rows" | grep -c .)
echo "checked $nquotes quotes in $nrows GOLD rows"
if [ "$nrows" -lt 20 ] || [ "$nquotes" -lt 38 ]; then
    echo "FAIL: GOLD.md tables look truncated or unparsable"; fail=1
fi

exit $fail
