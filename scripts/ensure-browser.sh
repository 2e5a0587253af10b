#!/usr/bin/env bash
# Make sure the browser tests have a Chromium.
# 1. Debian's Chromium at /usr/bin/chromium (installed with apt-get when we are root).
# 2. Otherwise Playwright's own Chromium (downloaded by `playwright install`).
set -euo pipefail
BIN=${1:-.venv/bin}
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installerar Debians Chromium (apt-get install chromium) ..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x /usr/bin/chromium ] && exit 0
fi
echo "Ingen /usr/bin/chromium: hämtar Playwrights egen Chromium ..."
"$BIN/python" -m playwright install chromium
