#!/usr/bin/env bash
# Stops the local Kafka broker started by start.sh: SIGTERM (controlled shutdown), wait up to 30 s, then
# SIGKILL; removes the pid file. Data in .local/kafka/ is kept. Safe to run when nothing is running.
set -euo pipefail
# shellcheck source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

GRACE_SECONDS=30

kafka_lock
if [ ! -e "$KAFKA_PID_FILE" ]; then
  kafka_say "Kafka is not running (no $KAFKA_PID_FILE)"
  exit 0
fi
if ! pid="$(kafka_pid_of_ours)"; then
  rm -f "$KAFKA_PID_FILE"
  kafka_say "Kafka is not running (removed a stale pid file)"
  exit 0
fi

t0=$SECONDS
kill -TERM "$pid" 2>/dev/null || true
deadline=$((SECONDS + GRACE_SECONDS))
while kafka_alive "$pid" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
if kafka_alive "$pid"; then
  kafka_say "Kafka (pid $pid) did not exit within $GRACE_SECONDS s of SIGTERM; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kafka_alive "$pid" || break; sleep 0.1; done
  kafka_alive "$pid" && cp_die "Kafka (pid $pid) survived SIGKILL; pid file kept."
fi
rm -f "$KAFKA_PID_FILE"
kafka_say "Kafka stopped (pid $pid, $((SECONDS - t0)) s); data kept in $KAFKA_DATA"
