# Holdspace: `make run` starts the demo on SQLite; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The suite runs on every core up to four; `make test XDIST=` runs it in one process.
XDIST ?= -n auto --maxprocesses=4

.PHONY: run test test-sqlite test-postgres messages screenshots bench clean

$(PY):
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed: install it (Debian: apt-get install python3.11 python3.11-venv)."; exit 1; }
	@$(PYTHON) -c "import ensurepip" 2>/dev/null || scripts/need-system-packages python3.11-venv
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) requirements.txt requirements-dev.txt constraints.txt
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# Compiled translations are built, not committed.
messages: $(STAMP)
	@scripts/need-system-packages gettext
	$(PY) manage.py compilemessages --ignore=.venv -v0

# The demo's moderator (Moses, of Riverside Circle) reads the stories.
DEMO_ENV := HOLDSPACE_DEBUG=1 HOLDSPACE_STORIES_MODERATED_BY=riverside-circle

run: $(STAMP) messages
	@$(DEMO_ENV) $(PY) manage.py migrate --no-input -v0
	@$(DEMO_ENV) $(PY) manage.py seed_demo
	@$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000 --skip-checks -v0

test: test-sqlite test-postgres

# SQLite with the embedded default for public pages (files under var/); PostgreSQL with Redis, as in production.
test-sqlite: $(STAMP) messages
	@scripts/need-system-packages chromium chromium-driver
	$(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

test-postgres: $(STAMP) messages
	@scripts/need-system-packages chromium chromium-driver
	PYTHON_FOR_CHECK=$(PY) scripts/with-postgres scripts/with-redis $(PY) -m pytest $(XDIST) -m "not layout" $(PYTEST_ARGS)

# Each role's home page at desktop and phone widths, from the test world, into var/screenshots/.
screenshots: $(STAMP) messages
	@scripts/need-system-packages chromium chromium-driver
	$(PY) -m pytest -p no:xdist tests/browser/test_screenshots.py --screenshots
	@echo "Screenshots are in var/screenshots/."

bench: $(STAMP) messages
	@scripts/need-system-packages wrk
	PYTHON_FOR_CHECK=$(PY) scripts/with-postgres scripts/with-redis $(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var bench/.work
