#!/bin/sh
# run.sh: what `make bench` does after building: the benchmarks on this machine, a table on stdout and
# bench/out/results.json (bench/RESULTS.md explains the figures).
# Usage: bench/run.sh [import] [http] [score] [suggest] [referrals] [screen] [feeds]   (no argument: all of them; the table
# and results.json then hold only those that ran)
#   import  `waystation import households` of a generated CSV (BENCH_HOUSEHOLDS households, default
#           100000, over every town) into a fresh database, against the sqlite3 shell's `.import` of the
#           same file into a plain table of a new database; the median of BENCH_REPS runs (default 3).
#   http    wrk against GET /api/v1/households?division=<town>&limit=50 (Bearer token, demo database of
#           5000 households), against nginx serving the same body as a static file; same wrk parameters,
#           the median of BENCH_REPS rounds of BENCH_SECONDS seconds (default 10) after a warm-up.
#   score   scoring and ranking BENCH_SCORE_HOUSEHOLDS households (default 1000000) x 52 indicators in one
#           process (build/bench/score_rank: core_hindex_score, core_rank_key_from, core_rank_sort), against
#           the same computation in NumPy (bench/score_rank_numpy.py, Debian's python3-numpy under
#           BENCH_PYTHON, default /usr/bin/python3) and against a lower bound that only reads the answers
#           once and sorts trivial keys; medians of BENCH_SCORE_REPS runs (default 5). Both sides must
#           produce the same ranking of household ids.
#   suggest suggesting providers for stated needs (build/bench/suggest) in a demo database of
#           BENCH_SUGGEST_HOUSEHOLDS households (default 10000) filled up to BENCH_SUGGEST_PROVIDERS providers
#           (default 10000) and BENCH_SUGGEST_REFERRALS open referrals (default 200000); mean, p50 and p99
#           of BENCH_SUGGEST_CALLS suggestions (default 5000) for random needs, target a mean under 10 ms.
#   referrals concurrent referral transitions over HTTP (bench/referrals.mjs under node) against the same
#           database as suggest (made here when suggest did not run): BENCH_REFERRALS referrals (default
#           2000) each accepted by two sessions at once (exactly one 200, one 409), then started and
#           delivered, over BENCH_REFERRAL_CONNECTIONS keep-alive connections (default 16).
#   screen  eligibility screening (build/bench/screen): BENCH_SCREEN_HOUSEHOLDS synthetic households (default
#           1000000) against 100 JsonLogic rules, three-valued, on one core, against a lower bound of the same
#           rules written by hand in C over a struct (every result must agree); target under 10 s; also one
#           household's page (100 rules with reasons).
#   feeds   ingesting BENCH_FEEDS monitoring records (default 1000000; build/bench/feeds) through the real
#           import in files of 100,000, over BENCH_FEED_HOUSEHOLDS synthetic households (default 20000; one
#           record in 10 about a registered head, so the default alert rules run), against a prepared-
#           statement insert of the same rows into a plain table; target under 30 s.
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
score_households=${BENCH_SCORE_HOUSEHOLDS:-1000000}
score_reps=${BENCH_SCORE_REPS:-5}
python=${BENCH_PYTHON:-/usr/bin/python3}
score_bin="$root/build/bench/score_rank"
suggest_bin="$root/build/bench/suggest"
suggest_households=${BENCH_SUGGEST_HOUSEHOLDS:-10000}
suggest_providers=${BENCH_SUGGEST_PROVIDERS:-10000}
suggest_referrals=${BENCH_SUGGEST_REFERRALS:-200000}
suggest_calls=${BENCH_SUGGEST_CALLS:-5000}
referral_count=${BENCH_REFERRALS:-2000}
referral_conns=${BENCH_REFERRAL_CONNECTIONS:-16}
screen_bin="$root/build/bench/screen"
screen_households=${BENCH_SCREEN_HOUSEHOLDS:-1000000}
feeds_bin="$root/build/bench/feeds"
feeds_records=${BENCH_FEEDS:-1000000}
feeds_households=${BENCH_FEED_HOUSEHOLDS:-20000}
wrk_threads=2
wrk_conns=32
password="bench-password-$$"

targets=${*:-import http score suggest referrals screen feeds}
for t in $targets; do
  case "$t" in
    import|http|score|suggest|referrals|screen|feeds) ;;
    *) echo "usage: bench/run.sh [import] [http] [score] [suggest] [referrals] [screen] [feeds]" >&2; exit 2 ;;
  esac
done
want() { case " $targets " in *" $1 "*) return 0 ;; esac; return 1; }

if want import || want http; then
  for tool in sqlite3 wrk nginx curl; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is missing (run: make bench)"; exit 1; }
  done
  if [ ! -x "$bin" ] || [ ! -x "$gen" ]; then echo "bench: build first (make bench)"; exit 1; fi
fi
if want score; then
  [ -x "$score_bin" ] || { echo "bench: build first (make bench)"; exit 1; }
  "$python" -c 'import numpy' 2>/dev/null || { echo "bench: $python cannot import numpy (run: make bench)"; exit 1; }
fi
if want suggest || want referrals; then
  [ -x "$suggest_bin" ] && [ -x "$bin" ] || { echo "bench: build first (make bench)"; exit 1; }
fi
if want screen; then
  [ -x "$screen_bin" ] || { echo "bench: build first (make bench)"; exit 1; }
fi
if want feeds; then
  [ -x "$feeds_bin" ] || { echo "bench: build first (make bench)"; exit 1; }
fi
if want referrals; then
  for tool in node curl sqlite3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is missing (run: make bench)"; exit 1; }
  done
fi

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

if want import || want http; then
  "$bin" init --db "$tmp/towns.db" >/dev/null
  sqlite3 "$tmp/towns.db" "select code from divisions where level = 'town' order by code" > "$tmp/towns.txt"
fi

# ---- 1. import ------------------------------------------------------------------------------------

if want import; then
echo "== import: $households households, median of $reps runs"
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
fi

# ---- 2. http --------------------------------------------------------------------------------------

if want http; then

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
fi

# ---- 3. score -------------------------------------------------------------------------------------

if want score; then
echo "== score: $score_households households x 52 indicators, median of $score_reps runs"
# The answers for NumPy (about 72 bytes a household) and the C ranking go to bench/out, removed after.
"$score_bin" "$score_households" "$seed" "$score_reps" "$out" > "$tmp/score.txt" || { cat "$tmp/score.txt"; exit 1; }
grep -v '^result' "$tmp/score.txt" | sed 's/^/   /'
if ! "$python" "$root/bench/score_rank_numpy.py" "$out" "$score_reps" > "$tmp/numpy.txt"; then
  cat "$tmp/numpy.txt"
  rm -f "$out/score_rank.bin" "$out/score_rank.ranked"
  exit 1
fi
grep -v '^result' "$tmp/numpy.txt" | sed 's/^/   /'
rm -f "$out/score_rank.bin" "$out/score_rank.ranked"
result_field() { sed -n "s/^result.* $1=\([^ ]*\).*/\1/p" "$2"; }
score_full=$(result_field full_s "$tmp/score.txt")
score_scoring=$(result_field scoring_s "$tmp/score.txt")
score_sort=$(result_field sort_s "$tmp/score.txt")
score_lower=$(result_field lower_s "$tmp/score.txt")
score_numpy=$(result_field numpy_s "$tmp/numpy.txt")
numpy_version=$(result_field numpy "$tmp/numpy.txt")
c_sum=$(result_field checksum "$tmp/score.txt")
py_sum=$(result_field checksum "$tmp/numpy.txt")
if [ -z "$c_sum" ] || [ "$c_sum" != "$py_sum" ]; then echo "bench: rankings differ (checksums $c_sum, $py_sum)"; exit 1; fi
score_numpy_ratio=$(ratio "$score_full" "$score_numpy")
score_lower_ratio=$(ratio "$score_full" "$score_lower")
score_full_all=$(sed -n 's/^run .*: full \([0-9.]*\) s.*/\1/p' "$tmp/score.txt" | tr '\n' ' ' | sed 's/ *$//')
score_lower_all=$(sed -n 's/^run .*lower bound \([0-9.]*\) s.*/\1/p' "$tmp/score.txt" | tr '\n' ' ' | sed 's/ *$//')
score_numpy_all=$(sed -n 's/^run .*: numpy \([0-9.]*\) s.*/\1/p' "$tmp/numpy.txt" | tr '\n' ' ' | sed 's/ *$//')
fi

# ---- 4. suggest ------------------------------------------------------------------------------------

if want suggest; then
echo "== suggest: $suggest_calls suggestions, $suggest_providers providers, $suggest_referrals open referrals"
"$bin" init --db "$tmp/suggest.db" >/dev/null
WAYSTATION_DEMO_PASSWORD="$password" "$bin" demo --db "$tmp/suggest.db" --households "$suggest_households" >/dev/null
"$suggest_bin" "$tmp/suggest.db" "$suggest_providers" "$suggest_referrals" "$suggest_calls" "$seed" \
  > "$tmp/suggest.txt" || { cat "$tmp/suggest.txt"; exit 1; }
grep -v '^result' "$tmp/suggest.txt" | sed 's/^/   /'
suggest_mean=$(sed -n 's/^result.* mean_ms=\([^ ]*\).*/\1/p' "$tmp/suggest.txt")
suggest_p50=$(sed -n 's/^result.* p50_ms=\([^ ]*\).*/\1/p' "$tmp/suggest.txt")
suggest_p99=$(sed -n 's/^result.* p99_ms=\([^ ]*\).*/\1/p' "$tmp/suggest.txt")
suggest_cands=$(sed -n 's/^result.* candidates=\([^ ]*\).*/\1/p' "$tmp/suggest.txt")
fi

# ---- 5. referrals ----------------------------------------------------------------------------------

if want referrals; then
echo "== referrals: $referral_count referrals, $referral_conns connections"
if ! want suggest; then
  "$bin" init --db "$tmp/suggest.db" >/dev/null
  WAYSTATION_DEMO_PASSWORD="$password" "$bin" demo --db "$tmp/suggest.db" --households "$suggest_households" >/dev/null
  "$suggest_bin" "$tmp/suggest.db" "$suggest_providers" "$suggest_referrals" 1 "$seed" > "$tmp/suggest.txt" ||
    { cat "$tmp/suggest.txt"; exit 1; }
fi
rport=$(free_port 18580)
WAYSTATION_QUIET=1 "$bin" serve --db "$tmp/suggest.db" --listen "127.0.0.1:$rport" > "$tmp/referrals-server.log" 2>&1 &
server_pid=$!
wait_ready "http://127.0.0.1:$rport/healthz"
node "$root/bench/referrals.mjs" "http://127.0.0.1:$rport" "$password" "$referral_count" "$referral_conns" \
  > "$tmp/referrals.txt" || { cat "$tmp/referrals.txt"; exit 1; }
kill "$server_pid" && wait "$server_pid" 2>/dev/null
server_pid=""
grep -v '^result' "$tmp/referrals.txt" | sed 's/^/   /'
referral_field() { sed -n "s/^result.* $1=\([^ ]*\).*/\1/p" "$tmp/referrals.txt"; }
race_tps=$(referral_field race_tps); race_p99=$(referral_field race_p99_ms)
deliver_tps=$(referral_field deliver_tps); deliver_p99=$(referral_field deliver_p99_ms)
open_referrals=$(sqlite3 "$tmp/suggest.db" "select count(*) from referrals where state in ('sent','accepted','in_service')")
fi

# ---- 6. screen -------------------------------------------------------------------------------------

if want screen; then
echo "== screen: $screen_households households x 100 rules, three-valued, one core"
"$screen_bin" "$screen_households" "$seed" > "$tmp/screen.txt" || { cat "$tmp/screen.txt"; exit 1; }
sed 's/^/   /' "$tmp/screen.txt"
screen_field() { sed -n "s/^$1 //p" "$tmp/screen.txt"; }
screen_s=$(screen_field screen_s)
screen_lower=$(screen_field lower_s)
screen_facts=$(screen_field facts_s)
screen_one_us=$(screen_field per_household_us)
screen_page_ms=$(screen_field explain_ms)
screen_ratio=$(ratio "$screen_s" "$screen_lower")
fi

# ---- report ---------------------------------------------------------------------------------------

verdict() { awk -v r="$1" -v t="$2" -v dir="$3" 'BEGIN { ok = dir == "max" ? r <= t : r >= t; print ok ? "met" : "MISSED" }'; }
json_bool() { [ "$1" = met ] && echo true || echo false; }
echo
printf '%-40s %14s %14s %8s  %s\n' "benchmark" "waystation" "reference" "ratio" "target"
if want import; then
  import_verdict=$(verdict "$import_ratio" 3 max)
  printf '%-40s %13ss %13ss %8s  %s\n' "import $households households ($rows rows)" "$import_ours" "$import_sqlite" \
    "$import_ratio" "<= 3 ($import_verdict; reference: sqlite3 .import)"
fi
if want http; then
  http_verdict=$(verdict "$http_ratio" 0.5 min)
  printf '%-40s %10s r/s %10s r/s %8s  %s\n' "GET households?division&limit=50" "$http_ours" "$http_nginx" \
    "$http_ratio" ">= 0.5 ($http_verdict; reference: nginx, static file)"
  printf '%-40s %11s ms %11s ms\n' "  latency p50 / p99" "$p50_ours/$p99_ours" "$p50_nginx/$p99_nginx"
fi
if want score; then
  score_numpy_verdict=$(verdict "$score_numpy_ratio" 1 max)
  score_lower_verdict=$(verdict "$score_lower_ratio" 3 max)
  score_second_verdict=$(verdict "$score_full" 1 max)
  printf '%-40s %13ss %13ss %8s  %s\n' "score and rank $score_households x 52" "$score_full" "$score_numpy" \
    "$score_numpy_ratio" "< 1 ($score_numpy_verdict; reference: NumPy $numpy_version, same ranking)"
  printf '%-40s %13ss %13ss %8s  %s\n' "  against the lower bound" "$score_full" "$score_lower" \
    "$score_lower_ratio" "<= 3 ($score_lower_verdict; reference: read the answers once, sort trivial keys)"
  printf '%-40s %14s %14s %8s  %s\n' "  scoring and keys / sort" "${score_scoring}s/${score_sort}s" "" "" \
    "whole < 1 s ($score_second_verdict)"
fi
if want suggest; then
  suggest_verdict=$(verdict "$suggest_mean" 10 max)
  printf '%-40s %11s ms %14s %8s  %s\n' "suggest providers for a need (mean)" "$suggest_mean" "" "" \
    "< 10 ms ($suggest_verdict; p50 $suggest_p50 ms, p99 $suggest_p99 ms, $suggest_cands candidates)"
fi
if want referrals; then
  printf '%-40s %9s tr/s %14s %8s  %s\n' "concurrent accept (two at once, one wins)" "$race_tps" "" "" \
    "p99 $race_p99 ms; $open_referrals open referrals"
  printf '%-40s %9s tr/s %14s %8s  %s\n' "  start and deliver" "$deliver_tps" "" "" "p99 $deliver_p99 ms"
fi
if want screen; then
  screen_verdict=$(verdict "$screen_s" 10 max)
  printf '%-40s %13ss %13ss %8s  %s\n' "screen $screen_households x 100 rules" "$screen_s" "$screen_lower" \
    "$screen_ratio" "< 10 s ($screen_verdict; reference: the rules by hand in C; facts as JSON ${screen_facts}s more)"
  printf '%-40s %11s us %11s ms\n' "  one household: 100 rules / with reasons" "$screen_one_us" "$screen_page_ms"
fi

if want feeds; then
  echo "== feeds: $feeds_records monitoring records over $feeds_households households, default alert rules"
  mkdir -p "$tmp/feeds"
  "$feeds_bin" "$feeds_records" "$feeds_households" "$seed" "$tmp/feeds" > "$tmp/feeds.txt" || { cat "$tmp/feeds.txt"; exit 1; }
  sed 's/^/   /' "$tmp/feeds.txt"
  feeds_s=$(sed -n 's/^ingest_s //p' "$tmp/feeds.txt")
  feeds_plain=$(sed -n 's/^plain_s //p' "$tmp/feeds.txt")
  feeds_raised=$(sed -n 's/^alerts_raised //p' "$tmp/feeds.txt")
  feeds_ratio=$(ratio "$feeds_s" "$feeds_plain")
  feeds_verdict=$(verdict "$feeds_s" 30 max)
  printf '%-40s %13ss %13ss %8s  %s\n' "feeds $feeds_records records + rules" "$feeds_s" "$feeds_plain" \
    "$feeds_ratio" "< 30 s ($feeds_verdict; reference: plain prepared insert; $feeds_raised alerts raised)"
  link_n=$(sed -n 's/^link_records //p' "$tmp/feeds.txt")
  link_s=$(sed -n 's/^link_s //p' "$tmp/feeds.txt")
  printf '%-40s %13ss %13s %8s  %s\n' "register 1 person with $link_n records" "$link_s" "-" "-" \
    "(no target: linking and evaluating them holds the writer; grows linearly)"
fi

{
  echo "{"
  echo "  \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\", \"benchmarks\": \"$targets\","
  echo "  \"machine\": {\"nproc\": $(nproc), \"cpu\": \"$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)\","
  echo "              \"mem_kib\": $(awk '/^MemTotal/ { print $2 }' /proc/meminfo)},"
  if want import || want http; then
    echo "  \"versions\": {\"sqlite3\": \"$(sqlite3 --version | cut -d' ' -f1)\", \"nginx\": \"$(nginx -v 2>&1 | sed 's/.*nginx\///')\","
    echo "               \"wrk\": \"$(wrk -v 2>&1 | head -n 1 | cut -d' ' -f2)\"},"
  fi
  if want import; then
    cat <<EOF
  "import": {"households": $households, "rows": $rows, "csv_bytes": $(wc -c < "$csv"), "runs": $reps,
             "waystation_s": [$(commas "$ours_times")], "sqlite3_s": [$(commas "$sqlite_times")],
             "waystation_median_s": $import_ours, "sqlite3_median_s": $import_sqlite,
             "ratio": $import_ratio, "target_max": 3, "met": $(json_bool "$import_verdict")},
EOF
  fi
  if want http; then
    cat <<EOF
  "http": {"path": "$path", "body_bytes": $body_bytes, "wrk": "-t$wrk_threads -c$wrk_conns -d${seconds}s",
           "rounds": $reps, "waystation_rps": [$(commas "$ours_rps")],
           "nginx_rps": [$(commas "$nginx_rps")], "waystation_median_rps": $http_ours,
           "nginx_median_rps": $http_nginx, "waystation_p50_ms": $p50_ours, "waystation_p99_ms": $p99_ours,
           "nginx_p50_ms": $p50_nginx, "nginx_p99_ms": $p99_nginx,
           "ratio": $http_ratio, "target_min": 0.5, "met": $(json_bool "$http_verdict")},
EOF
  fi
  if want score; then
    cat <<EOF
  "score": {"households": $score_households, "indicators": 52, "runs": $score_reps, "numpy": "$numpy_version",
            "waystation_s": [$(commas "$score_full_all")], "lower_bound_s": [$(commas "$score_lower_all")],
            "numpy_s": [$(commas "$score_numpy_all")], "waystation_median_s": $score_full,
            "scoring_and_keys_median_s": $score_scoring, "sort_median_s": $score_sort,
            "lower_bound_median_s": $score_lower, "numpy_median_s": $score_numpy, "ranking_checksum": $c_sum,
            "ratio_numpy": $score_numpy_ratio, "target_numpy_max": 1, "met_numpy": $(json_bool "$score_numpy_verdict"),
            "ratio_lower_bound": $score_lower_ratio, "target_lower_bound_max": 3,
            "met_lower_bound": $(json_bool "$score_lower_verdict"), "met_one_second": $(json_bool "$score_second_verdict")},
EOF
  fi
  if want suggest; then
    cat <<EOF
  "suggest": {"households": $suggest_households, "providers": $suggest_providers, "open_referrals": $suggest_referrals,
              "calls": $suggest_calls, "mean_ms": $suggest_mean, "p50_ms": $suggest_p50, "p99_ms": $suggest_p99,
              "candidates_mean": $suggest_cands, "target_max_ms": 10, "met": $(json_bool "$suggest_verdict")},
EOF
  fi
  if want referrals; then
    cat <<EOF
  "referrals": {"referrals": $referral_count, "connections": $referral_conns, "open_referrals_after": $open_referrals,
                "race_transitions_per_s": $race_tps, "race_p99_ms": $race_p99,
                "deliver_transitions_per_s": $deliver_tps, "deliver_p99_ms": $deliver_p99},
EOF
  fi
  if want screen; then
    cat <<EOF
  "screen": {"households": $screen_households, "rules": 100, "screen_s": $screen_s, "lower_bound_s": $screen_lower,
             "facts_json_s": $screen_facts, "per_household_us": $screen_one_us, "page_with_reasons_ms": $screen_page_ms,
             "ratio_lower_bound": $screen_ratio, "target_max_s": 10, "met": $(json_bool "$screen_verdict")},
EOF
  fi
  if want feeds; then
    cat <<EOF
  "feeds": {"records": $feeds_records, "households": $feeds_households, "ingest_s": $feeds_s, "plain_insert_s": $feeds_plain,
            "ratio_plain": $feeds_ratio, "alerts_raised": $feeds_raised, "target_max_s": 30, "met": $(json_bool "$feeds_verdict"),
            "link_records": $link_n, "link_s": $link_s},
EOF
  fi
  echo "  \"complete\": true"
  echo "}"
} > "$out/results.json"
echo
echo "Wrote $out/results.json"
