#!/usr/bin/env bash
# Starts the project's own PostgreSQL cluster on 127.0.0.1:PORT and makes sure ROLE and DATABASE exist
# (arguments; defaults 5432, postgres, chargeplane). The cluster lives in .local/postgres/data (initdb once,
# trust authentication, reachable only on 127.0.0.1 and its socket in .local/postgres/run); as root it runs as
# an unprivileged account (PG_OS_USER, default chargeplane, created when missing). Idempotent. Stop it with
# stop.sh (data kept).
set -euo pipefail
# shellcheck source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

port="${1:-$PG_DEFAULT_PORT}"
role="${2:-postgres}"
database="${3:-chargeplane}"
host=127.0.0.1
t0=$SECONDS

cp_lock "$PG_LOCAL"
bin="$(pg_bindir)" || cp_die "PostgreSQL's server binaries (initdb, pg_ctl, postgres) are not installed (Debian: apt-get install postgresql; or set PG_BIN to their directory), or set DATABASE_URL to a reachable server."
os_user="$(pg_os_user)"

if running="$(pg_running_port)"; then
  [ "$running" = "$port" ] || cp_die "this checkout's PostgreSQL already runs on $host:$running, not $port. Set DATABASE_URL to port $running, or stop it first: bash deploy/local/postgres/stop.sh"
  started=""
else
  cp_tcp_open "$host" "$port" && cp_die "$host:$port is in use by another process (not this checkout's PostgreSQL), so the local cluster cannot start there. Free it, or set DATABASE_URL to a running PostgreSQL."
  if [ "$(id -u)" -eq 0 ] && ! id "$os_user" >/dev/null 2>&1; then
    command -v useradd >/dev/null 2>&1 || cp_die "running as root, PostgreSQL needs an unprivileged account: create '$os_user' (or set PG_OS_USER to an existing one)."
    useradd --system --no-create-home --home-dir "$PG_LOCAL" --shell /usr/sbin/nologin "$os_user" \
      || cp_die "could not create the account '$os_user' for PostgreSQL (set PG_OS_USER to an existing unprivileged account)."
    cp_say "created the system account '$os_user' to run the local PostgreSQL (root may not)"
  fi
  mkdir -p "$PG_LOCAL" "$PG_SOCKETS"
  [ "$(id -u)" -eq 0 ] && chown "$os_user" "$PG_LOCAL" "$PG_SOCKETS"
  pg_as "$os_user" test -w "$PG_LOCAL" || cp_die "the account '$os_user' cannot write $PG_LOCAL (every directory above it must be searchable by it); set PG_OS_USER or move the checkout."
  if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    rm -rf "$PG_DATA"
    pg_as "$os_user" "$bin/initdb" -D "$PG_DATA" -U "$role" --auth=trust -E UTF8 --no-locale >"$PG_LOCAL/initdb.log" 2>&1 \
      || { tail -n 20 "$PG_LOCAL/initdb.log" >&2; cp_die "initdb failed (log above; full: $PG_LOCAL/initdb.log)."; }
    printf '%s\n' "$role" >"$PG_SUPERUSER_FILE"
    cp_say "created a PostgreSQL cluster in $PG_DATA (superuser $role, trust authentication on 127.0.0.1 only)"
  fi
  # The socket path must fit in 107 bytes; a deep checkout goes without one (TCP only).
  sockets="$PG_SOCKETS"
  [ "${#PG_SOCKETS}" -le 90 ] || sockets=""
  [ -f "$PG_LOG" ] && mv -f "$PG_LOG" "$PG_LOG.1" && [ "$(id -u)" -eq 0 ] && chown "$os_user" "$PG_LOG.1"
  # Own session (setsid): Ctrl-C in the terminal that ran `npm start` does not stop it. 9>&-: the lock stays here.
  setsid bash -c "$(declare -f pg_as); pg_as \"\$@\"" _ "$os_user" "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 \
    -o "-k '$sockets' -p $port -c listen_addresses=$host" start >/dev/null 9>&- \
    || { tail -n 20 "$PG_LOG" >&2 2>/dev/null || true; cp_die "PostgreSQL did not start on $host:$port (log above; full: $PG_LOG)."; }
  started=1
fi

# The URL's role and database, created when missing (through the superuser initdb made).
superuser="$(cat "$PG_SUPERUSER_FILE" 2>/dev/null || echo "$role")"
psql=("$bin/psql" -h "$host" -p "$port" -X -q -v ON_ERROR_STOP=1 -At)
if [ "$superuser" != "$role" ] && [ -z "$("${psql[@]}" -U "$superuser" -d postgres -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" ]; then
  "${psql[@]}" -U "$superuser" -d postgres -c "CREATE ROLE \"$role\" LOGIN SUPERUSER" || cp_die "could not create the role '$role'."
  cp_say "created the role '$role'"
fi
if [ -z "$("${psql[@]}" -U "$superuser" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" ]; then
  "${psql[@]}" -U "$superuser" -d postgres -c "CREATE DATABASE \"$database\" OWNER \"$role\"" || cp_die "could not create the database '$database'."
  cp_say "created the database '$database'"
fi
if [ -n "$started" ]; then
  cp_say "started PostgreSQL at $host:$port in $((SECONDS - t0)) s (data $PG_DATA; log $PG_LOG; stop: bash deploy/local/postgres/stop.sh)"
else
  cp_say "PostgreSQL is already running at $host:$port (data $PG_DATA)"
fi
