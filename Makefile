# Quick start: `make run` serves the site at http://127.0.0.1:8000 (and runs the email
# worker beside it), `make test` runs the tests.
# Both set up everything they need first: a virtual environment in .venv, the
# requirements, the database schema and the seed exchanges. `make test` includes
# the browser tests when Chromium is installed; `make e2e` runs only those.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The tests run with production-like settings; this key signs nothing real.
TEST_ENV := SECRET_KEY=tests-only-not-secret

.PHONY: run worker test setup venv migrate seed lint e2e clean

# The site and, beside it, the worker that sends the emails (printed here, to the
# console). Stopping the site (Ctrl-C) stops the worker too. The worker does not
# reload on code changes: stop and `make run` again.
run: setup
	@export DEBUG=true SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}"; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Only the worker, for a site started some other way.
worker: setup
	DEBUG=true $(BIN)/python manage.py db_worker

# Only the virtual environment and the requirements.
venv: $(VENV)/.installed

setup: $(VENV)/.installed
	DEBUG=true $(BIN)/python manage.py migrate --no-input
	DEBUG=true $(BIN)/python manage.py seed_exchanges --if-empty

# On every core (pytest-xdist: tests/scheduling.py says how the tests are shared out).
test: $(VENV)/.installed
	$(TEST_ENV) $(BIN)/pytest -n auto

# Only the browser tests (tests/e2e, marked e2e), in Chromium.
e2e: $(VENV)/.installed
	$(TEST_ENV) $(BIN)/pytest -n auto -m e2e

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/hadolint Dockerfile

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "Could not create a virtual environment: on Debian, run 'apt-get install python3-venv' first."; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
