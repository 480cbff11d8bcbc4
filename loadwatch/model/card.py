"""The model card: what the model predicts, on what data, how well, and against what.

Written from the evaluation's numbers only (Mitchell et al. 2019, "Model cards for model
reporting"), in words a coach and a physiotherapist can read. The verdict comes first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from loadwatch.model.baselines import Baseline
from loadwatch.model.features import Feat

if TYPE_CHECKING:
    from loadwatch.model.evaluation import Evaluation

FEATURE_WORDS = {
    Feat.ACUTE: "acute sRPE load: mean of the last 7 days (AU/day)",
    Feat.CHRONIC: "chronic sRPE load: mean of days 8–28 back, uncoupled (AU/day)",
    Feat.RAC: "ACWR, rolling coupled 7:28 (RAC)",
    Feat.RAU: "ACWR, rolling uncoupled (RAU)",
    Feat.EWMA: "ACWR, EWMA 7:28",
    Feat.CHANGE: "week-to-week change of the 7-day load (%)",
    Feat.MONOTONY: "monotony of the last 7 days (Foster)",
    Feat.STRAIN: "strain of the last 7 days (Foster)",
    Feat.EXT_ACUTE: "extension exposure: mean of the last 7 days (reps/day)",
    Feat.EXT_ACWR: "extension acute:chronic ratio (RAC form)",
    Feat.HOURS_AGE: "organised hours in the last 7 days ÷ age in years",
    Feat.SINCE_INJURY: "days since the latest injury onset",
    Feat.PREVIOUS: "number of earlier injuries",
}


def _ci(pair: list[float], digits: int = 3) -> str:
    return f"{pair[0]:.{digits}f}–{pair[1]:.{digits}f}"


def model_card(evaluation: Evaluation) -> str:
    """Markdown model card of an evaluation."""
    m: dict[str, Any] = evaluation.metrics
    lines = [*_purpose(m), *_data_and_model(m), *_performance(m), *_calibration(evaluation),
             *_importance(m), *_limitations(m)]
    return "\n".join(lines)


def _purpose(m: dict[str, Any]) -> list[str]:
    """Title, the decision-support disclaimer, the verdict and what the model predicts."""
    return [
        "# Model card — loadwatch injury-risk model",
        "",
        "> **Decision support, not diagnosis.** The model estimates how often athlete-days "
        "like this one were followed by an injury onset in the data it learned from. It does "
        "not say that an athlete will be injured, or that an athlete is safe. Symptoms go to a "
        "clinician regardless of any number here.",
        "",
        "## Verdict",
        "",
        m["verdict"],
        "",
        "## What it predicts",
        "",
        f"The probability that an injury starts within the next {m['horizon_days']} days (after "
        "the day of the data), for one athlete on one day, from the training log up to that day "
        "and the athlete's injury history. Days on which the athlete is injured are not "
        "predicted.",
        "",
    ]


def _data_and_model(m: dict[str, Any]) -> list[str]:
    """The data and its athlete-grouped, forward-in-time split; the estimator and features."""
    kind = {"hgb": "histogram gradient boosting (scikit-learn HistGradientBoostingClassifier)",
            "logistic": "logistic regression with median imputation and missing indicators"}
    return [
        "## Data",
        "",
        f"- Source: {m.get('source') or 'in-memory tables'}",
        f"- Athletes: {m['n_athletes']}; injury events inside the logged dates: "
        f"{m['n_events']}",
        f"- Split grouped by athlete **and** forward in time: the model learned from "
        f"{m['n_athletes_train']} athletes' days {m['train_period'][0]} to "
        f"{m['train_period'][1]} ({m['n_rows_train']:,} athlete-days, "
        f"{m['n_events_train']} events) and was tested on {m['n_athletes_test']} *other* "
        f"athletes' days {m['test_period'][0]} to {m['test_period'][1]} "
        f"({m['n_rows_test']:,} athlete-days, {m['n_events_test']} events).",
        "",
        "## Model",
        "",
        f"- {kind.get(m['kind'], m['kind'])}; injured rows weighted up (balanced sample "
        f"weights), then calibrated ({m['calibration']}) on athlete-grouped folds of the "
        "training part that the fitted trees or coefficients had not seen.",
        "- Features (each from data up to the day predicted):",
        *[f"  - `{f}`: {FEATURE_WORDS.get(f, f)}" for f in m["features"]],
        "- Missing values (not recorded days, too little history) stay missing; they are "
        "never read as zero load.",
        "",
    ]


def _performance(m: dict[str, Any]) -> list[str]:
    """Test-part discrimination and calibration-in-the-large, and the baselines beside it."""
    return [
        f"## Performance on the test part ({m['n_events_test']} events)",
        "",
        "| measure | value | 95 % CI (athletes resampled) |",
        "|---|---|---|",
        f"| ROC AUC | {m['roc_auc']:.3f} | {_ci(m['roc_auc_ci'])} |",
        f"| PR AUC (average precision) | {m['pr_auc']:.3f} | {_ci(m['pr_auc_ci'])} |",
        f"| Brier score | {m['brier']:.4f} | intercept only: {m['brier_intercept_only']:.4f} |",
        f"| mean predicted vs observed | {m['mean_predicted']:.4f} | observed "
        f"{m['observed_rate']:.4f} |",
        "",
        "ROC AUC 0.5 is chance; PR AUC must be read against the observed rate "
        f"({m['observed_rate']:.4f}), which is what a useless model scores.",
        "",
        "## Baselines on the same test rows",
        "",
        "| baseline | ROC AUC | 95 % CI | PR AUC |",
        "|---|---|---|---|",
        *[f"| {Baseline.TITLES.get(name, name)} | {b['roc_auc']:.3f} | {_ci(b['roc_auc_ci'])} "
          f"| {b['pr_auc']:.3f} |" for name, b in m["baselines_detail"].items()],
        "",
        f"Model minus acute load alone: {m['auc_minus_acute_load']['estimate']:+.3f} "
        f"(95 % CI {m['auc_minus_acute_load']['ci'][0]:+.3f} to "
        f"{m['auc_minus_acute_load']['ci'][1]:+.3f}; paired bootstrap).",
        "The permuted-chronic ratio divides the acute load by chronic loads shuffled across "
        "athlete-days (Impellizzeri et al. 2021). When it ranks days as well as the real ratio, "
        "the ratio's signal comes from its numerator, the acute load.",
        "",
    ]


def _calibration(evaluation: Evaluation) -> list[str]:
    """Mean predicted against observed risk per decile of predicted risk."""
    return [
        "## Calibration (deciles of predicted risk)",
        "",
        "| decile | mean predicted | observed | athlete-days |",
        "|---|---|---|---|",
        *[f"| {r.bin} | {r.predicted:.4f} | {r.observed:.4f} | {r.rows:,} |"
          for r in evaluation.calibration.itertuples(index=False)],
        "",
    ]


def _importance(m: dict[str, Any]) -> list[str]:
    """Permutation importance, when the evaluation computed it (else nothing)."""
    if "permutation_importance" not in m:
        return []
    return [
        "## What the model leans on (permutation importance)",
        "",
        "Drop in test ROC AUC when one feature is shuffled (mean ± SD over repeats). An "
        "association in this data, not a cause; correlated features share their credit.",
        "",
        "| feature | drop in ROC AUC |",
        "|---|---|",
        *[f"| `{name}` | {v['mean']:+.4f} ± {v['sd']:.4f} |"
          for name, v in m["permutation_importance"].items()],
        "",
    ]


def _limitations(m: dict[str, Any]) -> list[str]:
    """What the numbers cannot say, and the version, seed and bootstrap size behind them."""
    return [
        "## Limitations",
        "",
        "- Figures hold for this squad, its sports, its injury definition and its recording "
        "habits; another squad needs its own evaluation.",
        "- Load-injury associations are not causal: athletes train less when something hurts, "
        "coaches change plans, and unrecorded factors (sleep, growth, previous injuries before "
        "the log) matter.",
        "- Acute:chronic ratios carry little beyond the acute load (Impellizzeri et al. 2021); "
        "a youth trial of ratio-guided training found no reduction in health problems "
        "(Dalen-Lorentsen et al. 2021).",
        "- A probability is shown only beside this card.",
        "",
        f"loadwatch {m['loadwatch_version']}; seed {m['seed']}; {m['n_boot']} bootstrap "
        "replicates.",
        "",
    ]
