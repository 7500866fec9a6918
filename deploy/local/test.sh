#!/usr/bin/env bash
# `npm test`: every check CI runs, on real NATS, PostgreSQL and Kafka (provisioned or started here).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$CP_ROOT/deploy/local/prerequisites.sh"
cd "$CP_ROOT"
export NX_DAEMON=false CI="${CI:-true}"
started=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$1" "$(( $(date +%s) - started ))" >&2; }

step "install"; cp_npm_ci
step "infrastructure"; cp_check_prerequisites
step "browser for the console tests"; cp_check_browser
step "format"; npx prettier --check . --log-level warn
step "lint (with module boundaries)"; npm run --silent lint
step "type-check"; npm run --silent typecheck
step "OCPP contracts drift"; npm run --silent ocpp:check
step "public event contracts drift"; npm run --silent contracts:check
step "configuration reference drift"; npm run --silent config:check
step "docs references"; node tools/docs/check-links.mjs
step "deployment manifests (kubectl kustomize, Kubernetes schemas, compose, alert rules and dashboard)"; node tools/k8s/check-manifests.mjs
step "build"; npm run --silent build
step "consumer kit package (npm pack, entry and types)"; node tools/build/check-package.mjs libs/bridge/consumer-kit EventStreamConsumer ContractRegistry decodeRecord EventIdDeduper dispatch upcast publicUpcasters
step "provision"; node dist/tools/provision/provision.main.js
step "sweep old test runs"; node dist/libs/platform/testing/src/sweep-stale.main.js

mkdir -p .local/test-results
results=()
for tier in unit integration e2e; do
  step "$tier tests"
  npx vitest run --project "$tier" --reporter=default --reporter=json --outputFile=".local/test-results/$tier.json"
  results+=(".local/test-results/$tier.json")
done
step "done"
node -e '
  let passed = 0, failed = 0;
  for (const f of process.argv.slice(1)) { const r = require(require("path").resolve(f)); passed += r.numPassedTests; failed += r.numFailedTests; }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
' "${results[@]}"
