# Tandem — every command a developer or CI needs. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VENDOR := tandem/web/static/vendor
PG_URL ?= postgres://postgres@127.0.0.1:5432/tandem
HOST ?= 127.0.0.1:8000
PYTEST_ARGS ?=
# Both cores; one worker takes whole files, so each module builds its shared world once.
PYTEST_PARALLEL ?= -n auto --dist loadfile
# The second and third passes leave out the browser tests: they drive the same views the client
# tests cover on every engine and clock, and cost a minute and a half of each pass (docs/TESTING.md).
NOT_BROWSER := -m "not browser and not fault"
# A late evening on a month's last day, two hours before a daylight-saving change (Denver).
TEST_CLOCK ?= 2026-10-31T23:40-06:00
BENCH_SCALES ?= state,state10
# PostgreSQL (production) first: the evaluation budget is checked on it. SQLite: the embedded default.
BENCH_ENGINES ?= postgres,sqlite

.DEFAULT_GOAL := help
.PHONY: help install lock assets demo run serve test test-pg test-pg-clock test-clock test-fault test-browser test-a11y lint bench load clean

help: ## List the commands
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16

# Exact versions with their hashes from the lock file (`make lock` rewrites it from
# pyproject.toml); then Tandem itself, editable, with nothing more.
$(VENV)/.installed: pyproject.toml requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	@# A lock file older than a dependency added to pyproject.toml fails here, not at run time.
	$(VENV)/bin/pip check
	touch $@

install: $(VENV)/.installed ## Create .venv and install the Python dependencies (from the lock file)

lock: ## Rewrite requirements.lock (production) and requirements-dev.lock from pyproject.toml
	$(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	$(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links --extra dev -o requirements-dev.lock pyproject.toml

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENDOR)/.copied: node_modules/.installed
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/uswds $(VENDOR)/htmx
	cp -r node_modules/@uswds/uswds/dist/css node_modules/@uswds/uswds/dist/js \
	      node_modules/@uswds/uswds/dist/fonts node_modules/@uswds/uswds/dist/img $(VENDOR)/uswds/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	touch $@

assets: $(VENDOR)/.copied ## Install USWDS and htmx from npm and copy them into static files

demo: install assets ## Set up everything, load the demo agency and serve http://127.0.0.1:8000
	-scripts/ensure-chromium.sh
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed --scale demo --if-empty
	$(PY) manage.py demo_logins
	scripts/serve.sh $(HOST)

run: install assets ## Serve the current database (no demo data loaded)
	$(PY) manage.py migrate --noinput
	scripts/serve.sh $(HOST)

# The production stack on this machine: production settings, gunicorn, the worker and the
# scheduler, through the same entry script as the systemd units (deploy/). Plain HTTP on
# loopback, so the HTTPS-only protections are relaxed unless set; SQLite allowed as for a pilot.
serve: install assets ## The production stack here (gunicorn, worker, scheduler) on the configured database
	@key=$${SECRET_KEY:-$$(TANDEM_PRODUCTION=false $(PY) -c 'from tandem.settings import SECRET_KEY; print(SECRET_KEY)')}; \
	SECRET_KEY=$$key TANDEM_PRODUCTION=true TANDEM_ALLOW_SQLITE=$${TANDEM_ALLOW_SQLITE:-true} \
	SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-false} SECURE_COOKIES=$${SECURE_COOKIES:-false} \
	SECURE_HSTS_SECONDS=$${SECURE_HSTS_SECONDS:-0} ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
	BIND=$${BIND:-$(HOST)} SITE_URL=$${SITE_URL:-http://$(HOST)} scripts/tandem-server all

test: install assets ## The whole suite on SQLite, browser tests included
	scripts/ensure-chromium.sh
	scripts/ensure-nginx.sh
	$(PY) -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

test-pg: install assets ## The suite on PostgreSQL ($(PG_URL)), browser tests aside (they run in `make test`)
	scripts/ensure-postgres.sh
	scripts/ensure-nginx.sh
	DATABASE_URL=$(PG_URL) $(PY) -m pytest $(PYTEST_PARALLEL) $(NOT_BROWSER) $(PYTEST_ARGS)

test-pg-clock: install assets ## CI's second pass: the suite on PostgreSQL with the clock at $(TEST_CLOCK), browser tests aside
	scripts/ensure-postgres.sh
	scripts/ensure-nginx.sh
	TANDEM_TEST_CLOCK=$(TEST_CLOCK) DATABASE_URL=$(PG_URL) $(PY) -m pytest $(PYTEST_PARALLEL) $(NOT_BROWSER) $(PYTEST_ARGS)

test-clock: install assets ## The suite on SQLite with the clock at $(TEST_CLOCK), browser tests aside
	TANDEM_TEST_CLOCK=$(TEST_CLOCK) $(PY) -m pytest $(PYTEST_PARALLEL) $(NOT_BROWSER) $(PYTEST_ARGS)

test-fault: install assets ## Fault tests: PostgreSQL restarted under a write load (a cluster of its own)
	$(PY) -m pytest -m fault $(PYTEST_ARGS)

test-browser: install assets ## Only the browser tests (Chromium through Playwright)
	scripts/ensure-chromium.sh
	$(PY) -m pytest -m browser $(PYTEST_PARALLEL) $(PYTEST_ARGS)

test-a11y: install assets ## Only the accessibility audit (axe-core on every role's pages)
	scripts/ensure-chromium.sh
	$(PY) -m pytest -m a11y $(PYTEST_ARGS)

lint: install ## ruff (lint and format), mypy, the import layers, and a check that migrations are up to date
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy tandem
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run

bench: install assets ## Build (and cache) state-scale databases and write docs/BENCHMARKS.md
	scripts/ensure-postgres.sh
	$(PY) manage.py bench --engines $(BENCH_ENGINES) --scales $(BENCH_SCALES)
	db=$$($(PY) manage.py bench --engines $(BENCH_ENGINES) --url-of state); \
	DATABASE_URL=$$db $(PY) manage.py bench_matching | sed 's/^/- /' | \
	  (printf '\n## Matching (`manage.py bench_matching`, state scale, %s)\n\n' "$${db%%:*}"; cat) | tee -a docs/BENCHMARKS.md; \
	DATABASE_URL=$$db $(PY) manage.py bench_export | sed 's/^/- /' | \
	  (printf '\n## Research export (`manage.py bench_export`, state scale, last 5 years, %s)\n\n' "$${db%%:*}"; cat) | tee -a docs/BENCHMARKS.md
	db=$$($(PY) manage.py bench --engines $(BENCH_ENGINES) --url-of state10); \
	DATABASE_URL=$$db $(PY) manage.py bench_export --formats csv | sed 's/^/- /' | \
	  (printf '\n## Research export at 10× the state (CSV, last 5 years, %s)\n\n' "$${db%%:*}"; cat) | tee -a docs/BENCHMARKS.md
	cat docs/BENCHMARKS-load.md >> docs/BENCHMARKS.md

load: install assets ## Load test on 127.0.0.1: make load ENGINE=postgres USERS=100 MINUTES=10 [MIX=writers]
	scripts/ensure-postgres.sh
	scripts/load-test.sh $(or $(ENGINE),postgres) $(or $(USERS),100) $(or $(MINUTES),10) --mix $(or $(MIX),roles)

clean: ## Remove the virtualenv, npm packages, copied assets and local data
	rm -rf $(VENV) node_modules $(VENDOR) data
