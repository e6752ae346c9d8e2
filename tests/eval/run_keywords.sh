#!/bin/sh
# run_keywords.sh - keyword quality on 500N-KPCrowd: P/R/F1 at 5 and 10 (see the data README).
# Usage: sh tests/eval/run_keywords.sh [BUILD_DIR] [DATA_DIR]
build=${1:-build}
data=${2:-../shared/data}
if [ ! -d "$data/kpcrowd/docs" ]; then
    echo "run_keywords: $data/kpcrowd not found; get 500N-KPCrowd v1.1 (Marujo et al. 2012)" >&2
    echo "run_keywords: and pass its parent directory as DATA_DIR" >&2
    exit 0
fi
"$build/eval/eval_keywords" "$data/kpcrowd"
