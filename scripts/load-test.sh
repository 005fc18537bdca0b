#!/usr/bin/env bash
# The load test (issue 18): many people of each role at once against the production stack on
# this machine, bounded in time and on 127.0.0.1 only (docs/BENCHMARKS.md, "Load test").
#
#   scripts/load-test.sh ENGINE USERS MINUTES [--mix roles|writers] [--scale county] [--rate R]
#
#   ENGINE   sqlite | postgres (PostgreSQL at BENCH_POSTGRES_URL, default postgres@127.0.0.1)
#   USERS    simulated people at once; MINUTES  how long (decimals allowed)
#   --mix writers  learners and coaches who only write, with short pauses (the SQLite check)
#
# Environment: WEB_CONCURRENCY, WEB_THREADS (gunicorn processes x threads), DATABASE_CONN_MAX_AGE
# (60 on PostgreSQL unless set), LOAD_OUT (results folder; data/load/<time>-… by default).
# Prints a markdown table per request kind; exits 1 on any failed request, any "database is
# locked", any server error.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 3 ]; then
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
  exit 64
fi
case "${LOAD_HOST:-127.0.0.1}" in
  127.0.0.1) ;;
  *) echo "load-test: refusing LOAD_HOST=$LOAD_HOST: the load test runs against 127.0.0.1 only" >&2
     exit 64 ;;
esac
exec "${TANDEM_PYTHON:-.venv/bin/python}" -m tandem.bench.load.run "$@"
