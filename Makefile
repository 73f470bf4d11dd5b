# Centric's developer entry points. `make demo` and `make test` work on a fresh machine with
# only Python 3.11+ and make: they create .venv when it is absent and install what they need.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_WORKSPACE ?= demo-workspace
DEMO_CUSTOMERS ?= 5000

.PHONY: demo test lint check bench docs format clean install dev

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

dev: $(VENV)/.dev-installed

demo: install
	$(BIN)/centric demo --workspace $(DEMO_WORKSPACE) --customers $(DEMO_CUSTOMERS) --serve

test: dev
	$(BIN)/python -m pytest

lint: dev
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python -m centric.reference --check

check: lint test

bench: dev
	$(BIN)/python -m benchmarks

docs: dev
	$(BIN)/python -m centric.reference --write

format: dev
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

clean:
	rm -rf $(VENV) $(DEMO_WORKSPACE) bench-results .mypy_cache .ruff_cache
