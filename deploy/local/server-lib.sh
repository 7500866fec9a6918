# shellcheck shell=bash
# Shared by deploy/local/nats/ and deploy/local/postgres/ (sourced, never run): URL parsing, probes, the
# start/stop lock and background launch for the project-local servers under .local/. Kafka has its own
# (kafka/lib.sh).

CP_LOCAL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"   # repository root

if ! declare -F cp_die >/dev/null; then
  cp_die() { printf '\nchargeplane: %s\n' "$*" >&2; exit 1; }
fi
cp_say() { printf 'chargeplane: %s\n' "$*" >&2; }

# cp_parse_url URL DEFAULT_PORT: sets URL_USER, URL_HOST, URL_PORT and URL_PATH (without the leading /) from
# scheme://[user[:password]@]host[:port][/path][?query]; only the first of a comma-separated server list.
cp_parse_url() {
  local rest="${1#*://}" hostport
  rest="${rest%%,*}"
  rest="${rest%%\?*}"
  URL_PATH=""
  case "$rest" in */*) URL_PATH="${rest#*/}"; rest="${rest%%/*}" ;; esac
  URL_USER=""
  case "$rest" in *@*) URL_USER="${rest%@*}"; URL_USER="${URL_USER%%:*}"; hostport="${rest##*@}" ;; *) hostport="$rest" ;; esac
  case "$hostport" in
    \[*\]:*) URL_HOST="${hostport%]:*}"; URL_HOST="${URL_HOST#[}"; URL_PORT="${hostport##*]:}" ;;
    \[*\]) URL_HOST="${hostport#[}"; URL_HOST="${URL_HOST%]}"; URL_PORT="$2" ;;
    *:*) URL_HOST="${hostport%:*}"; URL_PORT="${hostport##*:}" ;;
    *) URL_HOST="$hostport"; URL_PORT="$2" ;;
  esac
  case "$URL_PORT" in ''|*[!0-9]*) return 1 ;; esac
  [ -n "$URL_HOST" ]
}

# cp_is_loopback HOST: true for the addresses a project-local server may take over (it binds 127.0.0.1).
cp_is_loopback() {
  case "$1" in 127.0.0.1 | localhost) return 0 ;; *) return 1 ;; esac
}

# cp_tcp_open HOST PORT: true when HOST:PORT accepts a TCP connection within 2 s.
cp_tcp_open() {
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
}

# cp_probe HOST PORT SCRIPT: runs SCRIPT (bash, fd 3 open to HOST:PORT) with a 3 s limit and prints its output.
cp_probe() {
  timeout 3 bash -c "exec 3<>\"/dev/tcp/\$0/\$1\" || exit 1
$3" "$1" "$2" 2>/dev/null || true
}

# cp_lock DIR: serialise the start/stop scripts of one server (parallel callers may run ensure.sh at once).
cp_lock() {
  mkdir -p "$1"
  command -v flock >/dev/null 2>&1 || return 0
  exec 9>"$1/.lock"
  flock -w 120 9 || cp_die "another start/stop has held $1/.lock for 2 minutes; is it stuck?"
}

# cp_cmdline PID: the process's command line (empty for a zombie or a process that is gone).
cp_cmdline() {
  if [ -r "/proc/$1/cmdline" ]; then tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true; else ps -p "$1" -o args= 2>/dev/null || true; fi
}

# cp_alive PID: the process exists and is not a zombie. Its state is read from /proc/PID/stat (the field after the
# parenthesised name), not from its command line: that reads empty while the process execs (bash -> nohup ->
# nats-server at a start), which once made a starting server look dead on a loaded machine.
cp_alive() {
  kill -0 "$1" 2>/dev/null || return 1
  local stat
  if [ -r "/proc/$1/stat" ]; then
    stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
    stat="${stat##*) }"
  else
    stat="$(ps -p "$1" -o stat= 2>/dev/null)" || return 1
  fi
  [ -n "$stat" ] && [ "${stat:0:1}" != "Z" ]
}
