# ansinh: make demo (try it) and make test (what CI runs). See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@localhost:5432/ansinh
PORT ?= 8000
HOST ?= 127.0.0.1
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: install install-dev demo serve test test-prerequisites lint test-sqlite test-postgres vendor lock clean

$(VENV)/.installed: requirements/base.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==25.3
	$(PY) -m pip install --quiet --no-deps -r requirements/base.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements/dev.txt
	$(PY) -m pip install --quiet --no-deps -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

demo: install
	mkdir -p var
	DJANGO_DEBUG=0 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=0 $(PY) manage.py seed_demo
	DJANGO_DEBUG=0 bin/serve --host $(HOST) --port $(PORT)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/djlint --lint templates ansinh
	$(VENV)/bin/lint-imports
	mkdir -p var && $(PY) manage.py makemigrations --check --dry-run

# What the tests need from the system (Chromium, fonts, PostgreSQL): named with the command that installs it.
test-prerequisites:
	bin/check-test-prerequisites --postgres $(PG_URL)

test-sqlite: install-dev
	bin/check-test-prerequisites
	env -u DATABASE_URL $(VENV)/bin/pytest -n 2

test-postgres: install-dev
	bin/check-test-prerequisites --postgres $(PG_URL)
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -n 2

test: test-prerequisites lint test-sqlite test-postgres

vendor:
	bin/vendor-assets

# Re-pin every dependency from pyproject.toml's direct list (needs the package registry).
lock:
	rm -rf /tmp/ansinh-lock && $(PYTHON) -m venv /tmp/ansinh-lock
	/tmp/ansinh-lock/bin/pip install --quiet --upgrade pip==25.3 && /tmp/ansinh-lock/bin/pip install --quiet .
	/tmp/ansinh-lock/bin/pip freeze --exclude ansinh > requirements/base.txt
	/tmp/ansinh-lock/bin/pip install --quiet '.[dev]'
	/tmp/ansinh-lock/bin/pip freeze --exclude ansinh | grep -vxFf requirements/base.txt > requirements/dev.in.tmp
	{ echo '-r base.txt'; cat requirements/dev.in.tmp; } > requirements/dev.txt && rm requirements/dev.in.tmp

clean:
	rm -rf $(VENV) var
