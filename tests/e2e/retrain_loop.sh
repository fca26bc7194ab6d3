# retrain_loop.sh: the annotation loop closes: labels written with `annotate pairs` feed
# `crosscheck train`, the new model's metadata records the new training data, and its
# predictions on the newly labelled pairs change (and fit them better).
. "$(dirname "$0")/lib.bash"

base="$SRC/tests/data/pairs_tiny.tsv"
run train --cv 3 -o "$TMP/before.model" "$base"; expect_rc 0 "train on the base pairs"
# an annotator labels 40 candidate pairs of the demo corpus, all as different facts
yes d | head -40 | "$BIN" annotate pairs --batch --annotator loop --out "$TMP/new.tsv" \
  "$SRC/annotations/corpus" >/dev/null 2>"$TMP/err"
[ "$(($(wc -l <"$TMP/new.tsv") - 1))" -eq 40 ] && ok "40 new labels written" || fail "labels written: $(cat "$TMP/err")"
run annotate lint "$TMP/new.tsv"; expect_rc 0 "the new labels lint clean"
run train --cv 3 -o "$TMP/after.model" "$base" "$TMP/new.tsv"; expect_rc 0 "retrain with the new labels"
python3 - "$TMP/before.model.meta.json" "$TMP/after.model.meta.json" <<'PY' && ok "metadata records the changed training data" || fail "training checksum unchanged"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
ta, tb = a["training"], b["training"]
assert ta["checksum"] != tb["checksum"] and tb["pairs"] == ta["pairs"] + 40, (ta, tb)
PY
"$BIN" eval pairs --format json --model "$TMP/before.model" "$TMP/new.tsv" >"$TMP/e1.json"
"$BIN" eval pairs --format json --model "$TMP/after.model" "$TMP/new.tsv" >"$TMP/e2.json"
python3 - "$TMP/e1.json" "$TMP/e2.json" <<'PY' && ok "predictions on the labelled pairs changed and fit them better" || fail "retraining changed nothing"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert (a["tp"], a["fp"], a["tn"], a["fn"]) != (b["tp"], b["fp"], b["tn"], b["fn"]), (a, b)
assert b["accuracy"] > a["accuracy"], (a["accuracy"], b["accuracy"])
print("accuracy on the new labels: %.2f before, %.2f after" % (a["accuracy"], b["accuracy"]))
PY
finish
