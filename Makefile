# Two commands on a fresh machine with only Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PORT   ?= 8000

.PHONY: run test lint format install migrate demo bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)
	@scripts/ensure-system-packages

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

## Install, migrate, load the demo data, then serve web + one worker (Ctrl-C stops both).
run: demo
	PORT=$(PORT) scripts/serve

## The whole suite, browser tests included.
test: install
	@scripts/ensure-chromium
	$(PY) -m pytest $(PYTEST_ARGS)

## The scale benchmark (not part of `make test`): builds or reuses a 10,000-customer database
## (BENCH_CUSTOMERS / BENCH_SUBSCRIBERS for a smaller one; DATABASE_URL for PostgreSQL).
bench: install
	$(PY) -m bench

## ruff, the import layering (import-linter, docs/architecture.md) and missing migrations.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
