#!/usr/bin/env bash
# Serve Tandem for development and the demo: the background-task worker, the scheduler (which
# queues reminders and upkeep, docs/OPERATIONS.md) and Django's development server. Ctrl-C stops
# all three. `make serve` runs the production stack instead (scripts/tandem-server).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST="${1:-127.0.0.1:8000}"
# Links in emails and calendar invitations point here: the address being served, unless the
# environment says otherwise (e.g. the public name behind a proxy).
export SITE_URL="${SITE_URL:-http://$HOST}"
$PY manage.py db_worker --interval 1 --no-reload -v 0 &
worker=$!
$PY manage.py run_scheduler -v 0 > /dev/null &
scheduler=$!
trap 'kill "$worker" "$scheduler" 2>/dev/null || true' EXIT INT TERM
echo "Tandem is at http://$HOST/  (Ctrl-C to stop); links in emails use $SITE_URL"
$PY manage.py runserver "$HOST"
