#!/usr/bin/env bash
# Make sure the HTML test (tests/site/test_html_valid.py) has the W3C Nu HTML Checker.
# 1. A Java runtime: Debian's default-jre-headless (installed with apt-get when we are root).
# 2. The checker itself: npm's vnu-jar, in build/tools (like Lighthouse for `make bench`).
# Without Java the test is skipped and says why; without npm it fails and says what to install.
set -euo pipefail
if ! command -v java >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installerar Java för HTML-kontrollen (apt-get install default-jre-headless) ..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
fi
if [ ! -f build/tools/node_modules/vnu-jar/build/dist/vnu.jar ] && command -v npm >/dev/null 2>&1; then
  echo "Hämtar W3C:s HTML-kontroll (npm install vnu-jar) till build/tools ..."
  mkdir -p build/tools && (cd build/tools && npm install --silent --no-audit --no-fund vnu-jar@26)
fi
