# gate_demo.sh: the project gates its own demo corpus the way a corpus repository would:
# against the reviewed baseline committed in reports/baseline.json. A change to the engine
# that finds a new conflict, or loses one, shows here; regenerate the baseline only on
# purpose (crosscheck gate --update-baseline annotations/corpus) and review its diff.
. "$(dirname "$0")/lib.bash"

cd "$SRC" || exit 1
[ -f reports/baseline.json ] || { fail "no reports/baseline.json"; finish; exit; }
run gate --baseline reports/baseline.json annotations/corpus
expect_rc 0 "the demo corpus passes against reports/baseline.json"
expect_out "^crosscheck gate: 0 new, [1-9][0-9]* known, 0 dismissed, 0 resolved" \
  "nothing new or resolved in the demo corpus"
grep -q '/work/\|/tmp/' reports/baseline.json && fail "absolute paths in the baseline" ||
  ok "paths in the baseline are relative"
finish
