# bad_input.sh: bad input gets a clear warning or error naming the file, and the rest of the
# work goes on (issue: foundation). Each case runs `claims` on a folder that also holds one
# good article, which must still come out.
. "$(dirname "$0")/lib.bash"

good() { printf -- '---\ndate: 2026-01-05\noutlet: Test Wire\n---\nThe ministry confirmed the new rules on Monday.\n' >"$1/good.md"; }
case_dir() { mkdir -p "$TMP/$1"; good "$TMP/$1"; echo "$TMP/$1"; }
good_survives() { expect_out 'confirmed the new rules' "$1: the good file is still processed"; }

d=$(case_dir utf8)
printf 'Prices rose \xff\xfe sharply in March.\n' >"$d/bad.txt"
run claims "$d"; expect_rc 0 "invalid UTF-8 is repaired"; good_survives "invalid UTF-8"
expect_err 'bad\.txt.*(invalid UTF-8|utf8)' "warning names the file"
expect_err 'bad\.txt:1:13' "warning gives line and column"
expect_out $'rose \xef\xbf\xbd' "invalid bytes become U+FFFD"
run claims --strict "$d"; expect_rc 3 "--strict makes invalid UTF-8 an error"

d=$(case_dir nul)
printf 'The bridge\0 reopened after repairs.\n' >"$d/nul.txt"
run claims "$d"; expect_rc 0 "NUL bytes"; good_survives "NUL bytes"
expect_out 'The bridge reopened after repairs' "NUL byte dropped"
expect_err 'nul\.txt' "NUL warning names the file"

d=$(case_dir binary)
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10' >"$d/image.txt"
head -c 4096 /dev/urandom >>"$d/image.txt"
run claims "$d"; expect_rc 0 "binary file skipped"; good_survives "binary"
expect_err 'image\.txt.*binary' "binary warning names the file"
expect_no_out 'image' "nothing from the binary file"

d=$(case_dir empty)
: >"$d/empty.txt"
run claims "$d"; expect_rc 0 "empty file"; good_survives "empty"
expect_err 'empty\.txt.*(empty|no text)' "empty-file warning names the file"

d=$(case_dir unreadable)
printf 'Secret text that cannot be read.\n' >"$d/locked.txt"
chmod 000 "$d/locked.txt"
if [ "$(id -u)" -eq 0 ]; then
  # root reads anything: run the program as nobody so that the permission applies
  chmod 755 "$TMP" "$d"; chmod 644 "$d/good.md"
  setpriv --reuid=nobody --regid=nogroup --clear-groups "$BIN" claims "$d" >"$TMP/out" 2>"$TMP/err"
  RC=$?; OUT=$(cat "$TMP/out"); ERR=$(cat "$TMP/err")
else
  run claims "$d"
fi
expect_rc 3 "unreadable file is an input error"; good_survives "unreadable"
expect_err 'locked\.txt' "error names the unreadable file"

d=$(case_dir loop)
mkdir -p "$d/sub"; ln -s .. "$d/sub/up"; ln -s "$d" "$d/sub/again"
timeout 20 "$BIN" claims "$d" >"$TMP/out" 2>"$TMP/err"; RC=$?; OUT=$(cat "$TMP/out"); ERR=$(cat "$TMP/err")
[ $RC -ne 124 ] && ok "symlink loop terminates" || fail "symlink loop hangs"
[ "$(grep -c 'confirmed the new rules' <<<"$OUT")" -eq 1 ] && ok "file behind a loop read once" || fail "file read $(grep -c 'confirmed the new rules' <<<"$OUT") times"
expect_err 'loop' "loop reported"

d=$(case_dir sibling)
mkdir -p "$d/a" "$d/b"; mv "$d/good.md" "$d/a/"; ln -s ../a "$d/b/link"
run claims "$d"; expect_rc 0 "a link to a sibling folder"
[ "$(grep -c 'confirmed the new rules' <<<"$OUT")" -eq 1 ] && ok "a file reached twice is read once" || fail "a file reached twice was read $(grep -c 'confirmed the new rules' <<<"$OUT") times"
expect_err 'link/good\.md.*same file as' "the duplicate is reported"

d=$(case_dir huge)
python3 -c 'import sys
w = "The committee reviewed the figures and the members voted for the plan. "
n = 50 * 1024 * 1024 // len(w) + 1
sys.stdout.write((w * n)[:50 * 1024 * 1024])' >"$d/huge.txt"
start=$(date +%s%N)
timeout 300 "$BIN" claims "$d" >"$TMP/out" 2>"$TMP/err"; RC=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ $RC -eq 0 ] && ok "50 MB one-line file: exit 0 in ${ms} ms" || fail "50 MB one-line file: exit $RC after ${ms} ms"
grep -q 'confirmed the new rules' "$TMP/out" && ok "huge: the good file is still processed" || fail "huge: good file missing"
lines=$(grep -c 'committee reviewed' "$TMP/out")
[ "$lines" -gt 600000 ] && ok "huge file split into $lines sentences" || fail "huge file gave $lines sentences"

run claims --max-claims 1000 "$d"; expect_rc 0 "a document over --max-claims"
expect_err 'huge\.txt.*limit of 1000 claims.*--max-claims' "the claims limit warns naming the file and the flag"
[ "$(grep -c 'committee reviewed' <<<"$OUT")" -lt 1100 ] && ok "the claims limit holds" || fail "the claims limit did not hold"

run claims --max-doc-bytes 1M "$d"; expect_rc 0 "document over --max-doc-bytes is skipped"
expect_err 'huge\.txt.*(max-doc-bytes)' "size warning names the file and the flag"
finish
