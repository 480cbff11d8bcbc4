"""The model demo: a simulated squad with a planted injury hazard, and its validated model.

``loadwatch demo --with-model`` (what ``make run`` seeds) stores it next to the sample club,
so that a therapist can see how the dashboard shows a model: the probability beside its card,
never alone. Everything in it is simulated (athletes SIM-001…, team "Simulated squad (model
demo)"), its effects are planted strongly so that 60 athletes × 1 season are enough to
validate, and its card names the simulation as its source.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pandas as pd

from loadwatch.ingest.log import read_log
from loadwatch.model.bundle import FittedModel, fit_model
from loadwatch.model.evaluation import evaluate_model
from loadwatch.model.injuries import read_injuries
from loadwatch.synthetic.cohorts import INJURIES_FILE, ROSTER_FILE, SESSIONS_FILE, simulate_cohort
from loadwatch.ingest.tables import read_roster_table

DEMO_TEAM: Final = "Simulated squad (model demo)"
#: 60 athletes × 1 season, strong planted effects (the tests' planted cohort)
COHORT: Final = {"n_athletes": 60, "n_days": 365, "hazard": "planted", "seed": 0,
                 "beta_spike": 2.5, "beta_ext": 3.0, "base_hazard": 0.001}
N_BOOT: Final = 200


@dataclass
class DemoSquad:
    """The squad's three files (in `folder`) and its model with the card attached."""

    sessions: Path
    roster: Path
    injuries: Path
    injury_log: pd.DataFrame
    model: FittedModel


def build_demo_squad(folder: str | Path) -> DemoSquad:
    """Simulate the squad into `folder`, validate a model on it and fit the one to install."""
    out = Path(folder)
    simulate_cohort(**COHORT).write(out)  # type: ignore[arg-type]
    log = read_log(out / SESSIONS_FILE)
    injuries = read_injuries(out / INJURIES_FILE)
    roster = read_roster_table(out / ROSTER_FILE)
    source = (f"simulated squad ({COHORT['n_athletes']} athletes × {COHORT['n_days']} days, "
              "planted hazard; loadwatch demo)")
    evaluation = evaluate_model(log, injuries, roster, n_boot=N_BOOT, n_threads=1,
                                source=source)
    fitted = fit_model(log, injuries, roster, n_threads=1, source=source)
    fitted.card, fitted.metrics = evaluation.card, evaluation.metrics
    return DemoSquad(out / SESSIONS_FILE, out / ROSTER_FILE, out / INJURIES_FILE, injuries,
                     fitted)
