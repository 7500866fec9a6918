# Sourced after setup.sh: makes sure NATS (with JetStream), PostgreSQL and Kafka answer at NATS_URL,
# DATABASE_URL and KAFKA_BROKERS, starting the project's own server under .local/ for each one that does
# not when its binaries are on this machine (deploy/local/nats/, postgres/, kafka/). Each failure names
# what is missing and how to provide it.

cp_check_prerequisites() {
  bash "$CP_ROOT/deploy/local/nats/ensure.sh" || cp_die "NATS is not available (see above)."
  bash "$CP_ROOT/deploy/local/postgres/ensure.sh" || cp_die "PostgreSQL is not available (see above)."
  bash "$CP_ROOT/deploy/local/kafka/ensure.sh" || cp_die "Kafka is not available (see above)."
}

# Only `npm test` needs a browser (the console's e2e tests): `npm start` runs without one.
cp_check_browser() {
  bash "$CP_ROOT/deploy/local/chromium/ensure.sh" || cp_die "Chromium is not available for the console's browser tests (see above)."
}
