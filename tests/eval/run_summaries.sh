#!/bin/sh
# run_summaries.sh - summary quality (ROUGE on BBC and CNN/DailyMail, every method, lead and
# OTS) and the speed of every method on a 1 MB article built from the BBC set.
# Usage: sh tests/eval/run_summaries.sh [BUILD_DIR] [DATA_DIR]   (defaults: build ../shared/data)
set -u
build=${1:-build}
data=${2:-../shared/data}
eval_bin="$build/eval/eval_summaries"
if [ ! -x "$eval_bin" ]; then
    echo "run_summaries: $eval_bin not built; run: make $eval_bin" >&2
    exit 1
fi
if [ ! -d "$data" ]; then
    echo "run_summaries: no data at $data - skipped (see ../shared/data/README.md)"
    exit 0
fi
"$eval_bin" "$data"
dir="$data/bbc-news-summary/articles"
if [ -d "$dir" ]; then
    # One 1 MB article: BBC bodies (title lines dropped) joined as paragraphs, in path order.
    big=$(mktemp /tmp/precis-big-XXXXXX)
    trap 'rm -f "$big"' EXIT
    printf 'One megabyte of news\n\n' > "$big"
    for f in $(find "$dir" -name '*.txt' | LC_ALL=C sort); do
        tail -n +3 "$f" >> "$big"
        printf '\n\n' >> "$big"
        [ "$(wc -c < "$big")" -gt 1048576 ] && break
    done
    echo
    echo "Speed, one article, default length (3 sentences):"
    "$eval_bin" --speed="$big"
fi
