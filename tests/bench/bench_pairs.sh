#!/usr/bin/env bash
# bench_pairs.sh: pair featurization + prediction throughput, one core (target: >= 50,000
# pairs/s per core), with the shipped same-fact model over the project's labelled pairs.
# Usage: tests/bench/bench_pairs.sh [BUILD_DIR] [REPS]
# Builds nothing: run `cmake --build build` first (Release or RelWithDebInfo, not Sanitize).
set -euo pipefail
build=${1:-build}
reps=${2:-200}
src=$(cd "$(dirname "$0")/../.." && pwd)
export CROSSCHECK_MODELS=${CROSSCHECK_MODELS:-$src/models}
cat "$src"/annotations/pairs/demo-corpus.tsv >"${TMPDIR:-/tmp}/bench_pairs.$$.tsv"
tail -n +2 "$src"/annotations/pairs/news-mix.tsv >>"${TMPDIR:-/tmp}/bench_pairs.$$.tsv"
trap 'rm -f "${TMPDIR:-/tmp}/bench_pairs.$$.tsv"' EXIT
"$build/bench/bench_pairs" "$CROSSCHECK_MODELS/same-fact.model" "${TMPDIR:-/tmp}/bench_pairs.$$.tsv" "$reps"
