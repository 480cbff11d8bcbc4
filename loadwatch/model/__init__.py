"""loadwatch.model: an injury-risk model that is honest about what it knows (issue #8).

The data's journey, one module per step:

- :mod:`~loadwatch.ingest.injuries` — the injury log (validated like every upload) and the
  team's epidemiology: incidence and burden per 1,000 h with 95 % intervals;
- :mod:`~loadwatch.synthetic.cohorts` — known-truth cohorts (null or planted hazard);
- :mod:`~loadwatch.model.features` — per athlete-day features from data up to that day;
- :mod:`~loadwatch.model.target` — injury onset within the next days, injured days left out;
- :mod:`~loadwatch.model.estimator` — :class:`RiskModel`, a calibrated scikit-learn classifier;
- :mod:`~loadwatch.model.evaluation` — grouped, forward-in-time validation with athlete
  bootstrap intervals, baselines, verdict, model card (:mod:`~loadwatch.model.card`) and plots;
- :mod:`~loadwatch.model.bundle` — a fitted model as one file, and predictions from it;
- :mod:`~loadwatch.model.power` — the share of planted cohorts of a club's size detected.

Decision support, not diagnosis: a probability is shown only beside its model card.
"""

from loadwatch.ingest.injuries import INJURY_FIELDS, InjuryCol, read_injuries
from loadwatch.model.bundle import FittedModel, fit_model, load_model
from loadwatch.model.epidemiology import InjurySummary, injury_epidemiology
from loadwatch.model.estimator import RiskModel
from loadwatch.model.evaluation import Evaluation, evaluate_model, forward_group_split
from loadwatch.model.features import FEATURES, build_features
from loadwatch.model.power import PowerResult, power
from loadwatch.model.target import ModelTable, build_model_table
from loadwatch.synthetic.cohorts import Cohort, Hazard, simulate_cohort

__all__ = [
    # injury log and epidemiology
    "InjuryCol", "INJURY_FIELDS", "read_injuries", "injury_epidemiology", "InjurySummary",
    # known-truth cohorts
    "simulate_cohort", "Cohort", "Hazard",
    # features and target
    "FEATURES", "build_features", "build_model_table", "ModelTable",
    # model, validation, saved models, power
    "RiskModel", "evaluate_model", "Evaluation", "forward_group_split",
    "fit_model", "load_model", "FittedModel", "power", "PowerResult",
]
