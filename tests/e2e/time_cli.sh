#!/bin/bash
# time_cli.sh: `crosscheck time` and `crosscheck eval time` on a small TimeML file written
# for this project (tests/data/time), with exact expected figures.
set -eu
bin=${CROSSCHECK_BIN:?}
src=${CROSSCHECK_SOURCE:?}
fail() { echo "FAIL: $*" >&2; exit 1; }

out=$("$bin" time --dct 2025-11-20 'A year ago, in 2022, and on Friday.')
grep -q $'0-10\tDATE\t2024\tdct\tA year ago' <<<"$out" || fail "a year ago: $out"
grep -q $'\tDATE\t2022\tabsolute\t2022' <<<"$out" || fail "2022: $out"
grep -q $'\tDATE\t2025-11-14\tdct\tFriday' <<<"$out" || fail "Friday: $out"

json=$(echo 'The talks ended last month.' | "$bin" time --format json -)
grep -q '"value": "XXXX-XX"' <<<"$json" || fail "unknown DCT: $json"
grep -q '"resolution": "unresolved"' <<<"$json" || fail "unknown DCT resolution: $json"

"$bin" time --dct 2025-02-30 x >/dev/null 2>&1 && fail "--dct 2025-02-30 accepted"
[ $? -eq 0 ] || true

text=$("$bin" eval time "$src/tests/data/time")
grep -q '^relaxed F1 *100.00$' <<<"$text" || fail "eval text: $text"
json=$("$bin" eval time --format json "$src/tests/data/time")
python3 - "$json" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
assert r["n_gold"] == 7, r            # the creation time in the header is not gold
assert r["n_system"] == 7, r
assert r["relaxed_f1"] == 100 and r["strict_f1"] == 100, r
assert r["value_accuracy"] == 100 and r["value_f1"] == 100 and r["type_accuracy"] == 100, r
PY

status=0
"$bin" eval nothing x >/dev/null 2>&1 || status=$?
[ "$status" -eq 2 ] || fail "eval of an unknown stage: exit $status, wanted 2"
echo ok
