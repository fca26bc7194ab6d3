# check_gold.sh: `crosscheck check` on the demo corpus against its answer key
# (annotations/GOLD.md). Every planted conflict (G rows) must be found: a conflict of the
# same type between the two named documents. No planted near-miss (N rows) may be
# reported: a conflict of that type whose claims hold the row's quotes. Prints found,
# missed and false alarms (conflicts matching no G or S row: reported, not failed).
. "$(dirname "$0")/lib.bash"

cd "$SRC" || exit 1
gold=annotations/GOLD.md
[ -f "$gold" ] || { fail "no $gold"; finish; exit; }
"$BIN" check --format json -o "$TMP/report.json" annotations/corpus 2>"$TMP/err"
rc=$?
[ $rc -eq 0 ] && ok "check on the demo corpus (exit 0 with conflicts)" ||
  fail "check on the demo corpus: exit $rc: $(head -3 "$TMP/err")"
[ ! -s "$TMP/err" ] && ok "no warnings" || fail "warnings: $(head -3 "$TMP/err")"

python3 - "$gold" "$TMP/report.json" >"$TMP/gold.out" <<'PY'
import json, re, sys
gold, report = sys.argv[1], sys.argv[2]
r = json.load(open(report, encoding="utf-8"))
assert r["schema"] == "crosscheck.report/1", "schema"

def base(doc):
    return doc.split("/")[-1]

def stem(cell):
    m = re.match(r"\s*([\w.-]+?)\.(md|txt)\b", cell)
    return m.group(1) if m else None

def norm(s):
    return " ".join(s.split())

def holds(claim_text, quote):
    a, q = norm(claim_text), norm(quote)
    return q in a or (len(a) > 20 and a in q)

rows = []
for line in open(gold, encoding="utf-8"):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) < 6 or not re.fullmatch(r"[GSN]\d+", cells[0]):
        continue
    kind = cells[0][0]
    # G rows: id type docA quoteA docB quoteB ...; S and N rows: id type docA quoteA docB quoteB
    rows.append(dict(id=cells[0], kind=kind, type=cells[1].split()[0], a=stem(cells[2]),
                     qa=cells[3].strip("`"), b=stem(cells[4]), qb=cells[5].strip("`")))

conflicts = r["conflicts"]
def docs(c):
    return sorted(base(x["doc"]) for x in c["claims"])

def hits_near_miss(c, row):
    if c["type"] != row["type"]:
        return False
    texts = [x["text"] for x in c["claims"]]
    if row["b"] is None:
        return any(holds(t, row["qa"]) for t in texts)
    return (holds(texts[0], row["qa"]) and holds(texts[1], row["qb"])) or \
           (holds(texts[1], row["qa"]) and holds(texts[0], row["qb"]))

found, missed, near = [], [], []
explained = set()
for row in rows:
    want = sorted([row["a"], row["b"]]) if row["b"] else None
    if row["kind"] in "GS":
        match = [i for i, c in enumerate(conflicts) if c["type"] == row["type"] and docs(c) == want]
        explained.update(match)
        if row["kind"] == "G":
            (found if match else missed).append(row["id"])
    else:
        if any(hits_near_miss(c, row) for c in conflicts):
            near.append(row["id"])
false_alarms = [c for i, c in enumerate(conflicts) if i not in explained]
print("found %d/%d: %s" % (len(found), len(found) + len(missed), " ".join(found)))
print("missed: %s" % (" ".join(missed) or "none"))
print("near-misses reported: %s" % (" ".join(near) or "none"))
print("other findings (false alarms): %d" % len(false_alarms))
for c in false_alarms:
    print("  %s %s %s" % (c["type"], " vs ".join(docs(c)), c["explanation"]))
print("RESULT missed=%d near=%d" % (len(missed), len(near)))
PY
cat "$TMP/gold.out"
grep -q "RESULT missed=0 " "$TMP/gold.out" && ok "every planted conflict found" || fail "planted conflicts missed"
grep -q " near=0$" "$TMP/gold.out" && ok "no planted near-miss reported" || fail "near-misses reported"

# Determinism and order independence: the same report from the same corpus given file by file
# in reverse order.
"$BIN" check --format json annotations/corpus >"$TMP/again.json" 2>/dev/null
cmp -s "$TMP/report.json" "$TMP/again.json" && ok "deterministic" || fail "two runs differ"
fp() { python3 -c 'import json,sys; print("\n".join(sorted(c["fingerprint"] for c in json.load(open(sys.argv[1]))["conflicts"])))' "$1"; }
mkdir -p "$TMP/renamed"
cp -r annotations/corpus/sahel-visas "$TMP/renamed/other-name"
"$BIN" check --format json -o "$TMP/renamed.json" $(ls -r "$TMP"/renamed/other-name/*) 2>/dev/null
[ "$(fp "$TMP/report.json")" = "$(fp "$TMP/renamed.json")" ] &&
  ok "fingerprints survive a renamed directory and reversed file order" ||
  fail "fingerprints changed with the directory name or file order"

# Severity filter and the exit status for input errors.
run check --min-severity high --format tsv annotations/corpus
expect_rc 0 "--min-severity high"
if tail -n +2 <<<"$OUT" | cut -f3 | grep -qv '^high$'; then fail "--min-severity high kept lower ones"; else ok "--min-severity high keeps only high"; fi
run check --min-severity severe annotations/corpus
expect_rc 2 "a bad severity is a usage error"
run check "$TMP/does-not-exist"
expect_rc 3 "a missing input is an input error"
run check --model "$TMP/no.model" annotations/corpus
expect_rc 3 "a missing model is an input error"
run check --min-checkworthy 2 annotations/corpus
expect_rc 2 "--min-checkworthy out of range is a usage error"
run check --min-checkworthy 0.95 --format json annotations/corpus
expect_rc 0 "--min-checkworthy 0.95"
python3 -c 'import json,sys; r=json.loads(sys.stdin.read()); assert all(c["checkworthy"] >= 0.95 for c in r["claims"]); assert r["summary"]["checked_claims"] < r["summary"]["claims"]' <<<"$OUT" &&
  ok "--min-checkworthy leaves lower claims out" || fail "--min-checkworthy kept lower claims"

# The other formats carry the same findings.
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["conflicts"]))' "$TMP/report.json")
run check --format tsv annotations/corpus
[ "$(tail -n +2 <<<"$OUT" | wc -l)" -eq "$n" ] && ok "tsv: one row per conflict ($n)" || fail "tsv rows differ from the JSON's $n conflicts"
head -1 <<<"$OUT" | grep -q '^fingerprint	type	severity' && ok "tsv header" || fail "tsv header"
run check --format md annotations/corpus
[ "$(grep -c '^### ' <<<"$OUT")" -eq "$n" ] && ok "md: one section per conflict" || fail "md sections differ from $n"
run check annotations/corpus
expect_out '^crosscheck: 8 documents' "text: the summary line"
grep -q $'\033\[' <<<"$OUT" && fail "colour codes when not on a terminal" || ok "no colour when not on a terminal"

# Rule data are validated at start-up: a broken file is an input error naming file:line.
cp -r models "$TMP/models"
printf 'linkage_threshold\tlots\n' >>"$TMP/models/conflicts/params.tsv"
run check --models "$TMP/models" --model models/same-fact.model annotations/corpus
expect_rc 3 "a malformed params.tsv is an input error"
expect_err 'conflicts/params.tsv:[0-9]+:' "the error names params.tsv and its line"
cp models/conflicts/params.tsv "$TMP/models/conflicts/params.tsv"
printf 'scope\tTotal\twide\n' >>"$TMP/models/conflicts/words.tsv"
run check --models "$TMP/models" --model models/same-fact.model annotations/corpus
expect_rc 3 "an upper-case phrase in words.tsv is an input error"
expect_err 'conflicts/words.tsv:[0-9]+: phrases are lower case' "the error names words.tsv and its line"
finish
