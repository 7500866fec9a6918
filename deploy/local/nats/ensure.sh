#!/usr/bin/env bash
# Makes sure NATS with JetStream answers at NATS_URL (default nats://127.0.0.1:4222) before services or tests
# need it. If a NATS server answers there, it is used. Otherwise, when the address is this machine's loopback
# and a nats-server binary is installed, the project's own server is started on that port (start.sh);
# otherwise it fails and says how to provide one.
set -euo pipefail
# shellcheck source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

url="${NATS_URL:-nats://127.0.0.1:$NATS_DEFAULT_PORT}"
cp_parse_url "$url" "$NATS_DEFAULT_PORT" || cp_die "NATS_URL='$url': expected nats://host:port, e.g. nats://127.0.0.1:4222."

if nats_probe "$URL_HOST" "$URL_PORT"; then
  cp_say "using NATS at $URL_HOST:$URL_PORT"
  exit 0
fi
if cp_tcp_open "$URL_HOST" "$URL_PORT"; then
  cp_die "NATS_URL=$url: $URL_HOST:$URL_PORT accepts connections but does not answer as NATS. Free that port, or set NATS_URL to a NATS server (with JetStream)."
fi
if cp_is_loopback "$URL_HOST" && nats_binary >/dev/null; then
  exec bash "$(dirname "${BASH_SOURCE[0]}")/start.sh" "$URL_PORT"
fi
cp_die "no NATS at NATS_URL=$url. Start one with JetStream enabled, e.g.
    nats-server -js -a 127.0.0.1 -p 4222
  (Debian: apt-get install nats-server; with it installed, npm start and npm test start a project-local
  one under .local/nats when NATS_URL points at 127.0.0.1), or set NATS_URL to a reachable server."
