# claims_cli.sh: `crosscheck claims` end to end: the slots in JSONL, the flat TSV, the
# check-worthiness filter, byte spans into the original file, determinism, a broken lexicon.
. "$(dirname "$0")/lib.bash"

art="$TMP/art.md"
printf -- '---\ndate: 2026-01-03\n---\n\nFormer U.S. President Donald Trump placed Mali, Niger and Chad on the list on Friday, a move that angered Bamako.\n\nShould Washington lift the ban?\n' >"$art"

run claims "$art"
expect_rc 0 "claims on one article"
printf '%s\n' "$OUT" >"$TMP/a.jsonl"
valid_jsonl "$TMP/a.jsonl" && ok "valid JSONL" || fail "invalid JSONL"
python3 - "$TMP/a.jsonl" "$art" <<'PY' && ok "slots in JSONL" || fail "slots in JSONL"
import json, sys
claims = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
raw = open(sys.argv[2], "rb").read()
assert [c["id"] for c in claims] == ["art#0", "art#1", "art#2"], [c["id"] for c in claims]
a = claims[0]
for key in ("checkworthy", "predicate", "polarity", "modality", "attribution", "entities",
            "roles", "times", "quantities", "lists", "kind", "span", "text", "sentence"):
    assert key in a, key
assert a["predicate"] == "place", a["predicate"]
assert a["roles"][0]["person"] == "person:donald-trump" and a["roles"][0]["status"] == "former"
assert a["lists"][0]["members"] == ["country:ML", "country:NE", "country:TD"], a["lists"]
assert a["times"][0]["value"] == "2026-01-02" and a["times"][0]["resolution"] == "dct"
s, e = a["span"]
assert raw[s:e].decode() == a["text"], (raw[s:e], a["text"])
for ent in a["entities"]:
    s, e = ent["span"]
    assert raw[s:e].decode() == ent["text"], ent
assert claims[1]["text"].startswith("a move that") and claims[1]["sentence"] == a["sentence"]
assert claims[2]["checkworthy"] < 0.5 <= a["checkworthy"]
PY

run claims --records "$art"
expect_rc 0 "claims --records"
printf '%s\n' "$OUT" >"$TMP/r.jsonl"
python3 - "$TMP/r.jsonl" "$TMP/a.jsonl" <<'PY' && ok "--records: the record line, then the same claim lines" || fail "--records"
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
plain = open(sys.argv[2], encoding="utf-8").read().splitlines()
rec = json.loads(lines[0])
assert rec["schema"] == "crosscheck.doc/1" and rec["id"] == "art" and len(rec["claims"]) == 3
assert lines[1:] == plain, "claim lines changed"
PY

# -o on a pipe (or a device such as /dev/null) writes into it: an atomic rename over it
# would replace it with a regular file
mkfifo "$TMP/fifo"
timeout 10 sh -c 'wc -c <"$1"' sh "$TMP/fifo" >"$TMP/fifo.count" &
"$BIN" claims -o "$TMP/fifo" "$art" 2>/dev/null
wait
[ -p "$TMP/fifo" ] && [ "$(cat "$TMP/fifo.count")" -gt 100 ] 2>/dev/null && ok "-o FIFO writes into the pipe" ||
  fail "-o FIFO replaced the pipe"

run claims --checkworthy "$art"
expect_no_out 'Should Washington' "--checkworthy leaves out a question"
run claims --all --format tsv "$art"
expect_rc 0 "tsv"
expect_out '^id	doc	path	sentence	kind	start	end	checkworthy	predicate	polarity	modality	attribution	speaker	entities	roles	times	quantities	lists	text$' "tsv header"
expect_out 'person:donald-trump=president:former' "tsv role column"
expect_out 'country:ML\+country:NE\+country:TD' "tsv list column"

"$BIN" claims "$SRC/annotations/corpus" >"$TMP/r1" 2>/dev/null
"$BIN" claims "$SRC/annotations/corpus" >"$TMP/r2" 2>/dev/null
cmp -s "$TMP/r1" "$TMP/r2" && ok "deterministic output" || fail "two runs differ"

# a broken lexicon is an input error naming file:line
cp -r "$CROSSCHECK_MODELS" "$TMP/models"
printf 'nosuchclass\tword\n' >>"$TMP/models/claims/words.tsv"
run claims --models "$TMP/models" "$art"
expect_rc 3 "broken lexicon"
expect_err 'claims/words.tsv:[0-9]+: unknown class' "the error names file:line"
finish
