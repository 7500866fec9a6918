#!/usr/bin/env bash
# `npm start`: provision everything the platform needs on this machine, then run it with a few simulated chargers.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$CP_ROOT/deploy/local/prerequisites.sh"
cd "$CP_ROOT"
cp_npm_ci
cp_check_prerequisites
echo "chargeplane: building" >&2
npm run --silent build
exec node dist/tools/platform/start.main.js
