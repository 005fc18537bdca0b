"""Gunicorn settings for Tandem, read from the environment (`scripts/tandem-server web` passes
this module with `-c python:tandem.ops.gunicorn_conf`).

Why gunicorn: a maintained, pre-forking WSGI server that Django documents; Tandem's views are
synchronous and spend their time in the database, so threads in a few processes (`gthread`)
serve concurrent requests without an async rewrite. A worker that dies is replaced."""

from __future__ import annotations

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Processes: about two per core is the usual start; each holds its threads' database connections.
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1))))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
# A process silent for this long (stuck, not merely busy: with threads it still answers) is
# replaced. Long requests such as streamed exports are not cut off by it.
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Replace each process after this many requests (and a little jitter), against slow leaks.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# Load the app once before forking: faster start, shared memory, and a broken configuration
# stops the server at once instead of in every worker.
preload_app = True
# Tandem logs every request itself, with its request id (tandem/ops/logs.py).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "warning").lower()
# Only the reverse proxy on this machine may say the request came over HTTPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "tandem-web"
