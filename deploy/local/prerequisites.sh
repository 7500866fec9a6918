# Sourced after setup.sh: checks that NATS (with JetStream) and PostgreSQL answer, and that Kafka is
# there (starting the project's own broker when none is configured). Each failure names what is
# missing and how to provide it.

cp_check_tcp() { # host port
  timeout 3 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

cp_url_host() { node -e 'const u=new URL(process.argv[1]);console.log(u.hostname+" "+(u.port||process.argv[2]))' "$1" "$2"; }

cp_check_prerequisites() {
  read -r nats_host nats_port <<<"$(cp_url_host "$NATS_URL" 4222)"
  cp_check_tcp "$nats_host" "$nats_port" || cp_die "no NATS at NATS_URL=$NATS_URL. Start one with JetStream enabled, e.g.
    nats-server -js -a 127.0.0.1 -p 4222
  (Debian: apt-get install nats-server), or set NATS_URL to a reachable server."
  read -r pg_host pg_port <<<"$(cp_url_host "$DATABASE_URL" 5432)"
  cp_check_tcp "$pg_host" "$pg_port" || cp_die "no PostgreSQL at DATABASE_URL=$DATABASE_URL. Start PostgreSQL (e.g. pg_ctlcluster 15 main start)
  or set DATABASE_URL to a reachable server (any existing role with trust or password auth)."
  bash "$CP_ROOT/deploy/local/kafka/ensure.sh" || cp_die "Kafka is not available (see above)."
}
