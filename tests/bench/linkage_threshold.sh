#!/usr/bin/env bash
# linkage_threshold.sh: chooses the average-linkage threshold of models/conflicts/params.tsv
# on labelled data. For each candidate threshold it clusters the demo corpus and scores the
# labelled pairs of annotations/pairs/demo-corpus.tsv whose two texts are claims of it:
# same or conflict must share a cluster, different must not. Prints pairwise precision,
# recall and F1 per threshold and the best (ties: the higher threshold).
# Usage: tests/bench/linkage_threshold.sh [BUILD_DIR]   (run from the source directory)
set -eu
build=${1:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for t in 0.20 0.25 0.30 0.35 0.40 0.45 0.50 0.55 0.60 0.70; do
  cp -r models "$tmp/m-$t"
  sed -i "s/^linkage_threshold\t.*/linkage_threshold\t$t/" "$tmp/m-$t/conflicts/params.tsv"
  "$build/crosscheck" check --quiet --models "$tmp/m-$t" --model models/same-fact.model \
    --format json -o "$tmp/r-$t.json" annotations/corpus
done
python3 - "$tmp" annotations/pairs/demo-corpus.tsv <<'PY'
import csv, glob, json, os, sys
tmp, pairs_path = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(pairs_path, encoding="utf-8"), delimiter="\t"))
best = None
for path in sorted(glob.glob(os.path.join(tmp, "r-*.json"))):
    t = float(os.path.basename(path)[2:-5])
    r = json.load(open(path, encoding="utf-8"))
    def cluster_of(text):
        # the claim this labelled text is (or contains): a claim may be a clause of it
        hits = [c for c in r["claims"] if c["text"] in text or text in c["text"]]
        return hits[0]["cluster"] if hits else "missing"
    tp = fp = fn = used = 0
    for row in rows:
        a, b = cluster_of(row["text_a"]), cluster_of(row["text_b"])
        if a == "missing" or b == "missing":
            continue
        used += 1
        together = a is not None and a == b
        positive = row["label"] in ("same", "conflict")
        tp += together and positive
        fp += together and not positive
        fn += positive and not together
    p = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
    print(f"threshold {t:.2f}  pairs {used}  precision {p:.3f}  recall {rc:.3f}  F1 {f1:.3f}")
    if best is None or f1 >= best[1]:
        best = (t, f1)
print(f"best threshold {best[0]:.2f} (F1 {best[1]:.3f})")
PY
