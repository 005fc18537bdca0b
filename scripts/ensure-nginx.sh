#!/usr/bin/env bash
# The production-stack test runs deploy/nginx/tandem.conf in front of the app server (TLS ending
# at the proxy, as in production), with Debian's nginx run as an ordinary user. Install it if
# missing.
set -euo pipefail
if [ -x /usr/sbin/nginx ]; then exit 0; fi
echo "Installing Debian's nginx-light for the production-stack test..."
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nginx-light >/dev/null
# Debian starts the packaged site on port 80 where it can; Tandem's test runs its own instance.
$SUDO service nginx stop >/dev/null 2>&1 || true
