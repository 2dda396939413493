# How to do everything. `make run` and `make test` are the whole quick start.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
DOCS_PORT ?= 8108

.PHONY: help install install-dev system-deps run test test-pg lint bench loadtest serve docs docs-serve docs-images clean

help:
	@echo "make run      install, migrate SQLite, load demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test     install, run the whole suite (SQLite unless DATABASE_URL is set)"
	@echo "make test-pg  the suite against PostgreSQL on 127.0.0.1:5432"
	@echo "make lint     ruff and the missing-migrations check"
	@echo "make bench    performance benchmark (see docs/operations/performance.md)"
	@echo "make loadtest throughput over HTTP: gunicorn + 8 users for 30 s (LOADTEST_ARGS=--two-servers)"
	@echo "make serve    production server: gunicorn + whitenoise, settings from the environment"
	@echo "make docs     build the documentation site into site/ (strict: a broken link fails)"
	@echo "make docs-serve  serve the documentation on http://127.0.0.1:$(DOCS_PORT)/ while you edit it"
	@echo "make docs-images retake the screenshots in docs/img/ from the demo pages (Chromium)"

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
	@# The pages' Help links and findings point at the docs the app serves at /docs/: build
	@# them when MkDocs is installed (make install-dev, make test or make docs install it).
	@if [ -x $(BIN)/mkdocs ]; then NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --quiet --site-dir site \
		|| echo "The documentation did not build: make docs says why."; \
	else echo "Help links need the documentation: run make docs once (it installs MkDocs)."; fi
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

# The documentation site (docs/, mkdocs.yml). Strict: a broken link, a missing page or an
# unknown anchor fails the build. The app serves the built site at /docs/ (DOCS_URL).
# NO_MKDOCS_2_WARNING silences Material's end-of-life banner (docs/developers/writing-docs.md).
docs: install-dev
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --clean --site-dir site

docs-serve: install-dev
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:$(DOCS_PORT)

# The screenshots in docs/img/, taken from the demo pages in headless Chromium.
docs-images: install-dev system-deps
	RACI_DOCS_IMAGES=1 $(BIN)/pytest -q -n 0 tests/e2e/test_docs_screenshots.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles artifacts site
