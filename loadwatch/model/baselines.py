"""The baselines a model is compared with, by name, and the ROC points of any score."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import numpy as np
from sklearn.metrics import roc_curve

if TYPE_CHECKING:
    from loadwatch.model.evaluation import Evaluation


class Baseline:
    """Names of the baselines in metrics.json."""

    INTERCEPT: Final = "intercept_only"
    ACUTE: Final = "acute_load_alone"
    RULES: Final = "rule_engine_level"
    RAC: Final = "acwr_rac_alone"
    PERMUTED: Final = "acute_over_permuted_chronic"

    TITLES: Final = {
        "intercept_only": "intercept only (training prevalence)",
        "acute_load_alone": "acute load alone (7-day sRPE mean)",
        "rule_engine_level": "loadwatch rule engine level (ordinal)",
        "acwr_rac_alone": "ACWR (RAC) alone",
        "acute_over_permuted_chronic": "acute ÷ randomly permuted chronic load",
    }


def roc_points(evaluation: Evaluation, column: str) -> tuple[np.ndarray, np.ndarray]:
    """False- and true-positive rates of one score column of the test table."""
    fpr, tpr, _ = roc_curve(evaluation.test["y"], evaluation.test[column])
    return fpr, tpr
