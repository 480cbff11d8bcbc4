"""Figures of an evaluation: ROC curves, calibration, feature effects (PNG, no display)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from loadwatch.model.baselines import Baseline, roc_points

if TYPE_CHECKING:
    from loadwatch.model.evaluation import Evaluation


def roc_plot(evaluation: Evaluation, path: Path) -> Path:
    """ROC curves of the model and the baselines on the test rows."""

    m = evaluation.metrics
    fig, ax = plt.subplots(figsize=(6, 6))
    fpr, tpr = roc_points(evaluation, "model")
    low, high = m["roc_auc_ci"]
    ax.plot(fpr, tpr, lw=2.2, color="black",
            label=f"model: {m['roc_auc']:.3f} ({low:.3f}–{high:.3f})")
    for name, detail in m["baselines_detail"].items():
        if name == Baseline.INTERCEPT:
            continue
        fpr, tpr = roc_points(evaluation, name)
        ax.plot(fpr, tpr, lw=1.2, label=f"{Baseline.TITLES[name]}: {detail['roc_auc']:.3f}")
    ax.plot([0, 1], [0, 1], ls="--", color="grey", lw=1, label="chance / intercept only: 0.5")
    ax.set_xlabel("false-positive rate (uninjured athlete-days flagged)")
    ax.set_ylabel("true-positive rate (athlete-days before an injury flagged)")
    ax.set_title(f"ROC on later months of other athletes ({m['n_events_test']} events)")
    ax.legend(loc="lower right", fontsize=7)
    ax.set_aspect("equal")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def calibration_plot(evaluation: Evaluation, path: Path) -> Path:
    """Observed share against mean predicted probability per decile of predicted risk."""
    table = evaluation.calibration
    fig, ax = plt.subplots(figsize=(6, 5))
    top = max(float(table["predicted"].max()), float(table["observed"].max())) * 1.1 or 1.0
    ax.plot([0, top], [0, top], ls="--", color="grey", lw=1, label="perfect calibration")
    ax.plot(table["predicted"], table["observed"], marker="o", color="black",
            label="deciles of predicted risk")
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    h = evaluation.metrics["horizon_days"]
    ax.set_xlabel(f"mean predicted probability of an onset within {h} days")
    ax.set_ylabel("observed share of athlete-days followed by an onset")
    ax.set_title("Calibration on the test part")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def importance_plot(evaluation: Evaluation, path: Path) -> Path:
    """Permutation importance (drop in test ROC AUC) per feature, with ± 1 SD."""
    imp = evaluation.importance.iloc[::-1]
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(imp) + 1.5))
    ax.barh(imp["feature"], imp["mean"], xerr=imp["sd"], color="#4a7ab0")
    ax.axvline(0, color="grey", lw=1)
    ax.set_xlabel("drop in test ROC AUC when the feature is shuffled")
    ax.set_title("Feature effects: permutation importance\n(association in this data, not cause)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
