#!/bin/sh
# run.sh: what `make bench` does after building: two side-by-side benchmarks on this machine, a table on
# stdout and bench/out/results.json (bench/RESULTS.md explains the figures).
#   import  `waystation import households` of a generated CSV (BENCH_HOUSEHOLDS households, default
#           100000, over every town) into a fresh database, against the sqlite3 shell's `.import` of the
#           same file into a plain table of a new database; the median of BENCH_REPS runs (default 3).
#   http    wrk against GET /api/v1/households?division=<town>&limit=50 (Bearer token, demo database of
#           5000 households), against nginx serving the same body as a static file; same wrk parameters,
#           the median of BENCH_REPS rounds of BENCH_SECONDS seconds (default 10) after a warm-up.
# Everything runs on loopback in a temporary folder; whatever the script starts it stops on exit.
# BENCH_BIN measures another build of bin/waystation (an older commit, say) with the same script.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
bin=${BENCH_BIN:-$root/bin/waystation}
gen="$root/build/bench/gen_households"
out="$root/bench/out"
households=${BENCH_HOUSEHOLDS:-100000}
reps=${BENCH_REPS:-3}
seconds=${BENCH_SECONDS:-10}
seed=${BENCH_SEED:-1}
wrk_threads=2
wrk_conns=32
password="bench-password-$$"

for tool in sqlite3 wrk nginx curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is missing (run: make bench)"; exit 1; }
done
if [ ! -x "$bin" ] || [ ! -x "$gen" ]; then echo "bench: build first (make bench)"; exit 1; fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/waystation-bench.XXXXXX")
server_pid=""
nginx_pid=""
cleanup() {
  set +e
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$out"

now_ns() { date +%s%N; }
seconds_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
commas() { printf '%s' "$1" | sed 's/^ *//; s/ \{1,\}/,/g'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# A loopback port nothing answers on, from 18480 up (at most 50 tries).
free_port() {
  p=${1:-18480}
  for _ in $(seq 1 50); do
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$p/" || [ $? -ne 7 ] || { echo "$p"; return 0; }
    p=$((p + 1))
  done
  echo "bench: no free port from $1" >&2
  return 1
}

# Waits (at most 10 s) until url answers 200.
wait_ready() {
  for _ in $(seq 1 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$1")" = 200 ] && return 0
    sleep 0.1
  done
  echo "bench: $1 did not come up" >&2
  return 1
}

# ---- 1. import ------------------------------------------------------------------------------------

echo "== import: $households households, median of $reps runs"
"$bin" init --db "$tmp/towns.db" >/dev/null
sqlite3 "$tmp/towns.db" "select code from divisions where level = 'town' order by code" > "$tmp/towns.txt"
ntowns=$(wc -l < "$tmp/towns.txt")
csv="$tmp/households.csv"
"$gen" "$tmp/towns.txt" "$households" "$seed" > "$csv"
rows=$(($(wc -l < "$csv") - 1))
csv_mb=$(awk -v b="$(wc -c < "$csv")" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "   $csv: $rows rows, $csv_mb MiB, $ntowns towns"

ours_times=""
sqlite_times=""
for i in $(seq 1 "$reps"); do
  "$bin" init --db "$tmp/import-$i.db" >/dev/null
  t=$(now_ns)
  "$bin" import households "$csv" --db "$tmp/import-$i.db" > "$tmp/import-$i.log" 2>&1
  ours=$(seconds_since "$t")
  grep -q "^Imported $households households" "$tmp/import-$i.log" || { cat "$tmp/import-$i.log"; exit 1; }
  rm -f "$tmp/import-$i.db" "$tmp/import-$i.db-wal" "$tmp/import-$i.db-shm" "$tmp/import-$i.db.key"

  t=$(now_ns)
  printf '.mode csv\n.import %s t\n' "$csv" | sqlite3 "$tmp/sqlite-$i.db"
  plain=$(seconds_since "$t")
  n=$(sqlite3 "$tmp/sqlite-$i.db" "select count(*) from t")
  [ "$n" = "$rows" ] || { echo "bench: sqlite3 imported $n rows, not $rows"; exit 1; }
  rm -f "$tmp/sqlite-$i.db"

  echo "   run $i: waystation ${ours}s, sqlite3 ${plain}s"
  ours_times="$ours_times $ours"
  sqlite_times="$sqlite_times $plain"
done
# shellcheck disable=SC2086
import_ours=$(median $ours_times)
# shellcheck disable=SC2086
import_sqlite=$(median $sqlite_times)
import_ratio=$(ratio "$import_ours" "$import_sqlite")

# ---- 2. http --------------------------------------------------------------------------------------

echo "== http: wrk -t$wrk_threads -c$wrk_conns -d${seconds}s, median of $reps rounds"
db="$tmp/demo.db"
"$bin" init --db "$db" >/dev/null
WAYSTATION_DEMO_PASSWORD="$password" "$bin" demo --db "$db" --households 5000 >/dev/null
town=$(head -n 1 "$tmp/towns.txt")
port=$(free_port 18480)
WAYSTATION_QUIET=1 "$bin" serve --db "$db" --listen "127.0.0.1:$port" > "$tmp/server.log" 2>&1 &
server_pid=$!
wait_ready "http://127.0.0.1:$port/healthz"
token=$(curl -s --max-time 5 -H 'Content-Type: application/json' \
  -d "{\"username\":\"station-$town\",\"password\":\"$password\"}" "http://127.0.0.1:$port/api/v1/session" |
  sed -n 's/.*"token": *"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "bench: login failed"; exit 1; }
path="/api/v1/households?division=$town&limit=50"
mkdir -p "$tmp/www"
code=$(curl -s -o "$tmp/www/households.json" -w '%{http_code}' --max-time 5 -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$port$path")
[ "$code" = 200 ] || { echo "bench: $path answered $code"; exit 1; }
body_bytes=$(wc -c < "$tmp/www/households.json")
items=$(grep -o '"household_no"' "$tmp/www/households.json" | wc -l)
echo "   $path: $body_bytes bytes, $items households"

nport=$(free_port $((port + 1)))
mkdir -p "$tmp/nginx"
cat > "$tmp/nginx/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  types { application/json json; }
  server {
    listen 127.0.0.1:$nport;
    root $tmp/www;
    location = /households { try_files /households.json =404; default_type application/json; }
  }
}
EOF
chmod 755 "$tmp" "$tmp/www"  # nginx's workers run as nobody when started by root
nginx -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" &
nginx_pid=$!
wait_ready "http://127.0.0.1:$nport/households"
curl -s -o "$tmp/nginx/check.json" --max-time 5 "http://127.0.0.1:$nport/households"
cmp -s "$tmp/www/households.json" "$tmp/nginx/check.json" || { echo "bench: nginx serves a different body"; exit 1; }

# Runs wrk; prints "requests/s p50_ms p99_ms"; fails when any answer was not 2xx.
run_wrk() { # $1: duration in seconds, $2: url, then extra wrk arguments
  d=$1; u=$2; shift 2
  wrk -t"$wrk_threads" -c"$wrk_conns" -d"${d}s" --latency "$@" "$u" > "$tmp/wrk.txt"
  if grep -q "Non-2xx" "$tmp/wrk.txt"; then cat "$tmp/wrk.txt" >&2; echo "bench: errors from $u" >&2; return 1; fi
  awk '/Requests\/sec:/ { rps = $2 }
       function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
       $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
       END { printf "%.0f %.2f %.2f\n", rps, p50, p99 }' "$tmp/wrk.txt"
}

ours_url="http://127.0.0.1:$port$path"
nginx_url="http://127.0.0.1:$nport/households"
run_wrk 3 "$ours_url" -H "Authorization: Bearer $token" >/dev/null  # warm-up
run_wrk 3 "$nginx_url" >/dev/null
ours_rps=""; nginx_rps=""; ours_p99=""; nginx_p99=""; ours_p50=""; nginx_p50=""
for i in $(seq 1 "$reps"); do
  a=$(run_wrk "$seconds" "$ours_url" -H "Authorization: Bearer $token")
  b=$(run_wrk "$seconds" "$nginx_url")
  # shellcheck disable=SC2086 # three numbers each
  set -- $a $b
  ours_rps="$ours_rps $1"; ours_p50="$ours_p50 $2"; ours_p99="$ours_p99 $3"
  nginx_rps="$nginx_rps $4"; nginx_p50="$nginx_p50 $5"; nginx_p99="$nginx_p99 $6"
  echo "   round $i: waystation $1 req/s, nginx $4 req/s"
done
# shellcheck disable=SC2086
{
  http_ours=$(median $ours_rps); http_nginx=$(median $nginx_rps)
  p50_ours=$(median $ours_p50); p50_nginx=$(median $nginx_p50)
  p99_ours=$(median $ours_p99); p99_nginx=$(median $nginx_p99)
}
http_ratio=$(ratio "$http_ours" "$http_nginx")

# ---- report ---------------------------------------------------------------------------------------

verdict() { awk -v r="$1" -v t="$2" -v dir="$3" 'BEGIN { ok = dir == "max" ? r <= t : r >= t; print ok ? "met" : "MISSED" }'; }
import_verdict=$(verdict "$import_ratio" 3 max)
http_verdict=$(verdict "$http_ratio" 0.5 min)

echo
printf '%-40s %14s %14s %8s  %s\n' "benchmark" "waystation" "reference" "ratio" "target"
printf '%-40s %13ss %13ss %8s  %s\n' "import $households households ($rows rows)" "$import_ours" "$import_sqlite" \
  "$import_ratio" "<= 3 ($import_verdict; reference: sqlite3 .import)"
printf '%-40s %10s r/s %10s r/s %8s  %s\n' "GET households?division&limit=50" "$http_ours" "$http_nginx" "$http_ratio" \
  ">= 0.5 ($http_verdict; reference: nginx, static file)"
printf '%-40s %11s ms %11s ms\n' "  latency p50 / p99" "$p50_ours/$p99_ours" "$p50_nginx/$p99_nginx"

cat > "$out/results.json" <<EOF
{
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "machine": {"nproc": $(nproc), "cpu": "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)",
              "mem_kib": $(awk '/^MemTotal/ { print $2 }' /proc/meminfo)},
  "versions": {"sqlite3": "$(sqlite3 --version | cut -d' ' -f1)", "nginx": "$(nginx -v 2>&1 | sed 's/.*nginx\///')",
               "wrk": "$(wrk -v 2>&1 | head -n 1 | cut -d' ' -f2)"},
  "import": {"households": $households, "rows": $rows, "csv_bytes": $(wc -c < "$csv"), "runs": $reps,
             "waystation_s": [$(commas "$ours_times")], "sqlite3_s": [$(commas "$sqlite_times")],
             "waystation_median_s": $import_ours, "sqlite3_median_s": $import_sqlite,
             "ratio": $import_ratio, "target_max": 3, "met": $([ "$import_verdict" = met ] && echo true || echo false)},
  "http": {"path": "$path", "body_bytes": $body_bytes, "wrk": "-t$wrk_threads -c$wrk_conns -d${seconds}s",
           "rounds": $reps, "waystation_rps": [$(commas "$ours_rps")],
           "nginx_rps": [$(commas "$nginx_rps")], "waystation_median_rps": $http_ours,
           "nginx_median_rps": $http_nginx, "waystation_p50_ms": $p50_ours, "waystation_p99_ms": $p99_ours,
           "nginx_p50_ms": $p50_nginx, "nginx_p99_ms": $p99_nginx,
           "ratio": $http_ratio, "target_min": 0.5, "met": $([ "$http_verdict" = met ] && echo true || echo false)}
}
EOF
echo
echo "Wrote $out/results.json"
