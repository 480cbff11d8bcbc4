# Two commands: `make run` and `make test`. Everything else is a helper for them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# two installs: `make run` needs only the runtime dependencies (`pip install -e .`); `make
# test`, `lint` and `bench` add the dev extra (pytest, playwright, dask, …) on top of them.
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed-dev
# $(call timed,WHAT,COMMAND): print "loadwatch: WHAT…", run COMMAND, then "… done in 4.1 s"
timed = t0=$$(date +%s%N); echo "loadwatch: $(1)…"; $(2) && \
	echo "loadwatch: $(1)… done in $$(awk "BEGIN{printf \"%.1f\", ($$(date +%s%N) - $$t0) / 1e9}") s"

$(RUN_STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "loadwatch needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || \
		{ echo "Could not create a virtual environment: on Debian run 'apt-get install -y python3-venv'"; exit 1; }
	@$(call timed,installing loadwatch and its runtime dependencies into $(VENV),\
		$(BIN)/python -m pip install --quiet --upgrade pip && $(BIN)/python -m pip install --quiet -e .)
	@touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP)
	@$(call timed,adding the development tools (tests; lint; benchmarks),\
		$(BIN)/python -m pip install --quiet -e '.[dev]')
	@touch $(STAMP)

# the dashboard's database for `make run`: a local file seeded with the sample club
DEMO_DB ?= sqlite:///$(CURDIR)/var/loadwatch.db

run: $(RUN_STAMP)
	@mkdir -p var
	@$(call timed,preparing the database $(DEMO_DB),LOADWATCH_DB=$(DEMO_DB) $(BIN)/loadwatch db upgrade)
	@$(call timed,seeding the sample club and the demo squad with its model,\
		LOADWATCH_DB=$(DEMO_DB) $(BIN)/loadwatch demo --if-empty --with-model)
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

summary: $(RUN_STAMP)
	$(BIN)/loadwatch summary data/samples/gymnastics_club_sessions.csv

sample: $(RUN_STAMP)
	$(BIN)/loadwatch sample --out data/samples

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
