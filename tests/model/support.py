"""Small simulated cohorts shared by the model tests (each simulated and evaluated once)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pytest

from loadwatch.ingest.injuries import read_injuries
from loadwatch.ingest.log import read_log
from loadwatch.ingest.tables import read_roster_table
from loadwatch.model.evaluation import Evaluation, evaluate_model
from loadwatch.synthetic.cohorts import Cohort, simulate_cohort

#: Strong planted effects on a small squad: the model must find them.
PLANTED = dict(n_athletes=60, n_days=365, hazard="planted", seed=0, beta_spike=2.5,
               beta_ext=3.0, base_hazard=0.001)
#: Constant hazard, enough events to test: the model must find nothing.
NULL = dict(n_athletes=60, n_days=365, hazard="null", seed=0, base_hazard=0.012)
#: Bootstrap replicates in tests (intervals stable to about ±0.01).
N_BOOT = 500


@dataclass
class Squad:
    """A simulated cohort after the real ingest of its three files."""

    cohort: Cohort
    log: pd.DataFrame
    injuries: pd.DataFrame
    roster: pd.DataFrame


def ingest(cohort: Cohort) -> Squad:
    """Read the cohort's files through the same validation path as a club's uploads."""
    return Squad(cohort, read_log(cohort.csv("sessions")), read_injuries(cohort.csv("injuries")),
                 read_roster_table(cohort.csv("roster")))


@pytest.fixture(scope="session")
def planted() -> Squad:
    return ingest(simulate_cohort(**PLANTED))  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def null() -> Squad:
    return ingest(simulate_cohort(**NULL))  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def planted_eval(planted: Squad) -> Evaluation:
    return evaluate_model(planted.log, planted.injuries, planted.roster, n_boot=N_BOOT,
                          n_threads=1)


@pytest.fixture(scope="session")
def null_eval(null: Squad) -> Evaluation:
    return evaluate_model(null.log, null.injuries, null.roster, n_boot=N_BOOT, n_threads=1)
