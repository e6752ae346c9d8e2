#!/bin/sh
# null_check.sh - keyness false positives under the null (see null_check.c): the March 1987
# Reuters articles split at random into halves, 20 seeds, Bonferroni at 0.05, article counts
# against token counts. Usage: sh tests/eval/null_check.sh [BUILD_DIR] [DATA_DIR]
set -u
build=${1:-build}
data=${2:-${PRECIS_DATA:-../shared/data}}
jsonl="$data/reuters21578/reuters21578.jsonl"
if [ ! -f "$jsonl" ]; then
    echo "null_check: $jsonl not found; skipped (get Reuters-21578 as JSON Lines, see the data README)"
    exit 0
fi
make --no-print-directory -s BUILD="$build" "$build/eval/null_check" || exit 1
"$build/eval/null_check" -s 20 "$jsonl"
