# The two commands a newcomer runs on a fresh clone: `make demo` and `make test`.
# Everything the project needs is installed here, into .venv, from nothing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest reference bench bench-typer fuzz lforms exports mutation clean

$(STAMP): pyproject.toml
	@echo 'Setting up: a virtual environment in $(VENV) with oms-cli and its dependencies; about a minute, once.'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# A short demo: the list of cases and one of them; the full walk-through is a command away.
demo: $(STAMP)
	@echo '$$ oms demo'
	@$(BIN)/oms demo --no-pager
	@echo
	@echo '$$ oms demo scan-pending --no-input'
	@$(BIN)/oms demo scan-pending --no-input --no-pager
	@echo
	@echo 'Try next: $(BIN)/oms demo --all (every case, step by step), $(BIN)/oms quiz, $(BIN)/oms check --help'
	@echo '          $(BIN)/oms check --opsoclonus --ataxia --myoclonus --sleep --no-input --what-if'

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy oms_cli tools benchmarks

# Regenerate docs/reference.md from the real --help (tests/test_reference.py checks it).
reference: $(STAMP)
	$(BIN)/python -m tools.reference

pytest: $(STAMP)
	$(BIN)/pytest

test: lint typecheck pytest

# The benchmarks' one runner, benchmarks/run.py: start-up, batch (against polars and duckdb, the
# `bench` extra installed here) and peak memory, as ratios measured side by side; it prints the
# details and writes one results table to benchmarks/README.md. About ten minutes; run it on a
# quiet machine. `make bench BENCH='--only startup --no-write'` runs a part and prints only.
BENCH ?=
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/run.py $(BENCH)

# The evidence for the typer pin: hello world under each version, each in a throwaway venv under
# the temporary directory (needs pip and the package index).
bench-typer: $(STAMP)
	$(BIN)/python benchmarks/run.py --only --typer-versions 0.26.8 0.28.0 0.29.2

# The fuzz suite at length (tests/test_fuzz.py, and the differential test of batch reading in
# tests/test_batch_differential.py): FUZZ_EXAMPLES cases a test, about 18,000 in all.
# tests/fuzz_report.py counts the cases that really ran, prints the count, and fails the run if
# it is under FUZZ_MIN_CASES. A few minutes on 2 cores for test_fuzz.py; the differential test
# (2,000 generated files, each read eight ways) adds about 10 minutes of CPU time.
# The timed signal cases of tests/test_fuzz.py (Ctrl-C, SIGTERM, SIGHUP at random moments of
# real runs: multi-file exports, an export's hand-over, start-up) run SIGNAL_RUNS times each, and
# the run fails if any case ran fewer; about 5 more minutes on 2 cores. `make test` runs 6 each.
FUZZ_EXAMPLES ?= 2000
FUZZ_MIN_CASES ?= 10000
SIGNAL_RUNS ?= 500
fuzz: $(STAMP)
	OMS_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) OMS_FUZZ_MIN_CASES=$(FUZZ_MIN_CASES) OMS_SIGNAL_RUNS=$(SIGNAL_RUNS) \
		$(BIN)/python -m pytest -p tests.fuzz_report tests/test_fuzz.py tests/test_batch_differential.py -q

# The questionnaire rendered in LHC-Forms (npm `lforms`) in headless Chromium, answered for all 729
# answer sets and compared with `oms check`. Needs npm and Debian's chromium (apt-get install -y
# chromium); not part of `make test`. About 5 minutes.
lforms: $(STAMP)
	$(BIN)/python -m tools.lforms_check

# Mutation testing of the core modules (tools/mutation.py): cosmic-ray changes each module one
# mutation at a time in a copy of the tree and runs its tests. In a virtual environment of its own,
# since cosmic-ray brings click and more that the project's environment must not hide a need for.
# About 10 minutes on 2 cores; docs/mutation.md records a run.
MUTATION_VENV := .venv-mutation
mutation: pyproject.toml
	$(PYTHON) -m venv $(MUTATION_VENV)
	$(MUTATION_VENV)/bin/python -m pip install --quiet -e '.[test,mutation]'
	$(MUTATION_VENV)/bin/python -m tools.mutation

# Every export looked at as a picture: pages screenshot in headless Chromium at 390, 1280 and
# 1920 px, pictures at their size; fails on a header that wraps, a page wider than the screen, a
# slide not 16:9 or with text under 24 px (tools/export_check.py). Needs Debian's chromium; not
# part of `make test`. EXPORTS_DIR keeps the screenshots to look at.
EXPORTS_DIR ?= build/exports
exports: $(STAMP)
	$(BIN)/python -m tools.export_check $(EXPORTS_DIR)

clean:
	rm -rf $(VENV) $(MUTATION_VENV) build dist .pytest_cache .mypy_cache .ruff_cache
