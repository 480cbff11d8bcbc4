"""A small simulated squad and a fitted model with a card attached, for the tests of the
places a model is kept or shown (store, report)."""

from __future__ import annotations

import copy
from dataclasses import dataclass

import pandas as pd

from loadwatch.ingest.injuries import read_injuries
from loadwatch.ingest.log import read_log
from loadwatch.ingest.tables import read_roster_table
from loadwatch.model.bundle import FittedModel, fit_model
from loadwatch.synthetic.cohorts import simulate_cohort


@dataclass
class SmallSquad:
    """40 athletes × 200 days with a planted hazard, read through the real ingest."""

    log: pd.DataFrame
    injuries: pd.DataFrame
    roster: pd.DataFrame

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """(log, injuries, roster), as fit_model and FittedModel.predict take them."""
        return self.log, self.injuries, self.roster


def small_squad() -> SmallSquad:
    cohort = simulate_cohort(40, 200, "planted", 1, base_hazard=0.004)
    return SmallSquad(read_log(cohort.csv("sessions")), read_injuries(cohort.csv("injuries")),
                      read_roster_table(cohort.csv("roster")))


def fitted_logistic(squad: SmallSquad) -> FittedModel:
    """A quickly fitted model without a card (as 'loadwatch model fit' saves it)."""
    return fit_model(*squad.frames(), kind="logistic")


def carded(fitted: FittedModel, beats_chance: bool) -> FittedModel:
    """A copy with an evaluation's card and metrics attached (as evaluate --save-model)."""
    out = copy.deepcopy(fitted)
    verdict = ("Better than chance: ROC AUC 0.700 (95 % CI 0.600–0.800)." if beats_chance else
               "No better than chance: ROC AUC 0.520 (95 % CI 0.450–0.590).")
    out.card = f"# Model card\n\n{verdict}\n"
    out.metrics = {"beats_chance": beats_chance, "verdict": verdict, "roc_auc": 0.7,
                   "roc_auc_ci": [0.6, 0.8], "brier": 0.05, "brier_intercept_only": 0.06,
                   "mean_predicted": 0.04, "observed_rate": 0.05, "n_events": 60,
                   "n_events_test": 20}
    return out
