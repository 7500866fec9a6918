# shellcheck shell=bash
# Shared by start.sh, stop.sh and ensure.sh (sourced, never run): the project-local NATS server's paths and
# helpers. Everything it writes lives in .local/nats/ (git-ignored).
# shellcheck source=../server-lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/server-lib.sh"

NATS_DATA="$CP_LOCAL_ROOT/.local/nats"
NATS_STORE="$NATS_DATA/jetstream"      # JetStream file store
NATS_PID_FILE="$NATS_DATA/nats.pid"
NATS_PORT_FILE="$NATS_DATA/port"       # the port it was started on
NATS_LOG="$NATS_DATA/nats.log"
NATS_DEFAULT_PORT=4222

# nats_binary: prints the nats-server to use (NATS_SERVER_BIN, then PATH, then the Debian location).
nats_binary() {
  local candidate
  for candidate in "${NATS_SERVER_BIN:-}" "$(command -v nats-server 2>/dev/null || true)" /usr/sbin/nats-server /usr/local/bin/nats-server; do
    [ -n "$candidate" ] && [ -x "$candidate" ] && { printf '%s\n' "$candidate"; return 0; }
  done
  return 1
}

# nats_probe HOST PORT: true when HOST:PORT talks NATS (a server greets every client with `INFO {...}`).
nats_probe() {
  [ "$(cp_probe "$1" "$2" 'head -c 4 <&3')" = "INFO" ]
}

# nats_pid_of_ours: the pid of this checkout's server (alive, and its command line names our store), else 1.
nats_pid_of_ours() {
  local pid
  [ -s "$NATS_PID_FILE" ] || return 1
  pid="$(tr -dc '0-9' <"$NATS_PID_FILE")"
  [ -n "$pid" ] && cp_alive "$pid" || return 1
  case "$(cp_cmdline "$pid")" in *nats-server*"$NATS_STORE"*) printf '%s\n' "$pid" ;; *) return 1 ;; esac
}
