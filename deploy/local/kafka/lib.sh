# shellcheck shell=bash
# Shared by start.sh, stop.sh and ensure.sh (sourced, never run). Defines the local Kafka's paths and a
# few helpers. Paths are absolute and derived from this file's location, so callers work from any cwd. A second
# broker (the fault drill's) takes its data directory and ports from CP_KAFKA_DIR, CP_KAFKA_PORT and
# CP_KAFKA_CONTROLLER_PORT.

KAFKA_HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"   # deploy/local/kafka
KAFKA_ROOT="$(cd "$KAFKA_HOME_DIR/../../.." && pwd)"              # repository root
KAFKA_LIBS="$KAFKA_ROOT/.tools/kafka/libs"                        # jars (git-ignored)
KAFKA_DATA="${CP_KAFKA_DIR:-$KAFKA_ROOT/.local/kafka}"            # data, pid, log, cluster id (git-ignored)
KAFKA_PID_FILE="$KAFKA_DATA/broker.pid"
KAFKA_LOG="$KAFKA_DATA/broker.log"
KAFKA_CONF="$KAFKA_DATA/server.properties"
KAFKA_HOST=127.0.0.1
KAFKA_PORT="${CP_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${CP_KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_VERSION=3.9.1

# Same message format as cp_die in deploy/local/setup.sh; reuse it when a caller already sourced setup.sh.
if ! declare -F cp_die >/dev/null; then
  cp_die() { printf '\nchargeplane: %s\n' "$*" >&2; exit 1; }
fi
kafka_say() { printf 'chargeplane: %s\n' "$*" >&2; }

# kafka_tcp_open HOST PORT: true when HOST:PORT accepts a TCP connection within 2 s (bash /dev/tcp).
kafka_tcp_open() {
  local limit=()
  command -v timeout >/dev/null 2>&1 && limit=(timeout 2)
  "${limit[@]}" bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
}

# kafka_probe HOST PORT: true when HOST:PORT answers a Kafka ApiVersions v0 request (correlation id 1)
# within 3 s. Stricter than a bare TCP connect, which some networks (transparent proxies, sandboxes) accept
# for any address. Request: size 14 | api_key 18 | api_version 0 | correlation_id 1 | client_id "ping".
kafka_probe() {
  local reply limit=()
  command -v timeout >/dev/null 2>&1 && limit=(timeout 3)
  reply="$("${limit[@]}" bash -c "$KAFKA_PROBE_SH" "$1" "$2" 2>/dev/null || true)"
  [ "$reply" = "00000001" ]
}
# shellcheck disable=SC2016
KAFKA_PROBE_SH='exec 3<>"/dev/tcp/$0/$1" || exit 1
printf "\0\0\0\x0e\0\x12\0\0\0\0\0\x01\0\x04ping" >&3
head -c 8 <&3 | od -An -tx1 | tr -d " \n" | cut -c9-16'

# kafka_pid_of_ours: prints the pid from the pid file when that process is alive and is *this checkout's*
# broker (its command line names kafka.Kafka and our server.properties), so a recycled pid or another
# checkout's broker is never mistaken for ours. Returns 1 otherwise. Zombies have an empty cmdline: dead.
kafka_pid_of_ours() {
  local pid args
  [ -s "$KAFKA_PID_FILE" ] || return 1
  pid="$(tr -dc '0-9' <"$KAFKA_PID_FILE")"
  [ -n "$pid" ] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [ -r "/proc/$pid/cmdline" ]; then
    args="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  else
    args="$(ps -p "$pid" -o args= 2>/dev/null || true)"
  fi
  case "$args" in
    *kafka.Kafka*"$KAFKA_CONF"*) printf '%s\n' "$pid" ;;
    *) return 1 ;;
  esac
}

# kafka_alive PID: the process exists and is not a zombie (a zombie's cmdline is empty).
kafka_alive() {
  kill -0 "$1" 2>/dev/null || return 1
  [ ! -d "/proc/$1" ] || [ "$(head -c 1 "/proc/$1/cmdline" 2>/dev/null | wc -c)" -gt 0 ]
}

# kafka_lock: serialise start.sh/stop.sh runs (parallel test targets may all call ensure.sh at once).
kafka_lock() {
  mkdir -p "$KAFKA_DATA"
  command -v flock >/dev/null 2>&1 || return 0
  exec 9>"$KAFKA_DATA/.lock"
  flock -w 120 9 || cp_die "another start.sh/stop.sh has held $KAFKA_DATA/.lock for 2 minutes; is it stuck?"
}
