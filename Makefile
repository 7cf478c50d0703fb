# The two commands a newcomer runs on a fresh clone: `make demo` and `make test`.
# Everything the project needs is installed here, into .venv, from nothing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest reference bench fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	@echo '$$ oms demo --all --no-input'
	@$(BIN)/oms demo --all --no-input

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy oms_cli tools

# Regenerate README.md's command reference from the real --help (tests/test_reference.py checks it).
reference: $(STAMP)
	$(BIN)/python -m tools.reference

pytest: $(STAMP)
	$(BIN)/pytest

test: lint typecheck pytest

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
