#!/usr/bin/env bash
# bench_load.sh: load + normalize + segment throughput (target: >= 50 MB/s per core).
# Usage: tests/bench/bench_load.sh [BUILD_DIR] [TOTAL_MB]
# Builds nothing: run `cmake --build build` first (Release or RelWithDebInfo, not Sanitize).
set -euo pipefail
build=${1:-build}
mb=${2:-128}
src=$(cd "$(dirname "$0")/../.." && pwd)
export CROSSCHECK_MODELS=${CROSSCHECK_MODELS:-$src/models}
echo "== library, in memory, one thread"
"$build/bench/bench_load" "$mb" 4
echo "== the program, end to end: read files, load, segment, time, claim slots, JSONL to /dev/null"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
n=$((mb * 1024 / 4))
"$build/bench/bench_load" --write "$tmp/corpus" "$n" 4
bytes=$(du -sb "$tmp/corpus" | cut -f1)
start=$(date +%s%N)
"$build/crosscheck" claims "$tmp/corpus" >/dev/null
ns=$(( $(date +%s%N) - start ))
awk -v b="$bytes" -v ns="$ns" -v n="$n" 'BEGIN { s = ns / 1e9; printf "claims      %d files, %.1f MB in %.3f s: %.1f MB/s\n", n, b / 1048576, s, b / 1048576 / s }'
