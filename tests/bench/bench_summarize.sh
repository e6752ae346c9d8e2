#!/bin/sh
# bench_summarize.sh - speed of summaries plus keywords on the 1,313 BBC articles in one
# process, single-threaded, against the front end alone and against running Open Text
# Summarizer (ots) once per article; then the speed-up of --jobs 2.
# Usage: sh tests/bench/bench_summarize.sh build/precis DATA_DIR  (ROUNDS=10: best of how many)
set -u
bin=$1
bench=$(dirname "$bin")/bench/bench_frontend
data=${2:-../shared/data}
dir="$data/bbc-news-summary/articles"
if [ ! -d "$dir" ]; then
    echo "bench_summarize: $dir not found (see ../shared/data/README.md); skipped"
    exit 0
fi
now() { date +%s.%N; }
elapsed() { # wall time in seconds of one run of "$@", output discarded
    s=$(now); "$@" >/dev/null 2>&1; e=$(now)
    awk -v s="$s" -v e="$e" 'BEGIN { print e - s }'
}
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }
n=$(find "$dir" -name '*.txt' | wc -l)
# The host's speed drifts from minute to minute: the three commands take turns, ROUNDS times,
# and each keeps its best time, so a ratio compares runs made in the same minutes.
rounds=${ROUNDS:-10}
front="" summ="" summ2=""
i=0
while [ "$i" -lt "$rounds" ]; do
    front=$(min "$front" "$(elapsed "$bench" "$dir")")
    summ=$(min "$summ" "$(elapsed "$bin" summarize --keywords 10 --jobs 1 "$dir")")
    summ2=$(min "$summ2" "$(elapsed "$bin" summarize --keywords 10 --jobs 2 "$dir")")
    i=$((i + 1))
done
echo "articles: $n"
awk -v n="$n" -v f="$front" -v s="$summ" -v s2="$summ2" 'BEGIN {
    printf "front end alone:            %7.3f s  %8.0f articles/s\n", f, n / f
    printf "summarize + keywords, -j 1: %7.3f s  %8.0f articles/s  (%.2f of the front end'"'"'s speed)\n", s, n / s, f / s
    printf "summarize + keywords, -j 2: %7.3f s  %8.0f articles/s  (speed-up %.2f)\n", s2, n / s2, s / s2
}'
if command -v ots >/dev/null 2>&1; then
    # ots on a sample of 200 articles, one process each, as a user would run it.
    find "$dir" -name '*.txt' | LC_ALL=C sort | head -200 > /tmp/precis-ots-list.$$
    s=$(now)
    while read -r f; do ots --ratio=30 "$f" >/dev/null 2>&1; done < /tmp/precis-ots-list.$$
    e=$(now)
    rm -f /tmp/precis-ots-list.$$
    awk -v s="$s" -v e="$e" -v n="$n" -v t="$summ" 'BEGIN {
        r = 200 / (e - s)
        printf "ots, one run per article:   %8.0f articles/s  (precis -j 1 is %.0f times faster)\n", r, (n / t) / r
    }'
else
    echo "ots not installed (apt-get install ots): comparison skipped"
fi
