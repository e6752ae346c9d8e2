#!/bin/sh
# run.sh - speed harness: the precis front end against `wc -w` over the same bytes, on the BBC
# articles and the Reuters JSON Lines. Usage: sh tests/bench/run.sh build/precis DATA_DIR
# Prints MB/s for each and the ratio to wc -w (best of 3 runs each, single-threaded); the
# "bbc*" line times wc -w over the same 1,313 files rather than one concatenated file.
set -u
bin_dir=$(dirname "$1")
data=${2:-../shared/data}
if [ ! -d "$data/bbc-news-summary" ] || [ ! -f "$data/reuters21578/reuters21578.jsonl" ]; then
    echo "bench: data not found under $data (needs bbc-news-summary/ and reuters21578/;"
    echo "       see ../shared/data/README.md); skipped"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# All BBC articles in one file for wc; precis reads the directory itself.
find "$data/bbc-news-summary/articles" -name '*.txt' | LC_ALL=C sort | xargs cat > "$tmp/bbc.txt"
bbc_bytes=$(wc -c < "$tmp/bbc.txt")

best() { # best wall time in seconds of 3 runs of "$@", output discarded
    b=""
    for i in 1 2 3; do
        s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N)
        b=$(awk -v s="$s" -v e="$e" -v b="$b" 'BEGIN { t = e - s; if (b == "" || t < b) b = t; print b }')
    done
    echo "$b"
}
report() { # name bytes precis_seconds wc_seconds
    awk -v n="$1" -v by="$2" -v p="$3" -v w="$4" 'BEGIN {
        printf "%-8s %8.1f MB  precis %6.1f MB/s  wc -w %6.1f MB/s  ratio %.2f\n",
               n, by / 1e6, by / 1e6 / p, by / 1e6 / w, w / p }'
}
p=$(best env BENCH_BYTES="$bbc_bytes" "$bin_dir/bench/bench_frontend" "$data/bbc-news-summary/articles")
w=$(best wc -w "$tmp/bbc.txt")
report bbc "$bbc_bytes" "$p" "$w"
# The same bytes as wc reads them from the same 1,313 files (open and read each, as precis
# does): the file system's share is then in both sides.
find "$data/bbc-news-summary/articles" -name '*.txt' | LC_ALL=C sort > "$tmp/bbc.list"
w=$(best sh -c 'xargs wc -w < "$1"' sh "$tmp/bbc.list")
report "bbc*" "$bbc_bytes" "$p" "$w"
rj="$data/reuters21578/reuters21578.jsonl"
r_bytes=$(wc -c < "$rj")
p=$(best "$bin_dir/bench/bench_frontend" "$rj")
w=$(best wc -w "$rj")
report reuters "$r_bytes" "$p" "$w"
"$bin_dir/bench/bench_frontend" "$rj"
sh tests/bench/bench_summarize.sh "$1" "$data"
sh tests/bench/bench_long.sh "$1" "$data"
sh tests/bench/bench_index.sh "$1" "$data"
