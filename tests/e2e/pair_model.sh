# pair_model.sh: `crosscheck train` and `eval pairs`: exit codes, output formats, files
# written beside MODEL, damaged models, and the shipped same-fact model being exactly what
# annotations/pairs produces.
. "$(dirname "$0")/lib.bash"

TINY=$SRC/tests/data/pairs_tiny.tsv

# ---- train ----------------------------------------------------------------------------------
run train --cv 3 -o "$TMP/tiny.model" "$TINY"
expect_rc 0 "train on the tiny file"
expect_out 'trained same-fact model on 24 pairs: 3-fold cross-validation accuracy' "train summary"
for f in tiny.model tiny.model.meta.json tiny.model.idf; do
  if [ -s "$TMP/$f" ]; then ok "wrote $f"; else fail "missing $f"; fi
done
if ls "$TMP" | grep -q '\.tmp\.'; then fail "temporary files left behind"; else ok "no temporary files left"; fi
if python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))
assert m["feature_set"] == "pf1" and len(m["scaling"]["min"]) == len(m["features"])
assert 0 <= m["threshold"] <= 1 and m["cv"]["folds"] == 3 and m["task"] == "same-fact"
assert m["libsvm"]["kernel"] == "rbf" and m["seed"] == 1' "$TMP/tiny.model.meta.json"; then
  ok "metadata keys"; else fail "metadata keys"; fi

run train --task paraphrase --cv 3 -o "$TMP/para.model" "$TINY"
expect_rc 0 "train --task paraphrase"
run train --task nonsense "$TINY";          expect_rc 2 "unknown task"
run train --cv 1 "$TINY";                   expect_rc 2 "--cv 1"
run train -o "$TMP/x.model";                expect_rc 2 "no PAIRS_FILE"
run train --bogus "$TINY";                  expect_rc 2 "unknown option"
run train --help;                           expect_rc 0 "train --help"
expect_out 'Usage: crosscheck train' "train help text"
run train -o "$TMP/x.model" "$TMP/nonexistent.tsv"
expect_rc 3 "missing pairs file"; expect_err 'nonexistent\.tsv' "error names the missing file"
printf 'id\tlabel\ttext_a\ttext_b\nx1\tsame\tA b c.\tA b c.\nx2\tperhaps\tA.\tB.\n' >"$TMP/bad.tsv"
run train -o "$TMP/x.model" "$TMP/bad.tsv"
expect_rc 3 "bad label"; expect_err 'bad\.tsv:3: label .perhaps.' "error names file:line"
printf 'id\tlabel\ttext_a\ttext_b\nx1\tsame\tA b c.\tA b c.\n' >"$TMP/few.tsv"
run train -o "$TMP/x.model" "$TMP/few.tsv"
expect_rc 3 "too few pairs"
if [ -e "$TMP/x.model" ]; then fail "a failed training wrote a model"; else ok "failed training writes nothing"; fi

# ---- eval pairs -----------------------------------------------------------------------------
run eval pairs --model "$TMP/tiny.model" "$TINY"
expect_rc 0 "eval pairs, text"
expect_out '^accuracy +[0-9.]+%' "text: accuracy"
expect_out '^F1 +[0-9.]+%' "text: F1"
expect_out '^gold \+ +[0-9]+ +[0-9]+' "text: confusion matrix"
run eval pairs --format json --model "$TMP/tiny.model" "$TINY"
expect_rc 0 "eval pairs, json"
if python3 -c 'import json,sys; o=json.loads(sys.stdin.read())
assert o["n"] == 24 and all(0 <= o[k] <= 1 for k in ("accuracy","precision","recall","f1"))
assert o["tp"] + o["fp"] + o["tn"] + o["fn"] == 24' <<<"$OUT"; then
  ok "json keys n accuracy precision recall f1"; else fail "json keys: $OUT"; fi
run eval pairs --format xml --model "$TMP/tiny.model" "$TINY";  expect_rc 2 "bad --format"
run eval pairs --model "$TMP/tiny.model";                        expect_rc 2 "no PAIRS_FILE"
run eval pairs --model "$TMP/none.model" "$TINY"
expect_rc 3 "missing model"; expect_err 'none\.model' "error names the model"
run eval pairs --model "$TMP/tiny.model" "$TMP/bad.tsv"
expect_rc 3 "bad pairs file"; expect_err 'bad\.tsv:3' "eval error names file:line"
: >"$TMP/empty.model"; cp "$TMP/tiny.model.meta.json" "$TMP/empty.model.meta.json"
cp "$TMP/tiny.model.idf" "$TMP/empty.model.idf"
run eval pairs --model "$TMP/empty.model" "$TINY"
expect_rc 3 "empty model"; expect_err 'empty\.model: empty model file' "empty model named"
head -c 700 "$TMP/tiny.model" >"$TMP/cut.model"
cp "$TMP/tiny.model.meta.json" "$TMP/cut.model.meta.json"; cp "$TMP/tiny.model.idf" "$TMP/cut.model.idf"
run eval pairs --model "$TMP/cut.model" "$TINY"
expect_rc 3 "truncated model"; expect_err 'cut\.model(:[0-9]+)?: truncated' "truncated model named"

WNHOME=/nonexistent/wordnet "$BIN" eval pairs --model "$TMP/tiny.model" "$TINY" >"$TMP/out" 2>"$TMP/err"
RC=$?; ERR=$(cat "$TMP/err")
expect_rc 3 "WordNet data missing"; expect_err 'WordNet data not found' "missing WordNet named"

# ---- the shipped model ----------------------------------------------------------------------
run eval pairs --format json "$SRC/annotations/pairs/news-mix.tsv"
expect_rc 0 "shipped model evaluates by default"
run train -o "$TMP/same-fact.model" "$SRC"/annotations/pairs/*.tsv
expect_rc 0 "retrain the shipped model from annotations/pairs"
for f in same-fact.model same-fact.model.meta.json same-fact.model.idf; do
  if cmp -s "$TMP/$f" "$CROSSCHECK_MODELS/$f"; then ok "models/$f is what annotations/pairs gives"
  else fail "models/$f differs from a retrain: run 'crosscheck train -o models/same-fact.model annotations/pairs/*.tsv'"; fi
done
finish
