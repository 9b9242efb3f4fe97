# The two commands of the README: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint format bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "syncctl needs Python 3.11 or newer (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

## demo: install, then land, build and export the shipped demo data (database syncctl.duckdb, files in exports/)
demo: $(STAMP)
	$(BIN)/syncctl build

## test: install, then lint and run the whole test suite (unit, dbt integration, CLI), one worker per core
test: $(STAMP) lint
	$(BIN)/python -m pytest -n auto

lint: $(STAMP)
	$(BIN)/ruff check syncctl tests bench
	$(BIN)/ruff format --check syncctl tests bench

format: $(STAMP)
	$(BIN)/ruff format syncctl tests bench
	$(BIN)/ruff check --fix syncctl tests bench

## bench: time land / build / export at 10,000 and 100,000 customers
bench: $(STAMP)
	$(BIN)/python bench/run.py --customers 10000 --customers 100000

clean:
	rm -rf $(VENV) target logs exports syncctl.duckdb syncctl.duckdb.wal syncctl.duckdb.lock
