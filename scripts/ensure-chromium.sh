#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here);
# WeasyPrint (agreement PDFs) needs Pango and HarfBuzz's subsetter (without it WeasyPrint
# warns on import, which the suite treats as an error). Install whichever is missing.
set -euo pipefail
if [ -x /usr/bin/chromium ] && ldconfig -p | grep -q libpangoft2-1.0 \
  && ldconfig -p | grep -q libharfbuzz-subset; then exit 0; fi
echo "Installing Debian's chromium and Pango for the browser tests and PDFs..."
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 \
  libharfbuzz-subset0 >/dev/null
