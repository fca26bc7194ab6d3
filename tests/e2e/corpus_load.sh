#!/usr/bin/env bash
# corpus_load.sh: every article of the demo corpus loads and yields claims through the CLI.
# GOLD.md and README.md are the answer key and notes, not articles, so they are not loaded.
# Articles are passed one by one: the directory walk belongs to the loader's own tests.
set -u
src="${CROSSCHECK_SOURCE:?CROSSCHECK_SOURCE not set}"
bin="${CROSSCHECK_BIN:?CROSSCHECK_BIN not set}"
dir="$src/annotations/corpus/sahel-visas"
if [ ! -d "${CROSSCHECK_MODELS:-$src/models}" ]; then
    echo "SKIP: no models directory (${CROSSCHECK_MODELS:-$src/models}); the CLI cannot start"
    exit 77
fi
fail=0
narticles=0
for f in "$dir"/*.md "$dir"/*.txt; do
    case "$(basename "$f")" in GOLD.md|README.md) continue ;; esac
    narticles=$((narticles + 1))
    if ! out=$("$bin" claims "$f"); then
        echo "FAIL: crosscheck claims $f failed"; fail=1; continue
    fi
    [ -n "$out" ] || { echo "FAIL: no claims from $f"; fail=1; }
done
echo "loaded $narticles articles"
[ "$narticles" -ge 7 ] || { echo "FAIL: fewer than 7 articles"; fail=1; }
exit $fail
