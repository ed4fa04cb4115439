#!/bin/sh
# run.sh: the HSDS tier: `waystation hsds export` and `import` against Open Referral's HSDS 3.0 as published
# in ../shared/data/hsds3 (its JSON Schema, its datapackage.json and its example CSV package):
#   - the demo directory's export validates against the JSON Schema (draft 2020-12, tests/hsds/check.py)
#     and its datapackage.json lists the standard's tables and fields in the standard's order;
#   - the demo directory exported, imported into a new database and exported again is the same package;
#   - the standard's example package imports and comes back with every row and column, adding only the
#     directory's own taxonomies;
#   - a dry run writes nothing, a bad package is refused with exit code 3, usage errors exit 2.
# Appends "hsds: P passed, F failed" to DIR/summary (DIR: the first argument, default tests/out). Checks that
# need the shared data skip with a reason when it is absent.
set -u
cd "$(dirname "$0")/../.."
out=${1:-tests/out}
mkdir -p "$out"
std=${WAYSTATION_SHARED_DATA:-../shared/data}/hsds3
ws=bin/waystation
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Debian's python3 has python3-jsonschema (scripts/deps.sh); another python3 first on PATH may lack it.
py=/usr/bin/python3
[ -x "$py" ] && "$py" -c 'import jsonschema' 2>/dev/null || py=python3
export WAYSTATION_DEMO_PASSWORD=hsds-tier-password

passed=0 failed=0
check() { # $1: what it shows; the rest: a command that succeeds when it does
  what=$1
  shift
  if "$@" > "$tmp/log" 2>&1; then
    passed=$((passed + 1))
    echo "ok   $what"
  else
    failed=$((failed + 1))
    echo "FAIL $what"
    sed 's/^/     /' "$tmp/log" | head -40
  fi
}
exits() { # $1: the exit code expected; the rest: the command
  want=$1
  shift
  "$@"
  got=$?
  [ "$got" = "$want" ] || { echo "exit code $got, expected $want"; return 1; }
}
fresh() { rm -f "$1" "$1.key"; $ws init --db "$1" > /dev/null; }
py_check() { "$py" tests/hsds/check.py "$@"; }
refused() { # $1: text the report must hold; the rest: an import that must exit 3 (data refused)
  text=$1
  shift
  "$@" > "$tmp/said" 2>&1
  got=$?
  [ "$got" = 3 ] && grep -F -- "$text" "$tmp/said" > /dev/null || { echo "exit code $got:"; cat "$tmp/said"; return 1; }
}
export_again_is_the_same() {
  $ws hsds export "$tmp/b" --db "$tmp/copy.db" > /dev/null && py_check same "$tmp/a" "$tmp/b"
}
dry_run_writes_nothing() {
  $ws hsds import "$tmp/a/csv" --dry-run --db "$tmp/dry.db" | grep 'dry run' &&
    $ws hsds export "$tmp/d" --db "$tmp/dry.db" > /dev/null &&
    "$py" -c 'import json, sys; sys.exit(json.load(open(sys.argv[1])) != [])' "$tmp/d/organizations.json"
}

check "hsds --help exits 0" exits 0 $ws hsds --help
check "hsds without a command is a usage error (2)" exits 2 $ws hsds
check "hsds export with --dry-run is a usage error (2)" exits 2 $ws hsds export "$tmp/x" --dry-run
check "hsds import without a database exits 4" exits 4 $ws hsds import "$tmp" --db "$tmp/none.db"

fresh "$tmp/demo.db"
$ws demo --db "$tmp/demo.db" --households 10 > /dev/null 2>&1
check "the demo directory exports" $ws hsds export "$tmp/a" --db "$tmp/demo.db"
fresh "$tmp/copy.db"
check "the export imports into a new database" $ws hsds import "$tmp/a/csv" --db "$tmp/copy.db"
check "exported again from there, it is the same package" export_again_is_the_same
fresh "$tmp/dry.db"
check "a dry run of the import writes nothing" dry_run_writes_nothing

mkdir -p "$tmp/bad"
printf 'id,name,description\r\nnot-a-uuid,,x\r\n' > "$tmp/bad/organizations.csv"
check "a bad package is refused (3) with its file, line and column" \
  refused "organizations.csv, line 2, id" $ws hsds import "$tmp/bad" --db "$tmp/dry.db"

if [ ! -d "$std" ]; then
  echo "skip the checks against the standard: $std is absent"
elif ! "$py" -c 'import jsonschema' 2> /dev/null; then
  failed=$((failed + 1))
  echo "FAIL the checks against the standard: $py has no jsonschema module (apt-get install python3-jsonschema)"
else
  check "the demo export validates against the HSDS JSON Schema" py_check validate "$tmp/a" "$std/schema"
  check "the demo export's datapackage.json has the standard's tables and fields" \
    py_check datapackage "$tmp/a" "$std/datapackage.json"
  fresh "$tmp/example.db"
  check "the standard's example package imports" $ws hsds import "$std/examples/csv" --db "$tmp/example.db"
  check "the example exports again" $ws hsds export "$tmp/e" --db "$tmp/example.db"
  check "every row and column of the example comes back" py_check contains "$std/examples/csv" "$tmp/e/csv"
  check "the example's export validates against the HSDS JSON Schema" py_check validate "$tmp/e" "$std/schema"
  check "the example's datapackage.json has the standard's tables and fields" \
    py_check datapackage "$tmp/e" "$std/datapackage.json"
fi

echo "hsds: $passed passed, $failed failed" | tee -a "$out/summary"
