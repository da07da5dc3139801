# Every command a person needs. `make` alone lists them.
#
# With no DATABASE_URL and no CELERY_BROKER_URL everything runs on the embedded default: a
# private PostgreSQL server with its data in var/postgres (tools/embedded_postgres.py),
# started and stopped by each command that needs it, and Celery tasks run in-process. Set both
# to run on your PostgreSQL and Redis (docs/configuration.md).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

VENV := .venv
BIN := $(VENV)/bin
PYTHON := $(BIN)/python
MANAGE := $(PYTHON) manage.py
# The interpreter that creates the virtualenv: Python 3.11, the only version supported.
BASE_PYTHON ?= $(shell command -v python3.11 || command -v python3)
# Rebuilt whenever a lock file changes (make lock).
INSTALL_STAMP := $(VENV)/.installed

# What mypy checks (django-stubs): the services, the selectors and the arithmetic.
# One path a line, sorted, so that branches adding paths merge cleanly.
MYPY_PATHS ?= \
	appeals_site/api/filters.py \
	appeals_site/api/pagination.py \
	appeals_site/client_address.py \
	appeals_site/pg_tools.py \
	authorities/services.py \
	cases/dates.py \
	cases/detention.py \
	cases/references.py \
	cases/selectors.py \
	cases/services.py \
	defenders/services.py \
	importer/bulk.py \
	importer/confirmation.py \
	importer/review.py \
	importer/review_services.py \
	importer/extraction.py \
	importer/reading \
	importer/selectors.py \
	importer/services.py \
	letters/budget.py \
	letters/pool.py \
	letters/retention.py \
	letters/selectors.py \
	letters/services.py \
	partners/services.py \
	workspace/charts.py \
	workspace/selectors.py

# Runs a command with DATABASE_URL on the embedded PostgreSQL, or as it is when DATABASE_URL is
# set. --exclusive: refuse a server that another `make run` started.
WITH_DB := $(PYTHON) -m tools.embedded_postgres run
RUN_ADDR ?= 127.0.0.1:8000
RUNSERVER_ARGS ?=
PYTEST_ARGS ?=

# Local commands default to DEBUG=true so that a first try needs no SECRET_KEY; a DEBUG set in
# the environment wins. `make test` is left alone: the tests must see the production settings.
run serve migrate demo screenshots worker letters-worker beat: export DEBUG ?= true
# The demo app (load_demo, generate_cases) is installed by the development settings only
# (appeals_site/settings/development.py: production's plus the demo); `make test` uses the test
# settings, which include it too. Every other command runs production's settings.
run serve demo screenshots bench: export DJANGO_SETTINGS_MODULE = appeals_site.settings.development
# Benchmarks drop and re-create their database (whose name must contain "bench"), so they get
# one of their own, never DATABASE_URL; and they run with DEBUG off, which would otherwise keep
# every query in memory and skew the timings.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/appeals_bench
bench: export DATABASE_URL = $(BENCH_DATABASE_URL)
bench: export DEBUG = false

.PHONY: help
help: ## List the targets
	@echo "Usage: make <target>   (no DATABASE_URL / CELERY_BROKER_URL: embedded PostgreSQL, in-process tasks)"
	@echo
	@grep -hE '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) \
		| awk 'BEGIN {FS = ":.*## "} {printf "  %-12s %s\n", $$1, $$2}'

# What WeasyPrint needs from the system to render letters (Pango, HarfBuzz) and the fonts the
# letters use (Latin and Cyrillic), as Debian packages; .ci/run and the Dockerfile list the same.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fonts-dejavu-core

.PHONY: install
install: $(INSTALL_STAMP) system-packages ## Create .venv (Python 3.11), install requirements-dev.lock and the letters' system packages
	@:

# The lock files pin every package, transitive ones too, with the hashes of all the files PyPI
# has for each pinned version (docs/dependencies.md). requirements.lock is compiled first, from
# requirements.txt; requirements-dev.lock then from requirements-dev.txt constrained by it
# (pip-compile --constraint), so a package in both has the same version in both and the dev
# venv is the image's plus the tools. No extras (the locks also work as constraints); pip and
# setuptools are pinned too (pip-tools needs them). pip-compile runs without this machine's pip
# configuration (its local indexes and find-links), so it resolves and hashes from PyPI alone
# and writes no index URL or path. It keeps the pins already in a lock file unless asked:
# LOCK_ARGS=--upgrade for everything, LOCK_ARGS="-P celery" for one package.
LOCK_ARGS ?=
PIP_COMPILE = env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL -u PIP_CONSTRAINT \
	PIP_CONFIG_FILE=/dev/null CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet \
	--generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links \
	--no-emit-trusted-host $(LOCK_ARGS)

.PHONY: lock
lock: $(INSTALL_STAMP) ## Recompile requirements.lock and requirements-dev.lock (LOCK_ARGS=--upgrade)
	$(PIP_COMPILE) --output-file requirements.lock requirements.txt
	$(PIP_COMPILE) --constraint requirements.lock --output-file requirements-dev.lock requirements-dev.txt

.PHONY: system-packages
system-packages:
	@if command -v dpkg-query >/dev/null; then \
		missing=$$(for p in $(SYSTEM_PACKAGES); do \
			dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
		if [ -n "$$missing" ]; then \
			if [ "$$(id -u)" -eq 0 ]; then \
				echo "Installing for letters: $$missing"; \
				apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
			else \
				echo "Letters need these Debian packages: sudo apt-get install $$missing" >&2; exit 1; \
			fi; \
		fi; \
	else \
		echo "Not a Debian system: install Pango, HarfBuzz and fonts covering Latin and Cyrillic for WeasyPrint (see README)."; \
	fi

$(INSTALL_STAMP): requirements.lock requirements-dev.lock
	@if [ ! -x "$(PYTHON)" ]; then \
		if [ -z "$(BASE_PYTHON)" ]; then echo "make install: no python3.11 or python3 found" >&2; exit 1; fi; \
		"$(BASE_PYTHON)" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
			|| { echo "make install: $(BASE_PYTHON) is not Python 3.11; set BASE_PYTHON=/path/to/python3.11" >&2; exit 1; }; \
		echo "Creating $(VENV) with $(BASE_PYTHON)"; \
		"$(BASE_PYTHON)" -m venv $(VENV); \
	fi
	$(BIN)/pip install --disable-pip-version-check --quiet --require-hashes -r requirements-dev.lock
	@touch $@

.PHONY: run
run: install ## Migrate, load the demo, and serve on http://127.0.0.1:8000/admin/
	@$(WITH_DB) --exclusive -- $(MAKE) serve

# What `make run` does once the database is there.
.PHONY: serve
serve:
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@if [ "$$($(PYTHON) -c 'from appeals_site.env import env_bool; print(env_bool("DEBUG", False))')" = False ]; then \
		$(MANAGE) collectstatic --noinput --verbosity=0; \
	fi
	@if [ -n "$${CELERY_BROKER_URL:-}$${CELERY_BROKER_URL_FILE:-}" ]; then \
		echo "Tasks go to the broker in CELERY_BROKER_URL: run 'make worker', 'make letters-worker' and 'make beat' in three other terminals."; \
	fi
	$(MANAGE) runserver $(RUN_ADDR) $(RUNSERVER_ARGS)

.PHONY: test
test: install ## Run the whole test suite (extra pytest arguments: PYTEST_ARGS="-k hearing -x")
	@$(WITH_DB) -- $(BIN)/pytest $(PYTEST_ARGS) || { status=$$?; \
		if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests (exit 5): check PYTEST_ARGS" >&2; fi; \
		exit $$status; }

.PHONY: lint
lint: install ## Check style (ruff check, ruff format --check) and the layers (lint-imports)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

.PHONY: typecheck
typecheck: install ## Type-check the services, selectors and arithmetic with mypy
	$(BIN)/mypy $(MYPY_PATHS)

.PHONY: format
format: install ## Fix what ruff can fix and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Two kinds of worker, so that a flood of letter renders never delays reminders: `worker`
# consumes the default queue (CELERY_TASK_DEFAULT_QUEUE), `letters-worker` only the letters'
# (LETTER_RENDER_QUEUE), one render at a time, at a lower CPU priority than the web processes.
.PHONY: worker
worker: install require-broker ## Start a Celery worker for every task but letter renders (needs CELERY_BROKER_URL)
	$(WITH_DB) -- $(BIN)/celery -A appeals_site worker -l info -Q "$${CELERY_TASK_DEFAULT_QUEUE:-celery}"

.PHONY: letters-worker
letters-worker: install require-broker ## Start a Celery worker for letter renders (needs CELERY_BROKER_URL)
	WORKER_NICENESS="$${WORKER_NICENESS:-19}" $(WITH_DB) -- $(BIN)/celery -A appeals_site worker -l info \
		-Q "$${LETTER_RENDER_QUEUE:-letters}" --concurrency="$${LETTER_WORKER_CONCURRENCY:-1}" \
		-n "letters@%h"

.PHONY: beat
# The scheduler, django_celery_beat's DatabaseScheduler, is set in the settings.
beat: install require-broker ## Start Celery beat, the scheduler (exactly one per deployment)
	$(WITH_DB) -- $(BIN)/celery -A appeals_site beat -l info

.PHONY: require-broker
require-broker:
	@if [ -z "$${CELERY_BROKER_URL:-}$${CELERY_BROKER_URL_FILE:-}" ]; then \
		echo "No CELERY_BROKER_URL: tasks run in-process and need no worker." >&2; \
		echo "To use Redis: export CELERY_BROKER_URL=redis://127.0.0.1:6379/0" >&2; \
		exit 1; \
	fi

.PHONY: migrate
migrate: install ## Apply the database migrations
	$(WITH_DB) -- $(MANAGE) migrate --noinput

.PHONY: demo
demo: install migrate ## Load the fictional demo data (idempotent)
	$(WITH_DB) -- $(MANAGE) load_demo

.PHONY: screenshots
screenshots: demo ## Remake docs/images/workspace.png and letter.png from the demo data
	$(WITH_DB) -- $(MANAGE) demo_screenshots

# Backups of the database and media files: var/backups/appeals-<UTC timestamp>.dump (pg_dump's
# custom format), and .media.tar.gz beside it; never the encryption key.
backup restore: export DEBUG ?= true

.PHONY: backup
backup: install ## Back up the database and media files into var/backups/ (never the key)
	$(WITH_DB) -- $(MANAGE) backup

.PHONY: restore
restore: install ## Restore a backup: FILE=var/backups/appeals-….dump [FORCE=1 replaces a database with tables]
	@if [ -z "$(FILE)" ]; then echo "make restore: give FILE=var/backups/appeals-<timestamp>.dump" >&2; exit 1; fi
	$(WITH_DB) -- $(MANAGE) restore "$(FILE)" $(if $(filter 1 true yes,$(FORCE)),--force)

# The benchmarks, in the order `make bench` runs them (bench/baseline_serializers.py and
# bench/floor_raw_sql.py are what bench/api.py compares with; bench/smoke.py is bench-smoke).
BENCH_SCRIPTS := generate_cases api letters load reminders abuse importer

.PHONY: bench
bench: install ## Run every benchmark on BENCH_DATABASE_URL; results in bench/results/
	@mkdir -p bench/results
	@# bench/api.py's and bench/load.py's load tests use wrk (Debian's package): installed once,
	@# when missing and allowed.
	@if ! command -v wrk >/dev/null; then \
		if [ "$$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && apt-get install -y -qq wrk >/dev/null; \
		else \
			echo "make bench: no wrk; bench/api.py skips its load test (apt-get install -y wrk)"; \
		fi; \
	fi
	@for script in $(BENCH_SCRIPTS); do \
		echo "==> bench/$$script.py"; \
		$(PYTHON) "bench/$$script.py"; \
	done

# Every benchmark with tiny sizes, its results in a temporary directory (bench/smoke.py): that
# they run, not their figures. Its databases' names start with BENCH_SMOKE_DATABASE_URL's;
# BENCH_BROKER_URL and BENCH_CACHE_URL name its Redis databases (default 14 and 13).
BENCH_SMOKE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/appeals_bench_smoke
bench-smoke: export BENCH_DATABASE_URL = $(BENCH_SMOKE_DATABASE_URL)
bench-smoke: export DJANGO_SETTINGS_MODULE = appeals_site.settings.development

.PHONY: bench-smoke
bench-smoke: install ## Run every benchmark with tiny sizes, to show they run (results in a temporary directory)
	$(PYTHON) bench/smoke.py

.PHONY: clean
clean: ## Remove caches and collected static files (keeps .venv and the database in var/postgres)
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +
	rm -rf .pytest_cache .ruff_cache .mypy_cache var/static
