#!/usr/bin/env bash
# The console's browser tests drive Debian's Chromium with playwright-core (which downloads no browser): makes sure
# it is at CHROMIUM_PATH (default /usr/bin/chromium), installing the `chromium` package with apt when it is missing
# and this machine allows it (root, apt-get present). Otherwise it says what to do and fails.
set -euo pipefail
path="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$path" ] && exit 0
if [ "$path" = /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "chargeplane: installing Debian's chromium for the console's browser tests (apt-get)" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >&2 || true
  [ -x "$path" ] && exit 0
fi
echo "chargeplane: no Chromium at $path for the console's browser tests. Install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary." >&2
exit 1
