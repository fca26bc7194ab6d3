# gate.sh: `crosscheck gate` on copies of the demo corpus: baseline, a new conflicting
# document, verdicts (dismissed, confirmed, last one wins), resolved conflicts, input errors
# (exit 3), the four formats, and fingerprints that survive reordering, a renamed directory
# and an edit to an unrelated document.
. "$(dirname "$0")/lib.bash"

enter_tmp_with_demo_corpus # no reports/ or annotations/ in $TMP: no default baseline or verdicts
cp -r "$corpus" c
B="$TMP/baseline.json"
V="$TMP/verdicts.tsv"

run gate --update-baseline --baseline "$B" c
expect_rc 0 "--update-baseline"
expect_err "wrote [0-9]+ conflicts to $B" "--update-baseline says what it wrote"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["schema"]=="crosscheck.baseline/1" and d["conflicts"]' "$B" &&
  ok "the baseline is JSON of schema crosscheck.baseline/1" || fail "baseline schema"
ls "$TMP" | grep -q '\.tmp\.' && fail "a temporary file was left" || ok "no temporary file left"

run gate --baseline "$B" c
expect_rc 0 "the demo corpus against its own baseline"
expect_out "^crosscheck gate: 0 new, [1-9][0-9]* known" "all conflicts known"

# A document of my own that disagrees with the corpus on when the troops left Mali.
cat >c/sahel-visas/2026-01-04-delta-courier.md <<'EOF'
---
date: 2026-01-04
outlet: Delta Courier
title: Troops and visas
---

The last U.S. troops left Mali in 2019, officials in Bamako recalled.
EOF
run gate --baseline "$B" c
expect_rc 1 "a conflicting document fails the gate"
expect_out "^  new \[[a-z]+\] time [0-9a-f]{16}: .*Delta Courier" "the new conflict is named"
expect_out 'A .*delta-courier.md:7 "The last U.S. troops left Mali in 2019' "with its evidence (file:line, text)"
new_fps=$(grep -oE '^  new \[[a-z]+\] [a-z]+ [0-9a-f]{16}' <<<"$OUT" | awk '{print $4}')
[ -n "$new_fps" ] && ok "fingerprints of new conflicts: $(echo $new_fps)" || fail "no new fingerprints"

run gate --baseline "$B" --min-severity high c
nhigh=$(grep -c '^  new \[high\]' <<<"$OUT")
grep -q '^  new \[medium\]' <<<"$OUT" && fail "--min-severity high lists medium conflicts" ||
  ok "--min-severity high leaves out medium ones ($nhigh high new)"

printf 'fingerprint\tverdict\treviewer\ttime\tnote\n' >"$V"
for fp in $new_fps; do printf '%s\tdismissed\ttester\t2026-11-23\tnot the same event\n' "$fp" >>"$V"; done
run gate --baseline "$B" --verdicts "$V" c
expect_rc 0 "dismissed in the verdicts: pass"
expect_out "^  dismissed \[[a-z]+\] time .*Delta Courier" "listed as dismissed"

for fp in $new_fps; do printf '%s\tconfirmed\ttester\t2026-11-23T10:00\treal\n' "$fp" >>"$V"; done
run gate --baseline "$B" --verdicts "$V" c
expect_rc 0 "confirmed (the later verdict wins): pass"
expect_out "^  known \[[a-z]+\] time .*Delta Courier" "listed as known"
expect_no_out "^  dismissed" "the earlier dismissal no longer counts"

# A shortened fingerprint (8+ hex digits) as people copy them.
first=$(head -1 <<<"$new_fps")
printf 'fingerprint\tverdict\treviewer\ttime\tnote\n' >"$TMP/short.tsv"
for fp in $new_fps; do printf '%s\tdismissed\ttester\t2026-11-23\t\n' "${fp:0:10}" >>"$TMP/short.tsv"; done
run gate --baseline "$B" --verdicts "$TMP/short.tsv" c
expect_rc 0 "verdicts on shortened fingerprints"

# Resolved: the baseline has the new document's conflicts; then the document goes.
run gate --update-baseline --baseline "$TMP/b2.json" c
rm c/sahel-visas/2026-01-04-delta-courier.md
run gate --baseline "$TMP/b2.json" c
expect_rc 0 "a removed document: pass"
expect_out "^  resolved \[[a-z]+\] time $first" "its conflict is reported as resolved"
expect_out 'A .*delta-courier.md:7 "The last U.S. troops' "resolved with its evidence"

# ---- input errors: exit 3 naming the file ----
cp -r c bad
printf 'The embassy said \xff\xfe it would reopen.\n' >bad/sahel-visas/broken.md
run gate --strict --baseline "$B" bad
expect_rc 3 "invalid UTF-8 under --strict"
expect_err "broken.md" "the invalid file is named"
printf '{"schema": "crosscheck.baseline/1", "conflicts": [\n' >"$TMP/notjson.json"
run gate --baseline "$TMP/notjson.json" c
expect_rc 3 "a baseline that is not JSON"
expect_err "notjson.json:[0-9]+: not a JSON baseline" "the baseline is named with its line"
printf '{"schema": "crosscheck.report/1", "conflicts": []}\n' >"$TMP/wrong.json"
run gate --baseline "$TMP/wrong.json" c
expect_rc 3 "a JSON file of another schema"
printf 'fingerprint\tverdict\treviewer\ttime\tnote\n%s\tmaybe\ttester\t2026-11-23\t\n' "$first" >"$TMP/badv.tsv"
run gate --baseline "$B" --verdicts "$TMP/badv.tsv" c
expect_rc 3 "a verdicts file that fails lint"
expect_err "badv.tsv:2:.*maybe" "the verdict is named with file:line"
run gate --format pdf c
expect_rc 2 "an unknown format is a usage error"
run gate --min-severity urgent c
expect_rc 2 "an unknown severity is a usage error"

# ---- formats, with a new conflict in the corpus ----
cp -r c fmt
mv fmt/sahel-visas "fmt/sahel visas" # a space in the path: SARIF URIs must encode it
cat >"fmt/sahel visas/2026-01-04-delta-courier.md" <<'EOF'
---
date: 2026-01-04
outlet: Delta Courier <&> "Wire"
title: Troops
---

The last U.S. troops left Mali in 2019, officials in Bamako recalled.
EOF
"$BIN" gate --baseline "$B" --format junit -o junit.xml fmt 2>/dev/null
rc=$?
[ $rc -eq 1 ] && ok "junit: exit 1" || fail "junit: exit $rc"
python3 - junit.xml <<'EOF' && ok "JUnit XML is well-formed, one testcase per conflict, failures for new" || fail "JUnit XML"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
cases = root.findall(".//testcase")
fails = [c for c in cases if c.find("failure") is not None]
assert root.tag == "testsuites" and cases and fails, (len(cases), len(fails))
assert int(root.get("failures")) == len(fails)
assert any("Delta Courier <&>" in f.find("failure").get("message") for f in fails)
EOF
"$BIN" gate --baseline "$B" --format sarif -o gate.sarif fmt 2>/dev/null
python3 - gate.sarif <<'EOF' && ok "SARIF 2.1.0 required fields, rules, locations with lines, encoded URIs" || fail "SARIF"
import json, re, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0" and "$schema" in d
run = d["runs"][0]
drv = run["tool"]["driver"]
assert drv["name"] == "crosscheck"
ids = [r["id"] for r in drv["rules"]]
assert "time" in ids and len(ids) == len(set(ids))
assert run["results"]
for r in run["results"]:
    assert r["ruleId"] in ids and drv["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
    assert r["level"] in ("error", "note") and r["message"]["text"]
    assert len(r["locations"]) == 2
    for loc in r["locations"]:
        pl = loc["physicalLocation"]
        assert pl["artifactLocation"]["uri"] and pl["region"]["startLine"] >= 1
        assert re.fullmatch(r"[A-Za-z0-9._~/%-]+", pl["artifactLocation"]["uri"])
        assert "sahel%20visas/" in pl["artifactLocation"]["uri"]
new = [r for r in run["results"] if r["level"] == "error"]
assert any(l["physicalLocation"]["artifactLocation"]["uri"].endswith("delta-courier.md")
           and l["physicalLocation"]["region"]["startLine"] == 7
           for r in new for l in r["locations"]), new
EOF
"$BIN" gate --baseline "$B" --format github fmt >gh.txt 2>/dev/null
python3 - gh.txt <<'EOF' && ok "github workflow commands parse; ::error for new, ::notice for known" || fail "github format"
import re, sys
pat = re.compile(r"^::(error|notice)( file=[^,:]+,line=[0-9]+,title=[^:]*)?::[^\r\n]+$")
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert lines and all(pat.match(l) for l in lines), [l for l in lines if not pat.match(l)]
errs = [l for l in lines if l.startswith("::error ")]
assert errs and any("delta-courier.md,line=7" in l for l in errs), errs
assert any(l.startswith("::notice file=") for l in lines)
EOF

# ---- fingerprints survive reordering, a renamed directory, an unrelated edit ----
same_as_baseline() { # same_as_baseline NAME PATH...
  local name=$1; shift
  run gate --baseline "$B" "$@"
  if [ "$RC" -eq 0 ] && grep -Eq '^crosscheck gate: 0 new, [1-9][0-9]* known, 0 dismissed, 0 resolved' <<<"$OUT"; then
    ok "$name: every fingerprint as in the baseline"
  else fail "$name: $(head -1 <<<"$OUT") (exit $RC)"; fi
}
rm -rf c2 && cp -r "$corpus" c2
mv c2/sahel-visas c2/renamed-directory
same_as_baseline "renamed directory" c2
# Reordered: files spread over directories whose names sort in the opposite order, and
# given on the command line last first.
rm -rf c3 && mkdir c3
i=9
for f in "$corpus"/sahel-visas/*; do mkdir -p "c3/$i-dir" && cp "$f" "c3/$i-dir/"; i=$((i - 1)); done
same_as_baseline "reordered files" $(ls -d c3/*/* | sort -r)
rm -rf c4 && cp -r "$corpus" c4
unrelated=$(ls c4/sahel-visas/* | while read -r f; do
  b=$(basename "$f"); b=${b%.*}; grep -q "\"doc\": \"[^\"]*$b\"" "$B" || echo "$f"; done | head -1)
if [ -n "$unrelated" ]; then
  printf '\nA local market in the capital reopened after the holidays, traders said.\n' >>"$unrelated"
  same_as_baseline "edit to an unrelated document ($(basename "$unrelated"))" c4
else
  printf '\nA local market in the capital reopened after the holidays, traders said.\n' >>c4/sahel-visas/bamako-envoy-dateline.md
  same_as_baseline "edit to a document (appended sentence)" c4
fi

finish
