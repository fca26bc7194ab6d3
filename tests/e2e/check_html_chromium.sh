# check_html_chromium.sh: renders the HTML report in headless Chromium. Markup from an
# article must stay inert text (no element made, no script run) and the filter script must
# work. Skips (77) when chromium is not installed.
. "$(dirname "$0")/lib.bash"

chrome=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$chrome" ]; then echo "SKIP: chromium is not installed"; exit 77; fi
mkdir -p "$TMP/corpus" "$TMP/profile"
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
outlet: Andes Daily
---

The Peruvian storm destroyed 120 houses in Chimbote <img src=x onerror="document.title='PWNED'"> on the coast.
DOC
"$BIN" check --format html -o "$TMP/report.html" "$TMP/corpus" 2>"$TMP/err" &&
  ok "html report written" || fail "check --format html: $(head -3 "$TMP/err")"

# dom FILE: the DOM after scripts ran (the page's own filter script included)
dom() {
  timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --no-first-run --user-data-dir="$TMP/profile" --dump-dom "file://$1" 2>/dev/null
}
dom "$TMP/report.html" >"$TMP/dom.html"
[ -s "$TMP/dom.html" ] && ok "chromium rendered the page" || fail "chromium produced no DOM"
grep -q '<title>crosscheck report</title>' "$TMP/dom.html" && ok "no injected script ran (title intact)" ||
  fail "the title changed: an injected script ran"
grep -q 'PWNED' "$TMP/dom.html" && grep -q '&lt;script&gt;document.title' "$TMP/dom.html" &&
  ok "the article's <script> is shown as text" || fail "the article's <script> is not text in the DOM"
grep -q '<img' "$TMP/dom.html" && fail "an <img> element exists in the DOM" || ok "no <img> element in the DOM"
grep -q 'class="conflict"' "$TMP/dom.html" && ok "conflicts visible with every filter ticked" ||
  fail "conflicts hidden with every filter ticked"

# The filter: unticking "number" (done by a copy of the page whose box starts unticked) hides it.
sed 's/value="number" checked/value="number"/' "$TMP/report.html" >"$TMP/filtered.html"
dom "$TMP/filtered.html" >"$TMP/dom2.html"
grep -q 'class="conflict hidden" data-type="number"' "$TMP/dom2.html" &&
  ok "the type filter hides unticked types" || fail "the type filter does not hide number conflicts"
"$chrome" --headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run \
  --user-data-dir="$TMP/profile" --screenshot="$TMP/shot.png" --window-size=1200,900 \
  "file://$TMP/report.html" >/dev/null 2>&1
[ -s "$TMP/shot.png" ] && ok "screenshot taken" || fail "no screenshot"
finish
