#!/usr/bin/env bash
# Serve Tandem for development and the demo: a background-task worker plus Django's server.
# Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST="${1:-127.0.0.1:8000}"
# Links in emails and calendar invitations point here: the address being served, unless the
# environment says otherwise (e.g. the public name behind a proxy).
export SITE_URL="${SITE_URL:-http://$HOST}"
$PY manage.py db_worker --interval 1 --no-reload -v 0 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
echo "Tandem is at http://$HOST/  (Ctrl-C to stop); links in emails use $SITE_URL"
$PY manage.py runserver "$HOST"
