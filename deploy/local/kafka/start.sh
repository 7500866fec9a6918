#!/usr/bin/env bash
# Starts the project's local Kafka 3.9 broker (KRaft, single node, 127.0.0.1:9092) as a background process.
# Recipe: docs/stack.md §13; deploy/README.md explains it. Idempotent: a running broker is left alone, jars are
# fetched only when missing, storage is formatted only once. Data, pid, log and cluster id live in
# .local/kafka/ (git-ignored).
set -euo pipefail
# shellcheck source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

WAIT_SECONDS=60
NO_JAVA_HINT="or set KAFKA_BROKERS to a reachable broker"

kafka_lock
t0=$SECONDS

# --- 0. Already running? ------------------------------------------------------------------------------
if pid="$(kafka_pid_of_ours)"; then
  if kafka_tcp_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    kafka_say "Kafka is already running at $KAFKA_HOST:$KAFKA_PORT (pid $pid; log $KAFKA_LOG)"
    exit 0
  fi
  # Alive but not listening: it is starting up, or stuck. Give it the normal start budget, then stop it.
  kafka_say "Kafka (pid $pid) is running but not yet listening on $KAFKA_HOST:$KAFKA_PORT; waiting"
else
  rm -f "$KAFKA_PID_FILE"
  pid=""
  for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    if kafka_tcp_open "$KAFKA_HOST" "$port"; then
      cp_die "$KAFKA_HOST:$port is already in use by a process that is not this checkout's broker (no live pid in $KAFKA_PID_FILE). Stop it, or set KAFKA_BROKERS to the broker you want to use and skip start.sh."
    fi
  done
fi

if [ -z "$pid" ]; then
  # --- 1. Java 17+ ----------------------------------------------------------------------------------------
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="$(command -v java || true)"; fi
  [ -n "$JAVA" ] || cp_die "Kafka needs Java 17+: apt-get install openjdk-17-jre-headless, $NO_JAVA_HINT."
  java_version="$("$JAVA" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)"
  java_major="${java_version%%.*}"
  [ "$java_major" = 1 ] && java_major="$(printf '%s' "$java_version" | cut -d. -f2)"   # 1.8.0_x -> 8
  case "$java_major" in ''|*[!0-9]*) java_major=0 ;; esac
  [ "$java_major" -ge 17 ] || cp_die "Kafka needs Java 17+ but $JAVA is version '${java_version:-unknown}': apt-get install openjdk-17-jre-headless (or point JAVA_HOME at a JDK 17+), $NO_JAVA_HINT."

  # --- 2. Jars, once --------------------------------------------------------------------------------------
  # A copy of the pom next to the jars marks a complete fetch; a changed pom (new version) fetches again.
  # Fetch into a temporary folder and swap it in, so an interrupted fetch never leaves half a classpath.
  if ! cmp -s "$KAFKA_HOME_DIR/pom.xml" "$KAFKA_LIBS/.pom.xml" 2>/dev/null || ! ls "$KAFKA_LIBS"/kafka_2.13-*.jar >/dev/null 2>&1; then
    command -v mvn >/dev/null 2>&1 || cp_die "the Kafka jars are not in .tools/kafka/libs yet and Maven is missing to fetch them: apt-get install maven, $NO_JAVA_HINT."
    kafka_say "fetching Kafka $KAFKA_VERSION jars from Maven Central into .tools/kafka/libs (once)"
    tmp_libs="$KAFKA_LIBS.tmp.$$"
    rm -rf "$tmp_libs"; mkdir -p "$(dirname "$KAFKA_LIBS")"
    trap 'rm -rf "$tmp_libs"' EXIT
    mkdir -p "$KAFKA_DATA"
    mvn -B -q -Dstyle.color=never -f "$KAFKA_HOME_DIR/pom.xml" \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$tmp_libs" >"$KAFKA_DATA/mvn.log" 2>&1 \
      || { tail -n 30 "$KAFKA_DATA/mvn.log" >&2; cp_die "Maven could not fetch the Kafka jars (log above, full: $KAFKA_DATA/mvn.log): check access to Maven Central, $NO_JAVA_HINT."; }
    ls "$tmp_libs"/kafka_2.13-*.jar >/dev/null 2>&1 || cp_die "Maven finished but $tmp_libs has no kafka_2.13 jar; see deploy/local/kafka/pom.xml."
    cp "$KAFKA_HOME_DIR/pom.xml" "$tmp_libs/.pom.xml"
    rm -rf "$KAFKA_LIBS"
    mv "$tmp_libs" "$KAFKA_LIBS"
    trap - EXIT
    kafka_say "fetched $(ls "$KAFKA_LIBS"/*.jar | wc -l | tr -d ' ') jars in $((SECONDS - t0)) s"
  fi

  # --- 3. Config (regenerated every start, so template edits apply) --------------------------------------
  mkdir -p "$KAFKA_DATA"
  template="$(cat "$KAFKA_HOME_DIR/server.properties.in")"
  template="${template//@DATA_DIR@/"$KAFKA_DATA"}"
  template="${template//@CONTROLLER_PORT@/"$KAFKA_CONTROLLER_PORT"}"
  printf '%s\n' "${template//@PORT@/"$KAFKA_PORT"}" >"$KAFKA_CONF.tmp"
  mv "$KAFKA_CONF.tmp" "$KAFKA_CONF"

  # --- 4. JVM options -----------------------------------------------------------------------------------
  JAVA_OPTS=(-Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true "-Dlog4j.configuration=file:$KAFKA_HOME_DIR/log4j.properties")
  CP="$KAFKA_LIBS/*"

  # --- 5. Cluster id, once (reuse the id already in meta.properties if the cluster-id file was lost) ------
  meta="$KAFKA_DATA/logs/meta.properties"
  if [ ! -s "$KAFKA_DATA/cluster-id" ]; then
    if [ -s "$meta" ] && grep -q '^cluster.id=' "$meta"; then
      sed -n 's/^cluster\.id=//p' "$meta" >"$KAFKA_DATA/cluster-id.tmp"
    else
      "$JAVA" "${JAVA_OPTS[@]}" -cp "$CP" kafka.tools.StorageTool random-uuid >"$KAFKA_DATA/cluster-id.tmp" 2>"$KAFKA_DATA/storage-tool.log" \
        || { tail -n 20 "$KAFKA_DATA/storage-tool.log" >&2; cp_die "StorageTool random-uuid failed (log above)."; }
    fi
    tr -d ' \r\n' <"$KAFKA_DATA/cluster-id.tmp" >"$KAFKA_DATA/cluster-id"; rm -f "$KAFKA_DATA/cluster-id.tmp"
    [ -s "$KAFKA_DATA/cluster-id" ] || cp_die "could not create a cluster id in $KAFKA_DATA/cluster-id."
  fi

  # --- 6. Format the storage, once ------------------------------------------------------------------------
  # StorageTool is a separate ~2 s JVM run; --ignore-formatted makes it a no-op once meta.properties exists,
  # so it is skipped outright then. meta.properties is the last file format writes.
  if [ ! -s "$meta" ]; then
    "$JAVA" "${JAVA_OPTS[@]}" -cp "$CP" kafka.tools.StorageTool format \
      -t "$(cat "$KAFKA_DATA/cluster-id")" -c "$KAFKA_CONF" --ignore-formatted >&2 2>>"$KAFKA_DATA/storage-tool.log" \
      || { tail -n 20 "$KAFKA_DATA/storage-tool.log" >&2; cp_die "formatting the Kafka storage in $KAFKA_DATA/logs failed (log above)."; }
  fi

  # --- 7. Start the broker ------------------------------------------------------------------------------
  [ -f "$KAFKA_LOG" ] && mv -f "$KAFKA_LOG" "$KAFKA_LOG.1"
  # setsid: own session, so Ctrl-C in the terminal that ran `npm start` does not take the broker down.
  # The child writes its own pid ($$ survives exec), which is exact even if setsid has to fork.
  # 9>&- : do not hand the start/stop lock down to the long-lived broker.
  launcher=()
  command -v setsid >/dev/null 2>&1 && launcher=(setsid)
  "${launcher[@]}" bash -c 'echo $$ >"$0"; shift; exec "$@"' "$KAFKA_PID_FILE" \
    nohup "$JAVA" "${JAVA_OPTS[@]}" -cp "$CP" kafka.Kafka "$KAFKA_CONF" \
    </dev/null >"$KAFKA_LOG" 2>&1 9>&- &
  for _ in $(seq 50); do [ -s "$KAFKA_PID_FILE" ] && break; sleep 0.1; done
  pid="$(tr -dc '0-9' <"$KAFKA_PID_FILE" 2>/dev/null || true)"
  [ -n "$pid" ] || cp_die "the Kafka process did not start (no pid written); see $KAFKA_LOG."
fi

# --- 8. Wait: port open and the broker reports it has started, at most $WAIT_SECONDS s --------------------
fail() {
  printf '\n--- last lines of %s ---\n' "$KAFKA_LOG" >&2
  tail -n 40 "$KAFKA_LOG" >&2 2>/dev/null || true
  printf -- '---\n' >&2
  cp_die "$*"
}
deadline=$((SECONDS + WAIT_SECONDS))
while :; do
  if ! kafka_alive "$pid"; then
    rm -f "$KAFKA_PID_FILE"
    fail "Kafka exited during startup (full log: $KAFKA_LOG)."
  fi
  if kafka_tcp_open "$KAFKA_HOST" "$KAFKA_PORT" && grep -q 'Kafka Server started' "$KAFKA_LOG" 2>/dev/null; then
    break
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$KAFKA_PID_FILE"
    fail "Kafka did not accept connections on $KAFKA_HOST:$KAFKA_PORT within $WAIT_SECONDS s; it was stopped (full log: $KAFKA_LOG)."
  fi
  sleep 0.25
done
kafka_say "Kafka $KAFKA_VERSION ready at $KAFKA_HOST:$KAFKA_PORT in $((SECONDS - t0)) s (pid $pid; log $KAFKA_LOG)"
