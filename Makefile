# Two commands: `make run` and `make test`. Everything else is a helper for them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench sample clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "loadwatch needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || \
		{ echo "Could not create a virtual environment: on Debian run 'apt-get install -y python3-venv'"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/loadwatch summary data/samples/gymnastics_club_sessions.csv

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check loadwatch tests benchmarks dashboards
	$(BIN)/mypy loadwatch

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_metrics.py

sample: $(STAMP)
	$(BIN)/loadwatch sample --out data/samples

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
