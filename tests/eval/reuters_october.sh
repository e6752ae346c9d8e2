#!/bin/sh
# reuters_october.sh - worked example for trends: the two October 1987 days of Reuters-21578
# (19 October, "Black Monday", and 20 October; the US strike on Iranian oil platforms was on
# the 19th) against March 1987. Plain keyness puts the earnings shorthand of the quarterly
# results season first (shr, cts, qtr, mths, vs, net, revs; "3rd qtr", "nine mths to Sept 30",
# "Pay Nov 16, Record Nov 2"); a stopword file for it, counting
# articles (--dispersion) and --min-docs bring out the terms that name the events.
# Usage: sh tests/eval/reuters_october.sh [PRECIS] [DATA_DIR]
set -u
precis=${1:-build/precis}
data=${2:-${PRECIS_DATA:-../shared/data}}
jsonl="$data/reuters21578/reuters21578.jsonl"
if [ ! -f "$jsonl" ]; then
    echo "reuters_october: $jsonl not found; skipped (get Reuters-21578 as JSON Lines, see the data README)"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Reuters writes earnings tables in a shorthand of its own; "o" is the Nasdaq suffix of
# RIC codes such as <OCIL.O>, frequent in October's company news.
cat >"$tmp/shorthand.txt" <<'WORDS'
# Reuters earnings-report and dividend shorthand
3rd
avg
cts
div
dlrs
mln
mths
net
nine
o
oper
pay
prior
qtly
qtr
revs
sept
shr
shrs
vs
WORDS

run() {
    echo "\$ $*" | sed "s|$tmp|\$TMP|g"
    "$@" 2>&1 | sed "s|$tmp|\$TMP|g"
    echo
}

"$precis" index -q --db "$tmp/reuters.db" --lang en "$jsonl" || exit 1
echo "== 1. plain keyness, occurrences (what a first try gives)"
run "$precis" trends --db "$tmp/reuters.db" --from 1987-10-19..1987-10-20 --vs 1987-03 \
    --direction up --max-words 1 --limit 15
echo "== 2. with a stopword file for the shorthand, counting articles, terms in 10+ articles"
run "$precis" trends --db "$tmp/reuters.db" --from 1987-10-19..1987-10-20 --vs 1987-03 \
    --direction up --dispersion --min-docs 10 --stopwords "$tmp/shorthand.txt" --limit 30
echo "== 3. the same without a store: the articles themselves, target against reference"
grep -E '"date": "1987-10-(19|20)' "$jsonl" >"$tmp/october.jsonl"
grep -E '"date": "1987-03-' "$jsonl" >"$tmp/march.jsonl"
run "$precis" compare --lang en --dispersion --min-docs 10 --stopwords "$tmp/shorthand.txt" \
    --direction up --limit 15 "$tmp/october.jsonl" --vs "$tmp/march.jsonl"
echo "== 4. daily series of the event terms, with bursts"
run "$precis" trends --db "$tmp/reuters.db" --by day --from 1987-06-15 \
    --terms "stock market,oil platforms,Louvre accord,Iranian" --burst-s 2 --burst-gamma 1
