# Two commands: `make run` and `make test`. Everything else is a helper for them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench sample summary clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "loadwatch needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || \
		{ echo "Could not create a virtual environment: on Debian run 'apt-get install -y python3-venv'"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# the dashboard's database for `make run`: a local file seeded with the sample club
DEMO_DB ?= sqlite:///$(CURDIR)/var/loadwatch.db

run: $(STAMP)
	@mkdir -p var
	LOADWATCH_DB=$(DEMO_DB) $(BIN)/loadwatch db upgrade
	LOADWATCH_DB=$(DEMO_DB) $(BIN)/loadwatch demo --if-empty --with-model
	@echo "loadwatch: serving on http://$${LOADWATCH_ADDRESS:-127.0.0.1}:8501 ($(if $(LOADWATCH_ADDRESS),LOADWATCH_ADDRESS=$(LOADWATCH_ADDRESS): reachable from other machines,this machine only; set LOADWATCH_ADDRESS=0.0.0.0 to open it to the network)); database $(DEMO_DB)"
	LOADWATCH_DB=$(DEMO_DB) $(BIN)/streamlit run dashboards/app.py --server.port 8501 --server.address $${LOADWATCH_ADDRESS:-127.0.0.1}

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check loadwatch tests benchmarks dashboards
	$(BIN)/mypy loadwatch
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_metrics.py

summary: $(STAMP)
	$(BIN)/loadwatch summary data/samples/gymnastics_club_sessions.csv

sample: $(STAMP)
	$(BIN)/loadwatch sample --out data/samples

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
