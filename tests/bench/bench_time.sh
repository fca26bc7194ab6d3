#!/bin/bash
# bench_time.sh: speed of the time tagger against two peers on the same English news text:
# python3-dateparser (search_dates, Debian package python3-dateparser) and chrono-node
# (npm, installed into a temporary folder). Prints MB/s of each and crosscheck's ratio.
#
# Text: the <TEXT> content of the TempEval-3 TimeBank and AQUAINT files when the shared
# folder is present (read by path, never copied), else sentences generated here.
# crosscheck is timed as a whole process (start-up included); the peers only inside their
# own process, after their start-up and imports (which favours them).
#
# Usage: tests/bench/bench_time.sh [BUILD_DIR]   (default: build)
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build}
bin=$build/src/crosscheck
[ -x "$bin" ] || bin=$build/crosscheck
[ -x "$bin" ] || { echo "crosscheck not built in $build" >&2; exit 2; }
export CROSSCHECK_MODELS=${CROSSCHECK_MODELS:-$here/models}
shared=${CROSSCHECK_SHARED:-$here/../shared}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
text=$work/text.txt

python3 - "$shared/data/tempeval3" "$text" <<'PY'
import glob, os, re, sys
src, out = sys.argv[1], sys.argv[2]
paras = []
for split in ("timebank", "aquaint"):
    for path in sorted(glob.glob(os.path.join(src, split, "*.tml"))):
        xml = open(path, encoding="utf-8").read()
        m = re.search(r"<TEXT>(.*?)</TEXT>", xml, re.S)
        if m:
            body = re.sub(r"<[^>]+>", "", m.group(1))
            paras += [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
if not paras:  # no shared folder: sentences of our own
    base = ["The council voted on Friday to close the harbour for three days.",
            "A year ago, in 2022, prices rose by 4% before falling last month.",
            "The ferry company expects full service by March 3, 2026.",
            "Inspections now happen every week, officials said on Monday."]
    paras = [base[i % 4] for i in range(8000)]
open(out, "w", encoding="utf-8").write("\n\n".join(paras) + "\n")
PY
bytes=$(wc -c <"$text")
mb=$(python3 -c "print($bytes / 1e6)")
echo "text: $bytes bytes, $(grep -c . "$text") paragraphs"

# crosscheck: best of 5 whole-process runs, and of 5 runs on an empty text (its start-up:
# loading and compiling the rules), so that it can also be compared like the peers are
cc_time() {
    python3 - "$bin" "$1" <<'PY'
import subprocess, sys, time
best = 1e9
for _ in range(5):
    t = time.perf_counter()
    with open(sys.argv[2], "rb") as f:
        subprocess.run([sys.argv[1], "time", "--dct", "2000-01-01", "-"], stdin=f,
                       stdout=subprocess.DEVNULL, check=True)
    best = min(best, time.perf_counter() - t)
print(best)
PY
}
: >"$work/empty.txt"
cc_s=$(cc_time "$text")
cc_start=$(cc_time "$work/empty.txt")
cc_tag=$(python3 -c "print(max($cc_s - $cc_start, 1e-6))")
n_cc=$("$bin" time --dct 2000-01-01 - <"$text" | wc -l)

dp_s=
# the Debian package installs for the system interpreter
py=/usr/bin/python3
if "$py" -c "import dateparser" 2>/dev/null; then
    dp_s=$("$py" - "$text" <<'PY'
import sys, time, datetime
from dateparser.search import search_dates
paras = open(sys.argv[1], encoding="utf-8").read().split("\n\n")
settings = {"RELATIVE_BASE": datetime.datetime(2000, 1, 1)}
search_dates("warm up on Friday", languages=["en"], settings=settings)
t = time.perf_counter()
found = 0
for p in paras:
    found += len(search_dates(p, languages=["en"], settings=settings) or [])
print(time.perf_counter() - t, found, file=sys.stderr)
print(time.perf_counter() - t)
PY
)
else
    echo "python3-dateparser missing: apt-get install -y python3-dateparser" >&2
fi

ch_s=
if command -v npm >/dev/null && npm install --silent --prefix "$work/npm" chrono-node >/dev/null 2>&1; then
    ch_s=$(NODE_PATH=$work/npm/node_modules node - "$text" <<'JS'
const fs = require("fs");
const chrono = require("chrono-node");
const paras = fs.readFileSync(process.argv[2], "utf8").split("\n\n");
const ref = new Date(2000, 0, 1);
chrono.parse("warm up on Friday", ref);
const t = process.hrtime.bigint();
let found = 0;
for (const p of paras) found += chrono.parse(p, ref).length;
const s = Number(process.hrtime.bigint() - t) / 1e9;
process.stderr.write(`${s} ${found}\n`);
console.log(s);
JS
)
else
    echo "chrono-node could not be installed with npm" >&2
fi

rate() { python3 -c "print(f'{$mb / $1:.2f}')"; }
printf "%-22s %10s %10s\n" tool seconds MB/s
printf "%-22s %10.3f %10s   (%s expressions; whole process)\n" "crosscheck time" "$cc_s" "$(rate "$cc_s")" "$n_cc"
printf "%-22s %10.3f %10s   (start-up %.3f s subtracted)\n" "crosscheck tagging" "$cc_tag" "$(rate "$cc_tag")" "$cc_start"
[ -n "$dp_s" ] && printf "%-22s %10.3f %10s\n" "dateparser.search_dates" "$dp_s" "$(rate "$dp_s")"
[ -n "$ch_s" ] && printf "%-22s %10.3f %10s\n" "chrono-node" "$ch_s" "$(rate "$ch_s")"
[ -n "$ch_s" ] && echo "crosscheck / chrono-node: $(python3 -c "print(f'{$ch_s / $cc_s:.1f}x whole process, {$ch_s / $cc_tag:.1f}x tagging alone')")"
[ -n "$dp_s" ] && echo "crosscheck / dateparser:  $(python3 -c "print(f'{$dp_s / $cc_s:.1f}x whole process, {$dp_s / $cc_tag:.1f}x tagging alone')")"
exit 0
