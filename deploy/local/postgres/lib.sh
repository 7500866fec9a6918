# shellcheck shell=bash
# Shared by start.sh, stop.sh and ensure.sh (sourced, never run): the project-local PostgreSQL cluster's paths
# and helpers. Everything it writes lives in .local/postgres/ (git-ignored), or in CP_PG_DIR when set (the fault
# drill's own cluster).
# shellcheck source=../server-lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/server-lib.sh"

PG_LOCAL="${CP_PG_DIR:-$CP_LOCAL_ROOT/.local/postgres}"
PG_DATA="$PG_LOCAL/data"            # the cluster (initdb)
PG_SOCKETS="$PG_LOCAL/run"          # its Unix socket
PG_LOG="$PG_LOCAL/postgres.log"
PG_SUPERUSER_FILE="$PG_LOCAL/superuser"   # the role initdb created
PG_DEFAULT_PORT=5432
# As root, initdb and postgres refuse to run: the cluster then belongs to this unprivileged account.
PG_OS_USER_DEFAULT=chargeplane

# pg_bindir: prints the directory holding initdb, pg_ctl, postgres and psql: PG_BIN, then pg_ctl on PATH
# (symlinks resolved), then pg_config --bindir, then the newest /usr/lib/postgresql/*/bin.
pg_bindir() {
  local dir candidates=("${PG_BIN:-}")
  command -v pg_ctl >/dev/null 2>&1 && candidates+=("$(dirname "$(readlink -f "$(command -v pg_ctl)")")")
  command -v pg_config >/dev/null 2>&1 && candidates+=("$(pg_config --bindir 2>/dev/null || true)")
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do candidates+=("$dir"); done
  for dir in "${candidates[@]}"; do
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ] && { printf '%s\n' "$dir"; return 0; }
  done
  return 1
}

# pg_probe HOST PORT: true when HOST:PORT talks PostgreSQL (an SSLRequest is answered with one byte, S or N).
pg_probe() {
  case "$(cp_probe "$1" "$2" 'printf "\0\0\0\x08\x04\xd2\x16\x2f" >&3; head -c 1 <&3')" in S | N) return 0 ;; *) return 1 ;; esac
}

# pg_os_user: the account the cluster runs as: the current one, or as root the data directory's owner when it
# exists, else PG_OS_USER (default chargeplane, created as a system account when missing).
pg_os_user() {
  if [ "$(id -u)" -ne 0 ]; then id -un; return 0; fi
  if [ -d "$PG_DATA" ] && [ "$(stat -c %u "$PG_DATA")" -ne 0 ]; then stat -c %U "$PG_DATA"; return 0; fi
  printf '%s\n' "${PG_OS_USER:-$PG_OS_USER_DEFAULT}"
}

# pg_as USER CMD...: runs CMD as USER (directly when that is who we are).
pg_as() {
  local user="$1"; shift
  if [ "$(id -un)" = "$user" ]; then "$@"
  elif command -v runuser >/dev/null 2>&1; then runuser -u "$user" -- "$@"
  else su -s /bin/sh "$user" -c "$(printf '%q ' "$@")"
  fi
}

# pg_running_port: the port of this checkout's running cluster (from postmaster.pid), else 1.
pg_running_port() {
  local pid
  [ -s "$PG_DATA/postmaster.pid" ] || return 1
  pid="$(head -n 1 "$PG_DATA/postmaster.pid" | tr -dc '0-9')"
  [ -n "$pid" ] && cp_alive "$pid" || return 1
  case "$(cp_cmdline "$pid")" in *postgres*) sed -n 4p "$PG_DATA/postmaster.pid" | tr -dc '0-9' ;; *) return 1 ;; esac
}
