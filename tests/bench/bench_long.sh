#!/bin/sh
# bench_long.sh - one article of over 1 MB (thousands of sentences, built from the BBC bodies)
# through `precis summarize -m M --keywords 10` for every method, at the default length and at
# --ratio 0.3: each run must take under 2 seconds (the issue's limit: no method may blow up).
# Usage: sh tests/bench/bench_long.sh build/precis DATA_DIR   (exit 1 when a run is too slow)
set -u
bin=$1
data=${2:-../shared/data}
dir="$data/bbc-news-summary/articles"
limit=2
if [ ! -d "$dir" ]; then
    echo "bench_long: $dir not found (see ../shared/data/README.md); skipped"
    exit 0
fi
big=$(mktemp /tmp/precis-long-XXXXXX)
trap 'rm -f "$big"' EXIT
# BBC bodies (their title lines dropped) joined as paragraphs in path order, as
# tests/eval/run_summaries.sh builds its 1 MB article.
printf 'One megabyte of news\n\n' > "$big"
for f in $(find "$dir" -name '*.txt' | LC_ALL=C sort); do
    tail -n +3 "$f" >> "$big"
    printf '\n\n' >> "$big"
    [ "$(wc -c < "$big")" -gt 1048576 ] && break
done
sentences=$("$bin" sentences --format tsv "$big" | wc -l)
printf 'article: %d bytes, %d sentences\n' "$(wc -c < "$big")" "$sentences"
now() { date +%s.%N; }
slow=0
for len in "" "--ratio 0.3"; do
    printf '%-9s %-12s %8s\n' method length seconds
    for m in default lead luhn tfidf textrank lexrank lsa sumbasic kl; do
        s=$(now)
        # shellcheck disable=SC2086 # $len is an option and its value, or nothing
        "$bin" summarize -m "$m" $len --keywords 10 "$big" >/dev/null 2>&1
        rc=$?
        e=$(now)
        t=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }')
        verdict=$(awk -v t="$t" -v l="$limit" 'BEGIN { print (t < l) ? "ok" : "TOO SLOW" }')
        [ "$rc" -ne 0 ] && verdict="FAILED (exit $rc)"
        [ "$verdict" != ok ] && slow=1
        printf '%-9s %-12s %8s  %s\n' "$m" "${len:-3 sentences}" "$t" "$verdict"
    done
done
s=$(now)
"$bin" keywords -k 10 "$big" >/dev/null 2>&1
e=$(now)
awk -v s="$s" -v e="$e" 'BEGIN { printf "keywords alone          %8.3f\n", e - s }'
exit $slow
