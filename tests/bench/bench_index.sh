#!/bin/sh
# bench_index.sh - speed of `precis index` against the same work without the store: the same
# command with --dry-run (read, analyse, count terms and phrases, aggregate per day, merge the
# day counts - everything but the SQLite writes), and the bare front end for reference; then
# the store's size per article. On Reuters-21578 (21,578 JSON Lines records).
# Usage: sh tests/bench/bench_index.sh build/precis [DATA_DIR]
# Prints CPU seconds (user + system) and wall seconds, each the best of 3 (CPU time is the
# steadier figure on a shared machine), and index speed as a share of the dry run's (the
# target is at least 0.70), with the load average the figures were taken under.
set -u
bin=$1
bin_dir=$(dirname "$bin")
data=${2:-../shared/data}
rj="$data/reuters21578/reuters21578.jsonl"
if [ ! -f "$rj" ]; then
    echo "bench_index: $rj not found (Reuters-21578 as JSON Lines; see ../shared/data/README.md); skipped"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db="$tmp/corpus.db"

# run CMD...: the least CPU time and the least wall time of 3 runs; prints "cpu wall"
run() {
    best=""
    for i in 1 2 3; do
        rm -f "$db" "$db-wal" "$db-shm"
        /usr/bin/time -p -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
        t=$(awk '/^real/ { r = $2 } /^user/ { u = $2 } /^sys/ { s = $2 } END { printf "%.2f %.2f", u + s, r }' "$tmp/t")
        best=$(echo "$t $best" | awk '{ if (NF == 2) print $1, $2; else print ($1 < $3 ? $1 : $3), ($2 < $4 ? $2 : $4) }')
    done
    echo "$best"
}

front=$(run "$bin_dir/bench/bench_frontend" "$rj")
dry=$(run "$bin" index -q --dry-run --db "$db" "$rj")
idx=$(run "$bin" index -q --db "$db" "$rj")
# The last run left a store behind: its size, and re-adding everything unchanged.
"$bin" index -q --db "$db" "$rj"
bytes=$(wc -c < "$db")
articles=$("$bin" stats --db "$db" -f csv | sed -n 's/^articles,//p')
again=$(/usr/bin/time -p "$bin" index -q --db "$db" "$rj" 2>&1 >/dev/null | awk '/^user/ { u = $2 } /^sys/ { s = $2 } END { printf "%.2f", u + s }')

echo "$front $dry $idx" | awk -v b="$bytes" -v n="$articles" -v a="$again" '{
    printf "front end alone      %6.2f s CPU %6.2f s wall\n", $1, $2
    printf "index --dry-run      %6.2f s CPU %6.2f s wall\n", $3, $4
    printf "index (SQLite store) %6.2f s CPU %6.2f s wall\n", $5, $6
    printf "index speed / dry-run speed: %.2f (CPU), %.2f (wall); target >= 0.70\n", $3 / $5, $4 / $6
    printf "re-index, all unchanged: %.2f s CPU\n", a
    printf "store: %d bytes, %d articles, %.0f bytes an article\n", b, n, b / n
}'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
