# check_claims_shards.sh: `crosscheck check --claims` on claims extracted in 4 shards by
# GNU parallel gives a report byte-identical to a single direct run; a damaged or foreign
# record is refused naming file and line (exit 3).
. "$(dirname "$0")/lib.bash"

BIN=$(realpath "$BIN")
corpus="$SRC/annotations/corpus/sahel-visas"
[ -d "$corpus" ] || { echo "SKIP: no demo corpus"; exit 77; }
PARALLEL=/usr/bin/parallel
[ -x "$PARALLEL" ] || { echo "SKIP: GNU parallel is not installed"; exit 77; }

"$BIN" check --format json "$corpus" >"$TMP/direct.json" 2>/dev/null

# 4 shards of the sorted file list, one `crosscheck claims` per shard
find "$corpus" -type f \( -name '*.md' -o -name '*.txt' \) | LC_ALL=C sort >"$TMP/files"
split -n l/4 -d "$TMP/files" "$TMP/shard-"
ls "$TMP"/shard-?? | "$PARALLEL" --will-cite --halt now,fail=1 \
  "xargs '$BIN' claims --records -o {}.jsonl <{}" 2>"$TMP/perr" &&
  ok "4 shards extracted by parallel" || { fail "parallel"; cat "$TMP/perr"; }
[ "$(ls "$TMP"/shard-??.jsonl | wc -l)" -eq 4 ] && ok "4 shard files" || fail "shard files"

run check --format json --claims "$TMP"/shard-??.jsonl
expect_rc 0 "check --claims on the shards"
printf '%s\n' "$OUT" >"$TMP/sharded.json"
cmp -s "$TMP/direct.json" "$TMP/sharded.json" && ok "the sharded report is byte-identical" ||
  fail "the sharded report differs from a direct run"

for f in text md tsv html; do
  "$BIN" check --format "$f" "$corpus" >"$TMP/d.$f" 2>/dev/null
  "$BIN" check --format "$f" --claims "$TMP"/shard-??.jsonl >"$TMP/s.$f" 2>/dev/null
  cmp -s "$TMP/d.$f" "$TMP/s.$f" && ok "identical in $f" || fail "differs in $f"
done

# shard order on the command line does not matter either
run check --format json --claims $(ls "$TMP"/shard-??.jsonl | sort -r)
printf '%s\n' "$OUT" >"$TMP/rev.json"
cmp -s "$TMP/direct.json" "$TMP/rev.json" && ok "shards in any order" || fail "shard order"

# a record cut short, an offset out of the text, another model set: exit 3, file:line
head -c 300 "$TMP/shard-00.jsonl" >"$TMP/cut.jsonl"
run check --claims "$TMP/cut.jsonl"
expect_rc 3 "a cut record"
expect_err "cut.jsonl:1: invalid document record" "the cut record is named by file:line"
sed '0,/"raw_size":[0-9]*/s//"raw_size":-4/' "$TMP/shard-01.jsonl" >"$TMP/neg.jsonl"
run check --claims "$TMP/neg.jsonl"
expect_rc 3 "a negative size"
sed 's/"rules":"[0-9a-f]*"/"rules":"0000000000000000"/' "$TMP/shard-01.jsonl" >"$TMP/rules.jsonl"
run check --claims "$TMP/rules.jsonl"
expect_rc 3 "records of other rules"
expect_err "rules.jsonl:1: .*other rules" "other rules are refused"
run check --claims --max-claims 3 "$TMP/shard-00.jsonl"
expect_rc 3 "records made with other extraction options"
expect_err "shard-00.jsonl:1: .*extraction options" "other options are refused"
"$BIN" claims "$corpus" >"$TMP/plain.jsonl" 2>/dev/null
run check --claims "$TMP/plain.jsonl"
expect_rc 3 "claims without --records"
expect_err "no document records.*--records" "the message says to add --records"
printf 'id\tdoc\n' >"$TMP/x.tsv"
run check --claims "$TMP/x.tsv"
expect_rc 3 "a TSV file is not claims JSONL"
finish
