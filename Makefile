# The two commands: `make run` (the demo hearing on http://127.0.0.1:8000/) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HEARING_DATA_DIR ?= $(CURDIR)/data
export HEARING_DATA_DIR
TEST_DATA_DIR := $(CURDIR)/test-artifacts/data

.PHONY: run test install lint pytest system-deps messages clean stream stack

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 wird gebraucht / Python 3.11 required"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed

system-deps:
	bash scripts/install-system-deps.sh

run: install
	$(BIN)/hearing migrate --noinput
	$(BIN)/hearing load_demo
	$(BIN)/hearing serve --host 127.0.0.1 --port 8000

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	cd src && ../$(BIN)/lint-imports ../pyproject.toml

pytest: install node_modules/.installed system-deps
	rm -rf $(TEST_DATA_DIR) && mkdir -p $(TEST_DATA_DIR)
	HEARING_DATA_DIR=$(TEST_DATA_DIR) HEARING_STATIC_MANIFEST=0 $(BIN)/hearing makemigrations --check --dry-run
	HEARING_DATA_DIR=$(TEST_DATA_DIR) HEARING_STATIC_MANIFEST=0 $(BIN)/pytest $(PYTEST_ARGS)
	@if [ -n "$$HEARING_TEST_DATABASE_URL" ]; then \
	  echo "== again on PostgreSQL ($$HEARING_TEST_DATABASE_URL) =="; \
	  HEARING_DATA_DIR=$(TEST_DATA_DIR) HEARING_STATIC_MANIFEST=0 \
	  HEARING_DATABASE_URL="$$HEARING_TEST_DATABASE_URL" $(BIN)/pytest -m "not nodb" $(PYTEST_ARGS); \
	fi

test: lint pytest

messages: install
	bash scripts/messages.sh

# The streaming server (nginx with the RTMP module) for the live stream and its recording; runs in the
# foreground next to `make run` (in a second terminal).
stream: install
	$(BIN)/hearing stream

clean:
	rm -rf $(VENV) node_modules test-artifacts

# The production topology (docs/operations.md): nginx on http://127.0.0.1:8080/ in front of one app
# process per core, the job worker and the streaming server, under supervisord; Ctrl+C stops all.
# Needs HEARING_DATABASE_URL (PostgreSQL) and HEARING_REDIS_URL.
stack: install system-deps
	$(BIN)/hearing migrate --noinput
	$(BIN)/hearing load_demo
	$(BIN)/hearing stack
