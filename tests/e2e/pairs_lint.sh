#!/usr/bin/env bash
# pairs_lint.sh: validates the labelled claim pairs in annotations/pairs/*.tsv before
# `crosscheck train` or `eval pairs` read them, so that a hand edit that breaks a line is
# reported as file:line instead of silently shifting columns or dropping a pair.
# Checks: the exact header, 11 columns on every line, label and type in their sets, dates
# YYYY-MM-DD (a real calendar date, not after labeled_at) or `unknown`, ids unique across all files, no
# (text_a, text_b) pair twice (in either order), no empty field, valid UTF-8.
# It does not judge whether a label is right; that is the annotators' review.
# Usage: pairs_lint.sh [PAIRS_DIR]   (default: $CROSSCHECK_SOURCE/annotations/pairs)
# Prints one `file:line: message` per problem, then `N passed, N failed` (lines), and
# exits 1 on any problem.
set -u
if [ $# -ge 1 ]; then
    dir=$1
else
    dir="${CROSSCHECK_SOURCE:?CROSSCHECK_SOURCE not set and no directory given}/annotations/pairs"
fi
if [ ! -d "$dir" ]; then
    echo "$dir: no such directory"
    echo "0 passed, 1 failed"
    exit 1
fi

python3 - "$dir" <<'EOF'
import datetime, glob, os, re, sys

HEADER = ["id", "label", "text_a", "text_b", "source_a", "source_b",
          "date_a", "date_b", "type", "annotator", "labeled_at"]
LABELS = {"same", "conflict", "different"}
TYPES = {"role", "time", "weekday", "number", "set", "scope", "polarity",
         "attribution", "-"}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

def valid_date(s, allow_unknown):
    if allow_unknown and s == "unknown":
        return True
    if not DATE_RE.match(s):
        return False
    try:
        datetime.date.fromisoformat(s)
    except ValueError:
        return False
    return True

def norm(t):
    return " ".join(t.split()).lower()

files = sorted(glob.glob(os.path.join(sys.argv[1], "*.tsv")))
passed = failed = 0
seen_ids = {}
seen_pairs = {}

def problem(where, msg):
    print(f"{where}: {msg}")

if not files:
    print(f"{sys.argv[1]}: no .tsv files")
    failed += 1

for path in files:
    name = path
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        problem(f"{name}:1", f"not valid UTF-8 at byte {e.start}")
        failed += 1
        continue
    if text and not text.endswith("\n"):
        problem(name, "last line has no newline")
        failed += 1
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0].rstrip("\r").split("\t") != HEADER:
        problem(f"{name}:1", "header must be: " + " ".join(HEADER) + " (tab-separated)")
        failed += 1
    else:
        passed += 1
    for no, line in enumerate(lines[1:], start=2):
        where = f"{name}:{no}"
        errs = []
        if line.endswith("\r"):
            errs.append("CR line ending")
            line = line[:-1]
        cols = line.split("\t")
        if line.strip() == "":
            errs.append("empty line")
        elif len(cols) != len(HEADER):
            errs.append(f"{len(cols)} columns, want {len(HEADER)}")
        else:
            row = dict(zip(HEADER, cols))
            for k in HEADER:
                if row[k].strip() == "":
                    errs.append(f"empty field {k}")
                elif row[k] != row[k].strip():
                    errs.append(f"leading or trailing space in {k}")
            if row["label"] not in LABELS:
                errs.append(f"label {row['label']!r} not in same|conflict|different")
            if row["type"] not in TYPES:
                errs.append(f"type {row['type']!r} not in {'|'.join(sorted(TYPES))}")
            if row["label"] == "conflict" and row["type"] == "-":
                errs.append("a conflict needs a type, not '-'")
            for k in ("date_a", "date_b"):
                if row[k] and not valid_date(row[k], True):
                    errs.append(f"{k} {row[k]!r} is not YYYY-MM-DD or unknown")
            if row["labeled_at"] and not valid_date(row["labeled_at"], False):
                errs.append(f"labeled_at {row['labeled_at']!r} is not YYYY-MM-DD")
            else:
                # An article cannot be published after the pair was labelled.
                for k in ("date_a", "date_b"):
                    if valid_date(row[k], False) and row[k] > row["labeled_at"]:
                        errs.append(f"{k} {row[k]} is after labeled_at {row['labeled_at']}")
            if row["id"] in seen_ids:
                errs.append(f"duplicate id {row['id']} (first at {seen_ids[row['id']]})")
            elif row["id"]:
                seen_ids[row["id"]] = where
            a, b = norm(row["text_a"]), norm(row["text_b"])
            if a and a == b:
                errs.append("text_a and text_b are identical")
            key = tuple(sorted((a, b)))
            if key in seen_pairs:
                errs.append(f"duplicate text pair (first at {seen_pairs[key]})")
            else:
                seen_pairs[key] = where
        for e in errs:
            problem(where, e)
        if errs:
            failed += 1
        else:
            passed += 1

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
EOF
