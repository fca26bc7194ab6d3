# check_html.sh: the HTML report is one self-contained page (no external requests) in which
# text from the corpus is escaped: an article holding <script> and <img onerror> shows them
# as text. (check_html_chromium.sh renders the same page in a browser.)
. "$(dirname "$0")/lib.bash"

mkdir -p "$TMP/corpus"
cat >"$TMP/corpus/a.md" <<'DOC'
---
date: 2025-08-01
outlet: Coast <img src=x onerror="document.title='PWNED'"> Post
---

The Peruvian storm destroyed about 50 houses in Chimbote <script>document.title='PWNED'</script> on the coast.
DOC
cat >"$TMP/corpus/b.md" <<'DOC'
---
date: 2025-08-01
outlet: Andes & "Daily"
---

The Peruvian storm destroyed 120 houses in Chimbote <img src=x onerror="document.title='PWNED'"> on the coast.
DOC
run check --format html -o "$TMP/report.html" "$TMP/corpus"
expect_rc 0 "check --format html"
html="$TMP/report.html"
grep -q 'data-type="number"' "$html" && ok "the number conflict is in the page" || fail "no number conflict in the page"
grep -q '&lt;script&gt;document.title' "$html" && ok "<script> from an article is escaped" || fail "<script> not escaped"
grep -q '&lt;img src=x onerror=' "$html" && ok "<img onerror> from an article is escaped" || fail "<img onerror> not escaped"
[ "$(grep -c '<script' "$html")" -eq 1 ] && ok "exactly one script element (the filters)" || fail "more than one <script> element"
grep -q '<img' "$html" && fail "an <img> element in the page" || ok "no <img> element"
grep -Eiq '(src|href|url)\s*=?\s*\(?["'\'']?(https?:)?//' "$html" && fail "an external reference in the page" || ok "no external references"
grep -q "Content-Security-Policy" "$html" && ok "a Content-Security-Policy forbids loading anything" || fail "no CSP"
grep -q '<svg' reports/demo-report.html 2>/dev/null || grep -q '<svg' <("$BIN" check --format html "$SRC/annotations/corpus" 2>/dev/null) &&
  ok "a timeline (inline SVG) for time conflicts" || fail "no timeline SVG in the demo report"
grep -q '<mark>about 50</mark>' "$html" && ok "the compared values are marked" || fail "values not marked"
finish
