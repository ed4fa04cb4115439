#!/bin/sh
# run.sh: runs every test tier and ends with the one line CI reads: "N passed, N failed".
#   unit      cmocka binaries (tests/unit), once as built and once under AddressSanitizer + UBSan
#   hsds      the HSDS export and import of the command line against the published standard (tests/hsds)
#   api       data-driven HTTP cases (tests/api/cases) against a server on a free loopback port
#   e2e       the browser UI in Debian's headless chromium through playwright-core (tests/e2e)
# Each tier appends "tier: P passed, F failed" to tests/out/summary; the totals are summed here.
set -u
cd "$(dirname "$0")/.."
out=tests/out
rm -rf "$out"; mkdir -p "$out"
: > "$out/summary"

run_cmocka() { # $1: tier name, $2: directory of test binaries
  p=0; f=0
  for t in "$2"/test_*; do
    [ -x "$t" ] || continue
    log="$out/$1-$(basename "$t").log"
    "$t" > "$log" 2>&1
    rc=$?
    tp=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    tf=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    if [ "$rc" != 0 ] && [ "$tf" = 0 ]; then tf=1; echo "  $1 $(basename "$t") crashed (exit $rc):"; tail -n 20 "$log"; fi
    [ "$tf" != 0 ] && grep -E '^\[  (FAILED|  ERROR) \]|^\[  ERROR' "$log" | head -20
    p=$((p + tp)); f=$((f + tf))
  done
  echo "$1: $p passed, $f failed" | tee -a "$out/summary"
}

echo "== unit tests"
run_cmocka unit build/tests
echo "== unit tests under ASan + UBSan"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 run_cmocka unit-sanitized build/san-tests

echo "== HSDS tests"
tests/hsds/run.sh "$out" || true
echo "== API tests"
node tests/api/run.mjs --out "$out" || true
echo "== browser tests"
node tests/e2e/run.mjs --out "$out" || true

awk -F'[:,]' '{ for (i = 2; i <= NF; i++) { if ($i ~ /passed/) p += $i + 0; if ($i ~ /failed/) f += $i + 0 } }
  END { print p " passed, " f " failed"; exit (f > 0 || p == 0) }' "$out/summary"
