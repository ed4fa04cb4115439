#!/bin/sh
# deps.sh: installs what Waystation needs and the machine lacks, so that a fresh Debian 12 needs only
# `make run` or `make test`. Usage: scripts/deps.sh run|test|bench
#   run:   compiler, -dev libraries, node and npm, and the front end's npm packages (from the lock file)
#   test:  the above, plus cmocka, chromium, CJK fonts, the browser-test packages and python3-jsonschema (which
#          validates the HSDS export against the standard's JSON Schema)
#   bench: the above, plus wrk, nginx, the sqlite3 shell, curl, and python3-numpy for the NumPy reference of
#          the score benchmark
# As root it uses apt-get; otherwise it prints the command to run and stops.
set -eu
mode=${1:-run}
cd "$(dirname "$0")/.."

# zlib1g-dev: libxlsxwriter's pkg-config file links -lz, but libxlsxwriter-dev does not bring it.
pkgs="make gcc libc6-dev pkg-config ca-certificates libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev libcsv-dev libxlsxwriter-dev zlib1g-dev"
case "$mode" in
  test)  pkgs="$pkgs libcmocka-dev chromium fonts-noto-cjk python3-jsonschema" ;;
  bench) pkgs="$pkgs wrk nginx-light sqlite3 curl python3-numpy" ;;
esac
command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs"
command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"

missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# A node from elsewhere (not Debian's package) counts as present.
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "deps: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends $missing >/dev/null
  else
    echo "deps: missing Debian packages:$missing"
    echo "deps: run  sudo apt-get install$missing  and then this command again"
    exit 1
  fi
fi

# npm packages from the committed lock files; reinstalled only when a lock file changed.
npm_ci() {
  dir=$1
  stamp="$dir/node_modules/.lock-stamp"
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    echo "deps: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
}
npm_ci web
[ "$mode" = test ] && npm_ci tests
exit 0
