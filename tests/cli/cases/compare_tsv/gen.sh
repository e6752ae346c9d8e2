# gen.sh - writes the trends/compare CLI fixtures into $d: a.jsonl (40 June 2022 articles on
# a port strike), b.jsonl (60 May 2022 articles on a harvest) and u.jsonl (2 undated ones).
i=0
while [ $i -lt 40 ]; do
    i=$((i + 1))
    day=$((i % 3 + 1))
    extra=""
    [ $((i % 4)) = 0 ] && extra=" Prices at the market rose."
    printf '{"id":"a%d","date":"2022-06-0%d","text":"Dockers at the port went on strike on Monday. The cranes stood idle as the strike spread.%s"}\n' $i $day "$extra"
done >"$d/a.jsonl"
i=0
while [ $i -lt 60 ]; do
    i=$((i + 1))
    day=$((i % 28 + 1))
    [ $day -lt 10 ] && day="0$day"
    extra=""
    [ $((i % 2)) = 0 ] && extra=" Prices at the market held steady."
    printf '{"id":"b%d","date":"2022-05-%s","text":"Farmers brought the harvest in early on Monday. Wheat filled the barns.%s"}\n' $i $day "$extra"
done >"$d/b.jsonl"
printf '{"id":"u1","text":"An undated note on the strike."}\n{"id":"u2","text":"Another undated note."}\n' >"$d/u.jsonl"
