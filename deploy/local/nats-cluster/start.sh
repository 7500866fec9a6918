#!/usr/bin/env bash
# Starts a 3-node NATS JetStream cluster on loopback (lib.sh: directory, ports), or only the nodes named
# (`start.sh 2` brings node 2 back after a stop or a kill). Idempotent: a running node is left alone. Prints the
# cluster's NATS_URL on stdout (also in $NATS_CLUSTER_DIR/urls). Waits until each started node answers as NATS;
# JetStream needs two of three for its meta leader. Stop with stop.sh.
set -euo pipefail
# shellcheck source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

nodes=("$@")
[ "${#nodes[@]}" -gt 0 ] || nodes=(1 2 3)
bin="$(nats_binary)" || cp_die "nats-server is not installed (Debian: apt-get install nats-server)."
cp_lock "$NATS_CLUSTER_DIR"
launcher=()
command -v setsid >/dev/null 2>&1 && launcher=(setsid)
started=()
for n in "${nodes[@]}"; do
  case "$n" in 1 | 2 | 3) ;; *) cp_die "no node '$n' (nodes are 1, 2, 3)" ;; esac
  nats_node_pid "$n" >/dev/null && continue
  dir="$(nats_node_dir "$n")"
  port="$(nats_node_port "$n")"
  cp_tcp_open 127.0.0.1 "$port" && cp_die "127.0.0.1:$port (node $n) is in use by another process; set NATS_CLUSTER_PORTS."
  mkdir -p "$dir/jetstream"
  nats_node_config "$n" >"$dir/nats.conf"
  [ -f "$dir/nats.log" ] && mv -f "$dir/nats.log" "$dir/nats.log.1"
  "${launcher[@]}" bash -c 'echo $$ >"$0"; shift; exec "$@"' "$dir/nats.pid" \
    nohup "$bin" -c "$dir/nats.conf" </dev/null >"$dir/nats.log" 2>&1 9>&- &
  started+=("$n")
done
for n in "${started[@]}"; do
  dir="$(nats_node_dir "$n")"
  deadline=$((SECONDS + 20))
  until nats_probe 127.0.0.1 "$(nats_node_port "$n")"; do
    [ "$SECONDS" -lt "$deadline" ] || { tail -n 20 "$dir/nats.log" >&2; cp_die "node $n did not answer within 20 s (log above: $dir/nats.log)."; }
    sleep 0.2
  done
done
nats_cluster_urls >"$NATS_CLUSTER_DIR/urls"
[ "${#started[@]}" -eq 0 ] || cp_say "NATS cluster node(s) ${started[*]} started (dir $NATS_CLUSTER_DIR)"
nats_cluster_urls
