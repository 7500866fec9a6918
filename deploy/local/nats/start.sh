#!/usr/bin/env bash
# Starts the project's own NATS server with JetStream on 127.0.0.1:PORT (argument; default 4222) in the
# background: store, pid, port and log in .local/nats/. Idempotent: this checkout's running server is left
# alone. Stop it with stop.sh (the stored streams are kept).
set -euo pipefail
# shellcheck source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

port="${1:-$NATS_DEFAULT_PORT}"
host=127.0.0.1
WAIT_SECONDS=20

cp_lock "$NATS_DATA"
if pid="$(nats_pid_of_ours)"; then
  running_port="$(cat "$NATS_PORT_FILE" 2>/dev/null || echo '?')"
  [ "$running_port" = "$port" ] || cp_die "this checkout's NATS already runs on $host:$running_port (pid $pid), not $port. Set NATS_URL=nats://$host:$running_port, or stop it first: bash deploy/local/nats/stop.sh"
  nats_probe "$host" "$port" && { cp_say "NATS is already running at $host:$port (pid $pid; log $NATS_LOG)"; exit 0; }
else
  rm -f "$NATS_PID_FILE"
  pid=""
  cp_tcp_open "$host" "$port" && cp_die "$host:$port is in use by another process (not this checkout's NATS), so the local NATS cannot start there. Free it, or set NATS_URL to a running NATS server."
fi

if [ -z "$pid" ]; then
  bin="$(nats_binary)" || cp_die "nats-server is not installed (Debian: apt-get install nats-server), or set NATS_URL to a reachable server."
  mkdir -p "$NATS_STORE"
  [ -f "$NATS_LOG" ] && mv -f "$NATS_LOG" "$NATS_LOG.1"
  printf '%s\n' "$port" >"$NATS_PORT_FILE"
  # Own session (setsid): Ctrl-C in the terminal that ran `npm start` does not stop it. 9>&-: the lock stays here.
  launcher=()
  command -v setsid >/dev/null 2>&1 && launcher=(setsid)
  "${launcher[@]}" bash -c 'echo $$ >"$0"; shift; exec "$@"' "$NATS_PID_FILE" \
    nohup "$bin" -a "$host" -p "$port" -js -sd "$NATS_STORE" -n "chargeplane-local-$port" \
    </dev/null >"$NATS_LOG" 2>&1 9>&- &
  for _ in $(seq 50); do [ -s "$NATS_PID_FILE" ] && break; sleep 0.1; done
  pid="$(tr -dc '0-9' <"$NATS_PID_FILE" 2>/dev/null || true)"
  [ -n "$pid" ] || cp_die "nats-server did not start (no pid written); see $NATS_LOG."
fi

deadline=$((SECONDS + WAIT_SECONDS))
until nats_probe "$host" "$port"; do
  if ! cp_alive "$pid"; then
    rm -f "$NATS_PID_FILE"
    tail -n 20 "$NATS_LOG" >&2 2>/dev/null || true
    cp_die "nats-server exited during startup (log above; full: $NATS_LOG)."
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    rm -f "$NATS_PID_FILE"
    cp_die "nats-server did not answer on $host:$port within $WAIT_SECONDS s; it was stopped (log: $NATS_LOG)."
  fi
  sleep 0.2
done
cp_say "started NATS with JetStream at $host:$port (pid $pid; store $NATS_STORE; log $NATS_LOG; stop: bash deploy/local/nats/stop.sh)"
