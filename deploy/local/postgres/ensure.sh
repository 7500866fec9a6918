#!/usr/bin/env bash
# Makes sure PostgreSQL answers at DATABASE_URL (default postgres://postgres@127.0.0.1:5432/chargeplane) before
# services or tests need it. If a server answers there, it is used. Otherwise, when the address is this
# machine's loopback and PostgreSQL's server binaries (initdb, pg_ctl) are installed, the project's own cluster
# is started on that port with the URL's role and database (start.sh); otherwise it fails and says how to
# provide one.
set -euo pipefail
# shellcheck source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

url="${DATABASE_URL:-postgres://postgres@127.0.0.1:$PG_DEFAULT_PORT/chargeplane}"
cp_parse_url "$url" "$PG_DEFAULT_PORT" || cp_die "DATABASE_URL='$url': expected postgres://user@host:port/database."

if pg_probe "$URL_HOST" "$URL_PORT"; then
  cp_say "using PostgreSQL at $URL_HOST:$URL_PORT"
  exit 0
fi
if cp_tcp_open "$URL_HOST" "$URL_PORT"; then
  cp_die "DATABASE_URL=$url: $URL_HOST:$URL_PORT accepts connections but does not answer as PostgreSQL. Free that port, or set DATABASE_URL to a PostgreSQL server."
fi
if cp_is_loopback "$URL_HOST" && pg_bindir >/dev/null; then
  exec bash "$(dirname "${BASH_SOURCE[0]}")/start.sh" "$URL_PORT" "${URL_USER:-postgres}" "${URL_PATH:-chargeplane}"
fi
cp_die "no PostgreSQL at DATABASE_URL=$url. Start PostgreSQL (e.g. pg_ctlcluster 15 main start)
  or set DATABASE_URL to a reachable server (any existing role with trust or password auth). With the server
  binaries installed (Debian: apt-get install postgresql), npm start and npm test start a project-local
  cluster under .local/postgres when DATABASE_URL points at 127.0.0.1."
