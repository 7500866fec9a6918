#!/usr/bin/env bash
# Stops the project's own NATS server started by start.sh (SIGTERM, up to 15 s, then SIGKILL). The JetStream
# store in .local/nats/jetstream is kept. Never touches any other NATS server. Safe when nothing runs.
set -euo pipefail
# shellcheck source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

cp_lock "$NATS_DATA"
if ! pid="$(nats_pid_of_ours)"; then
  rm -f "$NATS_PID_FILE"
  cp_say "the local NATS is not running"
  exit 0
fi
kill -TERM "$pid" 2>/dev/null || true
for _ in $(seq 75); do cp_alive "$pid" || break; sleep 0.2; done
if cp_alive "$pid"; then
  cp_say "NATS (pid $pid) did not exit within 15 s of SIGTERM; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
fi
rm -f "$NATS_PID_FILE"
cp_say "local NATS stopped (pid $pid); store kept in $NATS_STORE"
