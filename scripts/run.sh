#!/bin/sh
# run.sh: what `make run` does after building: create the demo database on first start, then serve.
# PORT (default 8080) or WAYSTATION_LISTEN (host:port) choose where to listen.
set -eu
cd "$(dirname "$0")/.."
db=${WAYSTATION_DB:-var/waystation.db}
if [ ! -f "$db" ]; then
  bin/waystation init --db "$db"
  bin/waystation demo --db "$db"
else
  echo "Using $db. Demo accounts: admin, auditor, county-<code> (e.g. county-371002),"
  echo "station-<town code> (e.g. station-371002001); their passwords were printed when the database was"
  echo "created. Reset one with: bin/waystation user passwd NAME --db $db"
fi
exec bin/waystation serve --db "$db" --listen "${WAYSTATION_LISTEN:-127.0.0.1:${PORT:-8080}}"
