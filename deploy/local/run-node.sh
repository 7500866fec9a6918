#!/usr/bin/env bash
# Runs a compiled entry point on the project's Node 24 (building first when dist/ is missing).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$CP_ROOT"
cp_npm_ci
[ -f "$1" ] || npm run --silent build
exec node "$@"
