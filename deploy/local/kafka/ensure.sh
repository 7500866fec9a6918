#!/usr/bin/env bash
# Makes sure a Kafka broker is reachable before services or tests need it.
#   KAFKA_BROKERS (default 127.0.0.1:9092): if its first broker answers (a TCP connection plus one Kafka
#   ApiVersions round trip, see kafka_probe in lib.sh), use it.
#   Otherwise, if that is the local default address, start the project's own broker (start.sh);
#   any other address is the caller's broker, so fail and name the variable.
set -euo pipefail
# shellcheck source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

brokers="${KAFKA_BROKERS:-$KAFKA_HOST:$KAFKA_PORT}"
first="${brokers%%,*}"
first="${first//[[:space:]]/}"
first="${first#*://}"                 # tolerate PLAINTEXT://host:port
host="${first%:*}"
port="${first##*:}"
host="${host#[}"; host="${host%]}"    # [::1]:9092
case "$port" in
  ''|*[!0-9]*) cp_die "KAFKA_BROKERS='$brokers': expected host:port[,host:port...], e.g. 127.0.0.1:9092." ;;
esac
[ "$host" != "$first" ] || cp_die "KAFKA_BROKERS='$brokers': expected host:port[,host:port...], e.g. 127.0.0.1:9092."

if kafka_probe "$host" "$port"; then
  kafka_say "using Kafka at $first"
  exit 0
fi

case "$host:$port" in
  "$KAFKA_HOST:$KAFKA_PORT" | "localhost:$KAFKA_PORT")
    exec bash "$KAFKA_HOME_DIR/start.sh"
    ;;
esac
cp_die "KAFKA_BROKERS='$brokers': $first does not answer as a Kafka broker. Start that broker, or unset KAFKA_BROKERS to use the project's local one (deploy/local/kafka/start.sh on 127.0.0.1:9092)."
