# How to do everything. `make run` and `make test` are the whole quick start.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install install-dev system-deps run test test-pg lint bench loadtest serve clean

help:
	@echo "make run      install, migrate SQLite, load demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test     install, run the whole suite (SQLite unless DATABASE_URL is set)"
	@echo "make test-pg  the suite against PostgreSQL on 127.0.0.1:5432"
	@echo "make lint     ruff and the missing-migrations check"
	@echo "make bench    performance benchmark (see docs/operations/performance.md)"
	@echo "make loadtest throughput over HTTP: gunicorn + 8 users for 30 s (LOADTEST_ARGS=--two-servers)"
	@echo "make serve    production server: gunicorn + whitenoise, settings from the environment"

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

run: install
	DEBUG=1 $(PY) manage.py migrate --noinput -v0
	DEBUG=1 $(PY) manage.py loaddata catalog -v0
	DEBUG=1 $(PY) manage.py load_catalog fixtures/oscal/NIST_CSF_v2.0_catalog.xml fixtures/hipaa_security_rule.json
	DEBUG=1 $(PY) manage.py seed_demo
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

system-deps:
	@bash .ci/system-deps

test: install-dev system-deps
	$(BIN)/pytest -n 2

test-pg: install-dev system-deps
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/raci} $(BIN)/pytest -n 2

lint: install-dev
	$(BIN)/ruff check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# The portfolio benchmark: builds bench/bench-*.sqlite3 once (or uses DATABASE_URL), then
# prints the table. BENCH_ARGS=--quick for a small run; see bench/run.py for the options.
bench: install-dev
	$(PY) bench/run.py $(BENCH_ARGS)

# Throughput over HTTP: gunicorn on 127.0.0.1 against the benchmark database (SQLite, or
# DATABASE_URL), 8 users for 30 s; stops what it starts. LOADTEST_ARGS=--two-servers runs two
# app servers on one PostgreSQL and checks sessions, lockouts, versions and findings hold.
loadtest: install-dev
	$(PY) bench/loadtest.py $(LOADTEST_ARGS)

# Production: settings come from the environment (SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL...).
serve: install
	$(PY) manage.py check --deploy
	$(PY) manage.py migrate --noinput
	$(PY) manage.py loaddata catalog -v0
	$(PY) manage.py collectstatic --noinput -v0
	$(BIN)/gunicorn raci_project.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3} \
		--access-logfile - --forwarded-allow-ips="$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles artifacts
