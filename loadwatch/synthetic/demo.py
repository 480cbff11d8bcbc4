"""The model demo's squad: simulated athletes with a planted injury hazard.

``loadwatch demo --with-model`` (what ``make run`` seeds) stores it, with a model validated on
it (:func:`loadwatch.app.seed.demo_model`), next to the sample club,
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

from loadwatch.ingest.injuries import read_injuries
from loadwatch.synthetic.cohorts import INJURIES_FILE, ROSTER_FILE, SESSIONS_FILE, simulate_cohort

DEMO_TEAM: Final = "Simulated squad (model demo)"
#: 60 athletes × 1 season, strong planted effects (the tests' planted cohort)
COHORT: Final = {"n_athletes": 60, "n_days": 365, "hazard": "planted", "seed": 0,
                 "beta_spike": 2.5, "beta_ext": 3.0, "base_hazard": 0.001}
N_BOOT: Final = 200


@dataclass
class DemoSquad:
    """The squad's three files (in `folder`) and its injury log as read back."""

    sessions: Path
    roster: Path
    injuries: Path
    injury_log: pd.DataFrame

    @property
    def source(self) -> str:
        """How a model card names this data."""
        return (f"simulated squad ({COHORT['n_athletes']} athletes × {COHORT['n_days']} days, "
                "planted hazard; loadwatch demo)")


def write_demo_squad(folder: str | Path) -> DemoSquad:
    """Simulate the squad into `folder` (sessions, roster and injury log files)."""
    out = Path(folder)
    simulate_cohort(**COHORT).write(out)  # type: ignore[arg-type]
    injuries = read_injuries(out / INJURIES_FILE)
    return DemoSquad(out / SESSIONS_FILE, out / ROSTER_FILE, out / INJURIES_FILE, injuries)
