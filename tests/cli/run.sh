#!/bin/sh
# run.sh - command-line tests: each tests/cli/cases/NAME/ holds `cmd` (a shell line run from the
# repository root with $PRECIS naming the program), and what it must give: `exit` (status,
# default 0), `out` (exact standard output) and `err` (exact standard error), each optional.
# Usage: sh tests/cli/run.sh PATH/TO/precis   (VALGRIND="valgrind ..." to run under it)
set -u
bin=$1
PRECIS="${VALGRIND:-} $(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
export PRECIS LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
for dir in tests/cli/cases/*/; do
    name=$(basename "$dir")
    want_exit=0
    [ -f "$dir/exit" ] && want_exit=$(cat "$dir/exit")
    sh -c "$(cat "$dir/cmd")" >"$tmp/out" 2>"$tmp/err" </dev/null
    got_exit=$?
    ok=1
    if [ "$got_exit" != "$want_exit" ]; then
        echo "FAIL $name: exit $got_exit, want $want_exit"; ok=0
    fi
    if [ -f "$dir/out" ] && ! cmp -s "$dir/out" "$tmp/out"; then
        echo "FAIL $name: stdout differs"; diff "$dir/out" "$tmp/out" | head -20; ok=0
    fi
    if [ -f "$dir/err" ] && ! cmp -s "$dir/err" "$tmp/err"; then
        echo "FAIL $name: stderr differs"; diff "$dir/err" "$tmp/err" | head -20; ok=0
    fi
    if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "cli tests: $pass passed, $fail failed"
[ $fail = 0 ]
