#!/usr/bin/env bash
# Stops the nodes of the local NATS cluster (lib.sh), all or the ones named: SIGTERM with up to 15 s, then SIGKILL.
# `stop.sh --kill 2` kills node 2 at once (kill -9, as a crash). `--purge` also removes the cluster's directory
# (its JetStream stores). Never touches another NATS server. Safe when nothing runs.
set -euo pipefail
# shellcheck source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

signal=TERM
purge=""
nodes=()
for arg in "$@"; do
  case "$arg" in
    --kill) signal=KILL ;;
    --purge) purge=1 ;;
    1 | 2 | 3) nodes+=("$arg") ;;
    *) cp_die "stop.sh [--kill] [--purge] [1|2|3 ...]: unknown argument '$arg'" ;;
  esac
done
[ "${#nodes[@]}" -gt 0 ] || nodes=(1 2 3)
[ -d "$NATS_CLUSTER_DIR" ] || exit 0
cp_lock "$NATS_CLUSTER_DIR"
for n in "${nodes[@]}"; do
  pid="$(nats_node_pid "$n")" || continue
  kill "-$signal" "$pid" 2>/dev/null || true
  for _ in $(seq 75); do cp_alive "$pid" || break; sleep 0.2; done
  cp_alive "$pid" && { kill -KILL "$pid" 2>/dev/null || true; sleep 0.2; }
  rm -f "$(nats_node_dir "$n")/nats.pid"
  cp_say "NATS cluster node $n stopped (pid $pid, SIG$signal)"
done
if [ -n "$purge" ]; then
  exec 9>&-
  rm -rf "$NATS_CLUSTER_DIR"
fi
