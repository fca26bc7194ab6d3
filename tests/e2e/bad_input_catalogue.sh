# bad_input_catalogue.sh: the bad-input catalogue of issue 10, driven by bad_inputs.tsv. Each
# case runs one subcommand on one kind of bad input and asserts the exit code and a stderr
# message (file and line or byte where the contract asks for them), that nothing crashed
# (exit < 128, no sanitizer report), nothing hung (a timeout per case) and that a failing
# command left its -o file as it was. Inputs are generated once per run, only when a case
# needs them; CROSSCHECK_CATALOGUE=REGEX runs only the cases whose name matches.
. "$(dirname "$0")/lib.bash"

TABLE=$(dirname "$0")/bad_inputs.tsv
G=$TMP/gen
M=$CROSSCHECK_MODELS/same-fact.model
mkdir -p "$G"

PAIRS_HEADER=$'id\tlabel\ttext_a\ttext_b\tsource_a\tsource_b\tannotator\tlabeled_at'
pair_row() { printf 'p%s\tsame\tThe port reopened on Monday.\tThe port opened again on Monday.\tA Wire\tB Post\tann\t2026-01-05\n' "$1"; }
article() { printf -- '---\ndate: 2026-01-05\noutlet: %s\n---\n%s\n' "$2" "$3" >"$1"; }

gen_corpus() {
  article "$1/a.md" 'Test Wire' 'The ministry confirmed the new rules on Monday. Officials said 19 countries were affected.'
  article "$1/b.md" 'Other Post' 'The ministry confirmed the new rules on Monday. Officials said 39 countries were affected.'
}
gen_random() { # 64 KB of pseudo-random bytes, the same every run: from /dev/urandom one
  # run in a few hundred began with a newline or a short clean line, and line 1 was then
  # not where the bytes went bad
  python3 -c 'import random, sys
r = random.Random(20261123)
sys.stdout.buffer.write(bytes(r.getrandbits(8) for _ in range(65536)))' >"$1/rand.txt"
  mkdir -p "$1/tml"; cp "$1/rand.txt" "$1/rand.tml"
}
gen_utf8() {
  printf '\xffPrices rose sharply in March.\n' >"$1/first.txt"
  printf 'Prices rose \xff sharply in March.\n' >"$1/middle.txt"
  printf 'Prices rose sharply in March\xff\n' >"$1/last.txt"
  printf 'Prices rose sharply in March\xe2\x82' >"$1/truncated.txt"
  printf 'Prices\xc0\xaf rose sharply in March.\n' >"$1/overlong.txt"
  printf 'Prices \xed\xa0\x80rose sharply in March.\n' >"$1/surrogate.txt"
  printf 'The port reopened.\nThe \xfe bridge closed on Monday.\n' >"$1/second.txt"
  { echo "$PAIRS_HEADER"; pair_row 1 | sed 's/reopened/re\xffopened/'; } >"$1/pairs.tsv"
  mkdir -p "$1/tml"
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<TimeML><DCT><TIMEX3 value="2026-01-05" type="DATE" tid="x0">January 5, 2026</TIMEX3></DCT><TEXT>It rose \xff on <TIMEX3 value="2026-01-04" type="DATE" tid="x1">Sunday</TIMEX3>.</TEXT></TimeML>\n' >"$1/tml/bad.tml"
}
gen_nul() {
  printf 'The bridge\0 reopened after repairs.\n' >"$1/nul.txt"
  { echo "$PAIRS_HEADER"; pair_row 1 | sed 's/port/po\x00rt/'; } >"$1/nul.tsv"
}
gen_big() { # 100 MB of prose, over the default --max-doc-bytes of 64M
  python3 -c 'import sys
w = b"The committee reviewed the figures and the members voted for the plan. "
sys.stdout.buffer.write((w * (100 * 2**20 // len(w) + 1))[:100 * 2**20])' >"$1/big.txt"
}
gen_line20m() { # a 20 MB line without a sentence end; as a pairs file, its second line
  python3 -c 'import sys
sys.stdout.write(("word " * (4 * 2**20))[:20 * 2**20] + "\n")' >"$1/line.txt"
  { echo "$PAIRS_HEADER"; cat "$1/line.txt"; } >"$1/line.tsv"
}
gen_tiny100k() {
  python3 -c 'import os, sys
d = sys.argv[1]
for i in range(100000):
    sub = os.path.join(d, "%03d" % (i // 1000))
    if i % 1000 == 0:
        os.mkdir(sub)
    with open(os.path.join(sub, "%05d.txt" % i), "w") as f:
        f.write("Item %d.\n" % i)' "$1"
}
gen_deep() {
  python3 -c 'import os, sys
p = sys.argv[1]
for i in range(200):
    p = os.path.join(p, "d")
os.makedirs(p)
open(os.path.join(p, "deep.md"), "w").write("The ministry confirmed the new rules on Monday.\n")' "$1"
}
gen_symloop() {
  gen_corpus "$1"
  ln -s loop-b "$1/loop-a.txt"; ln -s loop-a.txt "$1/loop-b"
  mkdir "$1/sub"; ln -s .. "$1/sub/up"
  ln -s self.tsv "$1/self.tsv"
}
gen_unreadable() {
  gen_corpus "$1"
  echo 'Secret text.' >"$1/locked.txt"; chmod 000 "$1/locked.txt"
  { echo "$PAIRS_HEADER"; pair_row 1; } >"$1/locked.tsv"; chmod 000 "$1/locked.tsv"
}
gen_none() { :; }
gen_dates() {
  article "$1/feb30.md" X 'The port reopened on Monday.'; sed -i 's/2026-01-05/2026-02-30/' "$1/feb30.md"
  article "$1/month13.md" X 'The port reopened on Monday.'; sed -i 's/2026-01-05/2026-13-01/' "$1/month13.md"
  article "$1/year99999.md" X 'The port reopened on Monday.'; sed -i 's/2026-01-05/99999-01-01/' "$1/year99999.md"
  mkdir "$1/manifest"; echo 'The port reopened on Monday.' >"$1/manifest/a.txt"
  printf 'file\tdate\toutlet\turl\ttitle\na.txt\t2025-02-29\tX\t-\tT\n' >"$1/manifest/manifest.tsv"
  printf 'id\tlabel\ttext_a\ttext_b\tsource_a\tsource_b\tdate_a\tdate_b\ttype\tannotator\tlabeled_at\n' >"$1/pairs.tsv"
  printf 'p1\tsame\tThe port reopened.\tThe port opened.\tA\tB\t2026-02-30\t2026-01-05\t-\tann\t2026-01-05\n' >>"$1/pairs.tsv"
  for i in 2 3 4; do
    printf 'p%s\t%s\tThe port reopened %s.\tThe bridge fell.\tA\tB\t2026-01-05\t2026-01-05\t-\tann\t2026-01-05\n' \
      $i "$([ $i = 2 ] && echo same || echo different)" $i >>"$1/pairs.tsv"
  done
}
gen_columns() {
  { echo "$PAIRS_HEADER"; pair_row 1; printf 'p2\tsame\tA b.\tA b.\tX\n'; } >"$1/cols.tsv"
  { printf 'id\tlabl\ttext_a\ttext_b\tsource_a\tsource_b\tannotator\tlabeled_at\n'; pair_row 1; } >"$1/header.tsv"
  printf 'fingerprint\tverdict\treviewer\ttime\tnote\n07391ad7169c79bd\tconfirmed\n' >"$1/verdicts.tsv"
  gen_corpus "$1"
}
gen_crlf() {
  { echo "$PAIRS_HEADER"; pair_row 1; pair_row 2 | sed 's/same/different/; s/port/bridge/'; } |
    sed 's/$/\r/' >"$1/crlf.tsv"
  printf -- '---\r\ndate: 2026-01-05\r\noutlet: X\r\n---\r\nThe port reopened on Monday.\r\n' >"$1/crlf.md"
}
gen_nofinalnl() {
  { echo "$PAIRS_HEADER"; pair_row 1; pair_row 2 | tr -d '\n'; } >"$1/nonl.tsv"
  printf 'The port reopened on Monday.' >"$1/nonl.md"
}
gen_halfline() {
  { echo "$PAIRS_HEADER"; pair_row 1; printf 'p2\tsame\tThe port re'; } >"$1/half.tsv"
  printf 'fingerprint\tverdict\treviewer\ttime\tnote\n07391ad7169c79bd\tconf' >"$1/verdicts.tsv"
  gen_corpus "$1"
}
gen_baseline() {
  echo 'this is not JSON' >"$1/notjson.json"
  head -c 200 "$SRC/reports/baseline.json" >"$1/truncated.json"
  echo 'this is not JSON either' >"$1/update.json"
  echo '[1, 2, 3]' >"$1/array.json"
  echo '{"schema": "crosscheck.baseline/1", "conflicts": {"a": 1}}' >"$1/shape.json"
}
model_copy() { # model_copy DIR: the shipped model, metadata and idf in DIR as m.model*
  mkdir -p "$1"
  cp "$M" "$1/m.model"; cp "$M.meta.json" "$1/m.model.meta.json"; cp "$M.idf" "$1/m.model.idf"
}
gen_trunc() {
  local size; size=$(stat -c %s "$M")
  for p in 0 10 20 30 40 50 60 70 80 90; do
    model_copy "$1/trunc$p"; head -c $((size * p / 100)) "$M" >"$1/trunc$p/m.model"
  done
  { echo "$PAIRS_HEADER"; pair_row 1; } >"$1/pairs.tsv"
}
gen_disagree() {
  model_copy "$1/meta"   # scaling ranges for 58 features, the model has 59
  python3 -c 'import json, sys
m = json.load(open(sys.argv[1])); m["scaling"]["min"].pop(); m["scaling"]["max"].pop()
json.dump(m, open(sys.argv[1], "w"), indent=2)' "$1/meta/m.model.meta.json"
  model_copy "$1/sum"; sed -i 's/^rho .*/rho 0.5/' "$1/sum/m.model"
  model_copy "$1/idf"; printf '# crosscheck idf table\nN\tmany\n' >"$1/idf/m.model.idf"
  model_copy "$1/nfeat"; sed -i 's/^\(-\?[0-9.]* .*\)$/\1 70:0.5/' "$1/nfeat/m.model"
  model_copy "$1/notjson"; echo '{"schema": ' >"$1/notjson/m.model.meta.json"
  { echo "$PAIRS_HEADER"; pair_row 1; } >"$1/pairs.tsv"
}

# input NAME: the folder of generator NAME, generated on first use
input() {
  if [ ! -e "$G/$1" ]; then
    mkdir -p "$G/$1.part" && "gen_$1" "$G/$1.part" && mv "$G/$1.part" "$G/$1"
  fi
  echo "$G/$1"
}

C=$(input corpus)
E=$TMP/empty-baseline.json
echo '{"schema": "crosscheck.baseline/1", "conflicts": []}' >"$E"
root=0; [ "$(id -u)" -eq 0 ] && root=1
ncases=0; start_all=$(date +%s)
while IFS=$'\t' read -r name gen want regex cmd; do
  case "$name" in ''|'#'*) continue ;; esac
  [[ "$name" =~ ${CROSSCHECK_CATALOGUE:-.} ]] || continue
  if [ "$gen" = unreadable ] && [ "$root" -eq 1 ]; then
    echo "SKIP $name: running as root, chmod 000 does not stop reads (bad_input.sh covers it as nobody)"
    continue
  fi
  D=$(input "$gen")
  O=$TMP/out-$name.txt
  printf 'earlier content of %s\n' "$name" >"$O"; cp "$O" "$O.before"
  eval "set -- $cmd"
  t0=$(date +%s%N)
  timeout 120 "$BIN" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
  RC=$?; ERR=$(head -c 100000 "$TMP/err")
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  ncases=$((ncases + 1))
  if [ $RC -eq 124 ]; then fail "$name: hangs (killed after 120 s)"; continue; fi
  if [ $RC -ge 128 ] || grep -Eq 'Sanitizer|runtime error:|Segmentation' <<<"$ERR"; then
    fail "$name: crashed (exit $RC)"; echo "  stderr: ${ERR:0:1200}"; continue
  fi
  if [[ "$RC" =~ ^($want)$ ]]; then ok "$name: exit $RC in $ms ms"; else
    fail "$name: exit $RC, wanted $want"; echo "  $cmd"; echo "  stderr: ${ERR:0:600}"; fi
  if [ "$regex" = '^$' ]; then
    [ -z "$(grep -v ': note: ' <<<"$ERR")" ] && ok "$name: no message" ||
      { fail "$name: unexpected message"; echo "  stderr: ${ERR:0:600}"; }
  else
    expect_err "$regex" "$name: message"
  fi
  if [ $RC -ne 0 ] && [ $RC -ne 1 ] && ! cmp -s "$O" "$O.before"; then
    fail "$name: failed with exit $RC but changed its output file"
  fi
  leftover=$(find "$TMP" "$D" -maxdepth 3 -name '*.tmp.*' 2>/dev/null | head -3)
  [ -z "$leftover" ] || fail "$name: left a temporary file: $leftover"
done <"$TABLE"
echo "$ncases cases in $(( $(date +%s) - start_all )) s"
[ $ncases -gt 0 ] || fail "no case ran"
finish
