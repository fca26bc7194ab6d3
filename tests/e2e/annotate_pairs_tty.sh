# annotate_pairs_tty.sh: `crosscheck annotate pairs` in a real terminal (tmux): single keys in
# raw mode, the pair and the progress on screen, colour on a terminal, every confirmed label
# in the file when the process is killed (SIGKILL) between labels, the terminal restored
# after SIGTERM. Skipped (77) without tmux.
. "$(dirname "$0")/lib.bash"
command -v tmux >/dev/null || { echo "SKIP: tmux is not installed"; exit 77; }
CORPUS=$(cd "$SRC/annotations/corpus" && pwd)
BINABS=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
F="$TMP/tty.tsv"
T=(tmux -L "cc-annot-$$" -f /dev/null)
trap '"${T[@]}" kill-server 2>/dev/null; chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT

screen() { "${T[@]}" capture-pane -p -t cc "$@"; }
wait_for() { # wait_for REGEX: until the screen shows it (10 s at most)
  for _ in $(seq 100); do screen | grep -Eq -- "$1" && return 0; sleep 0.1; done
  return 1
}
# A session that lives for the whole test keeps the tmux server up: killing the only session
# makes the server exit, and a new-session racing that exit fails ("server exited
# unexpectedly").
"${T[@]}" new-session -d -s keep "sleep 600" || { echo "FAIL: tmux cannot start a server"; exit 1; }
start() { # start SCRIPT: a session running sh -c SCRIPT in an 160x50 terminal
  "${T[@]}" kill-session -t cc 2>/dev/null
  "${T[@]}" new-session -d -s cc -x 160 -y 50 "env TERM=xterm CROSSCHECK_MODELS='$CROSSCHECK_MODELS' sh -c '$1'"
}
child() { pgrep -P "$(cat "$TMP/sh.pid")" | head -1; }

start "echo \$\$ >$TMP/sh.pid; NO_COLOR= $BINABS annotate pairs --annotator tty --out $F $CORPUS; sleep 60"
wait_for 'labelled 0, remaining [0-9]+' && ok "the first pair and the progress on screen" || fail "no progress line: $(screen)"
screen | grep -Eq '^A  sahel-visas/' && screen | grep -Eq '^B  sahel-visas/' && ok "both claims with their source" \
  || fail "claims not shown"
screen | grep -q 'P(same fact)' && ok "the model's probability on screen" || fail "no probability"
screen -e | grep -q $'\033\\[' && ok "colour on a terminal" || fail "no colour on a terminal"
n=0
for k in s c d; do
  n=$((n + 1))
  "${T[@]}" send-keys -t cc "$k"
  wait_for "labelled $n, remaining" && ok "key $k taken without Enter (labelled $n)" || fail "key $k: $(screen | tail -5)"
done
screen | grep -Eq 'labelled 3, remaining [0-9]+' && ok "progress after three labels" || fail "progress"
pid=$(child)
[ -n "$pid" ] && kill -KILL "$pid" && ok "killed with SIGKILL between labels" || fail "no process to kill"
sleep 0.3
[ "$(tail -n +2 "$F" | cut -f2 | tr '\n' ' ')" = "same conflict different " ] && ok "every confirmed label is in the file" \
  || fail "rows: $(cut -f2 "$F" | tr '\n' ' ')"
run annotate lint "$F"; expect_rc 0 "the file is well formed after SIGKILL"

# SIGTERM: the terminal is left in cooked mode with echo.
start "echo \$\$ >$TMP/sh.pid; NO_COLOR=1 $BINABS annotate pairs --annotator tty --out $F $CORPUS; stty -a >$TMP/stty; sleep 60"
wait_for 'labelled 0, remaining' && ok "a second session starts" || fail "second session: $(screen)"
screen -e | grep -q $'\033\\[' && fail "colour despite NO_COLOR" || ok "NO_COLOR respected"
pid=$(child)
[ -n "$pid" ] && kill -TERM "$pid" || fail "no process to send SIGTERM to"
for _ in $(seq 50); do [ -s "$TMP/stty" ] && break; sleep 0.1; done
grep -Eq '(^| )icanon' "$TMP/stty" && grep -Eq '(^| )echo( |$)' "$TMP/stty" && ok "terminal restored after SIGTERM" \
  || fail "terminal left raw: $(grep -Eo -- '-?icanon|-?echo ' "$TMP/stty" | tr '\n' ' ')"

# annotate review in the terminal: a key, then a note typed in cooked mode.
"$BIN" check --format json -o "$TMP/report.json" "$CORPUS" 2>/dev/null
start "echo \$\$ >$TMP/sh.pid; $BINABS annotate review --reviewer tty --verdicts $TMP/v.tsv $TMP/report.json; sleep 60"
wait_for 'reviewed 0, remaining [0-9]+' && ok "review: the first conflict and the progress" || fail "review: $(screen)"
"${T[@]}" send-keys -t cc d
wait_for 'note \(Enter for none\)' && ok "review: asks for a note" || fail "no note prompt: $(screen | tail -3)"
"${T[@]}" send-keys -t cc "figures for two months" Enter
wait_for 'reviewed 1, remaining' && ok "review: next conflict after the note" || fail "review: $(screen | tail -3)"
[ "$(tail -1 "$TMP/v.tsv" | cut -f2,5)" = $'dismissed\tfigures for two months' ] && ok "review: verdict and note saved" \
  || fail "verdicts: $(cat "$TMP/v.tsv")"
"${T[@]}" send-keys -t cc q
finish
