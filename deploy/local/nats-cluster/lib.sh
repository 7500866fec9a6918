# shellcheck shell=bash
# Shared by start.sh and stop.sh (sourced, never run): a 3-node NATS JetStream cluster on loopback, for R3 streams
# (docs/architecture.md §4). Everything lives in NATS_CLUSTER_DIR (default .local/nats-cluster, git-ignored):
# node<i>/ (store, pid, log, config) and `urls`, the comma-separated NATS_URL of the cluster.
# shellcheck source=../nats/lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/../nats" && pwd)/lib.sh"

NATS_CLUSTER_DIR="${NATS_CLUSTER_DIR:-$CP_LOCAL_ROOT/.local/nats-cluster}"
# Client and route (cluster) ports of nodes 1..3, comma-separated.
NATS_CLUSTER_PORTS="${NATS_CLUSTER_PORTS:-4231,4232,4233}"
NATS_CLUSTER_ROUTE_PORTS="${NATS_CLUSTER_ROUTE_PORTS:-6231,6232,6233}"
NATS_CLUSTER_NAME="${NATS_CLUSTER_NAME:-chargeplane-local}"
IFS=, read -r -a nats_client_ports <<<"$NATS_CLUSTER_PORTS"
IFS=, read -r -a nats_route_ports <<<"$NATS_CLUSTER_ROUTE_PORTS"
[ "${#nats_client_ports[@]}" -eq 3 ] && [ "${#nats_route_ports[@]}" -eq 3 ] \
  || cp_die "NATS_CLUSTER_PORTS and NATS_CLUSTER_ROUTE_PORTS must each name 3 ports (comma-separated)."

# nats_node_port N / nats_node_route_port N: the ports of node N (1..3).
nats_node_port() { printf '%s\n' "${nats_client_ports[$(($1 - 1))]}"; }
nats_node_route_port() { printf '%s\n' "${nats_route_ports[$(($1 - 1))]}"; }
nats_node_dir() { printf '%s/node%s\n' "$NATS_CLUSTER_DIR" "$1"; }

# nats_node_config N: the node's configuration (client port, JetStream store, routes to all three nodes).
nats_node_config() {
  local n="$1" dir routes="" i
  dir="$(nats_node_dir "$n")"
  for i in 1 2 3; do routes="$routes    nats-route://127.0.0.1:$(nats_node_route_port "$i")"$'\n'; done
  cat <<CONF
server_name: n$n
listen: 127.0.0.1:$(nats_node_port "$n")
jetstream {
  store_dir: "$dir/jetstream"
}
cluster {
  name: $NATS_CLUSTER_NAME
  listen: 127.0.0.1:$(nats_node_route_port "$n")
  routes: [
$routes  ]
}
CONF
}

# nats_node_pid N: the pid of node N when it is alive and runs this cluster's config, else 1.
nats_node_pid() {
  local dir pid
  dir="$(nats_node_dir "$1")"
  [ -s "$dir/nats.pid" ] || return 1
  pid="$(tr -dc '0-9' <"$dir/nats.pid")"
  [ -n "$pid" ] && cp_alive "$pid" || return 1
  case "$(cp_cmdline "$pid")" in *nats-server*"$dir/nats.conf"*) printf '%s\n' "$pid" ;; *) return 1 ;; esac
}

# nats_cluster_urls: NATS_URL for the cluster (every node, so a client fails over).
nats_cluster_urls() {
  printf 'nats://127.0.0.1:%s,nats://127.0.0.1:%s,nats://127.0.0.1:%s\n' "${nats_client_ports[@]}"
}
