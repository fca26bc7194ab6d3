# check_seeds.sh: `crosscheck check` on the seed articles of the product card
# (../shared/corpus/seeds, used by path, never copied). The two conflicts of the card must
# be reported; its near-misses must not. Skips (77) when the seeds are absent.
. "$(dirname "$0")/lib.bash"

seeds="$SHARED/corpus/seeds"
if [ ! -d "$seeds" ]; then echo "SKIP: no seed corpus at $seeds"; exit 77; fi
"$BIN" check --format json -o "$TMP/seeds.json" "$seeds" 2>"$TMP/err"
rc=$?
[ $rc -eq 0 ] && ok "check on the seeds" || fail "check on the seeds: exit $rc: $(head -3 "$TMP/err")"

# has TYPE EXPR: some conflict of TYPE whose two claims a, b satisfy the Python expression
has() {
  python3 - "$TMP/seeds.json" "$1" "$2" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
kind, expr = sys.argv[2], sys.argv[3]
for c in r["conflicts"]:
    if c["type"] != kind and kind != "*":
        continue
    x, y = c["claims"]
    for a, b in ((x, y), (y, x)):
        if eval(expr, {"a": a, "b": b, "doc": lambda s: s["doc"].split("/")[-1][:3]}):
            sys.exit(0)
sys.exit(1)
PY
}

has role '"former US President" in a["text"] and "Donald Trump" in a["text"] and "President Donald Trump" in b["text"] and "former US President" not in b["text"]' &&
  ok "former vs sitting US President Donald Trump for the same decision" ||
  fail "role conflict former vs sitting Trump not reported"
has time 'doc(a) == "004" and "in 2022" in a["text"] and doc(b) == "003" and "a year ago" in b["text"]' &&
  ok "US exit 'in 2022' (seed 004) vs 'a year ago' (seed 003)" ||
  fail "time conflict 2022 vs a year ago not reported"
has time '"Niger" in a["text"] and "2024" in a["value"] and "Mali" in b["text"]' &&
  fail "near-miss reported: withdrawal from Niger in 2024 vs the Mali exit in 2022" ||
  ok "no conflict between the Niger withdrawal (2024) and the Mali exit (2022)"
has role '"Checker" in a["text"] or "Checker" in b["text"]' &&
  fail "near-miss reported: two titles of the same envoy" ||
  ok "no role conflict over the envoy's two titles"
has set '"gold" in a["text"] or "gold" in b["text"]' &&
  fail "near-miss reported: two example lists of minerals" ||
  ok "no set conflict between example lists of minerals"
finish
