#!/usr/bin/env bash
# Stops the project's own PostgreSQL cluster started by start.sh (pg_ctl stop -m fast). Data in
# .local/postgres/data is kept. Never touches any other PostgreSQL. Safe when nothing runs.
set -euo pipefail
# shellcheck source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

cp_lock "$PG_LOCAL"
if ! port="$(pg_running_port)"; then
  cp_say "the local PostgreSQL is not running"
  exit 0
fi
bin="$(pg_bindir)" || cp_die "pg_ctl not found to stop the cluster in $PG_DATA (set PG_BIN)."
pg_as "$(pg_os_user)" "$bin/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null \
  || cp_die "pg_ctl could not stop the cluster in $PG_DATA (log: $PG_LOG)."
cp_say "local PostgreSQL stopped (port $port); data kept in $PG_DATA"
