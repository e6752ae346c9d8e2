#!/bin/sh
# run.sh - every quality harness on the public data sets: sentence coverage of the BBC
# references, summaries (BBC and CNN/DailyMail, every method against lead and OTS) and keywords
# (500N-KPCrowd). Usage: sh tests/eval/run.sh build/precis DATA_DIR
# Each harness skips with a message when its data set is absent.
set -u
build=$(dirname "$1")
data=${2:-../shared/data}
if [ -d "$data/bbc-news-summary" ]; then
    echo "== sentence boundaries: BBC reference coverage"
    "$build/eval/bbc_coverage" "$data/bbc-news-summary" | tail -1
else
    echo "== bbc coverage: $data/bbc-news-summary not found; skipped"
fi
echo "== summaries"
"$build/eval/eval_summaries" "$data"
echo "== keywords"
sh tests/eval/run_keywords.sh "$build" "$data"
echo "== trends: null check (random halves of March 1987, 20 seeds)"
sh tests/eval/null_check.sh "$build" "$data"
echo "== trends: worked example, 19-20 October 1987 against March 1987"
sh tests/eval/reuters_october.sh "$1" "$data"
