"""Validation that cannot flatter (issue #8, part 5): other athletes, later months.

The split is grouped by athlete **and** forward in time. Athletes are shuffled (seeded) into a
training group (70 %) and a test group (30 %); a cut date splits the calendar (60 % before).
The model learns from the training athletes' days whose whole outcome window ends before the
cut; it is tested on the test athletes' days from the cut on. No athlete is on both sides and
every test day is later than every training day (and than every training outcome), as when a
club fits a model on last season's squad and uses it on next season's newcomers.

On the same test rows, the model is compared with baselines, each fitted on the same training
rows where it has anything to fit:

- **intercept only**: the training prevalence for everyone (ROC AUC 0.5 by construction);
- **acute load alone**: logistic regression on the 7-day sRPE mean;
- **rule engine level**: loadwatch's own daily level (spec §10.1) as an ordinal score
  (insufficient data / green 0, amber 1, red 2, refer 3, refer urgently 4), all rules;
- **ACWR (RAC) alone**: logistic regression on the coupled ratio;
- **acute ÷ permuted chronic**: the acute load divided by chronic loads shuffled across
  athlete-days (Impellizzeri et al. 2021): if this "ratio" does as well as the real one, the
  ratio's signal is the acute load, not the chronic-load theory.

ROC AUC and average precision (PR AUC) carry 95 % percentile intervals from a bootstrap that
resamples test athletes (:mod:`loadwatch.model.bootstrap`); the model's advantage over acute
load alone gets a paired interval from the same replicates. Also reported: Brier score (and
the intercept's), a calibration curve (deciles of predicted risk) and permutation importance
(drop in test ROC AUC when one feature is shuffled). The verdict says in plain words whether
the model was better than chance and better than acute load alone, with the number of injury
events, because a handful of events cannot support any claim.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
from sklearn.impute import SimpleImputer
from sklearn.inspection import permutation_importance
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from sklearn.pipeline import Pipeline

from loadwatch.config import Config, default_config
from loadwatch.errors import LogError
from loadwatch.model import bootstrap
from loadwatch.model.baselines import Baseline, roc_points  # noqa: F401  (public here too)
from loadwatch.model.card import model_card
from loadwatch.model.estimator import Kind, RiskModel, balanced_weights
from loadwatch.model.features import Feat
from loadwatch.model.target import DEFAULT_HORIZON, ModelTable, build_model_table
from loadwatch.schema import Col
from loadwatch.series.metrics import Windows
from loadwatch.version import __version__

MIN_TRAIN_EVENTS: Final = 20
MIN_TEST_EVENTS: Final = 10
CALIBRATION_BINS: Final = 10
#: Negative test rows used for permutation importance (all positive rows are used).
IMPORTANCE_NEGATIVES: Final = 8000

CARD_FILE: Final = "model-card.md"
METRICS_FILE: Final = "metrics.json"
ROC_FILE: Final = "roc.png"
CALIBRATION_FILE: Final = "calibration.png"
EFFECTS_FILE: Final = "feature-effects.png"


#: Ordinal score of the rule engine's daily level.
RULE_SCORE: Final = {"not_applicable": 0, "insufficient_data": 0, "green": 0, "info": 0,
                     "amber": 1, "red": 2, "refer": 3, "refer_urgent": 4}


@dataclass(frozen=True)
class Split:
    """Row indices of the training and test parts of a grouped, forward-in-time split."""

    train: np.ndarray
    test: np.ndarray
    cut_day: int                  # first day of the test period (days since 1970-01-01)
    train_athletes: np.ndarray    # athlete codes
    test_athletes: np.ndarray

    @property
    def cut_date(self) -> pd.Timestamp:
        """First day of the test period."""
        return pd.Timestamp(int(self.cut_day), unit="D")


def forward_group_split(table: ModelTable, *, test_share: float = 0.3,
                        train_time_share: float = 0.6, seed: int = 0) -> Split:
    """Athletes split into training and test groups; training rows end (with their outcome
    window) before the cut date, test rows start on it. Only usable rows are used."""
    athletes = np.unique(table.code)
    if len(athletes) < 2:
        raise LogError("the log has only one athlete; validation needs different athletes for "
                       "training and testing (the split is grouped by athlete)")
    if not (0 < test_share < 1 and 0 < train_time_share < 1):
        raise LogError("test_share and train_time_share must be between 0 and 1")
    rng = np.random.default_rng(seed)
    shuffled = rng.permutation(athletes)
    n_test = min(max(1, round(test_share * len(athletes))), len(athletes) - 1)
    test_athletes = np.sort(shuffled[:n_test])
    train_athletes = np.sort(shuffled[n_test:])
    first, last = int(table.day.min()), int(table.day.max())
    cut = first + int(round(train_time_share * (last - first)))
    in_test = np.isin(table.code, test_athletes)
    train = np.flatnonzero(table.usable & ~in_test & (table.day + table.horizon < cut))
    test = np.flatnonzero(table.usable & in_test & (table.day >= cut))
    return Split(train, test, cut, train_athletes, test_athletes)


def check_events(table: ModelTable, split: Split, *, min_train: int = MIN_TRAIN_EVENTS,
                 min_test: int = MIN_TEST_EVENTS) -> tuple[int, int]:
    """Injury events in each part; LogError when there are too few to fit or to test."""
    if table.n_injuries == 0:
        raise LogError("no injury in the injury log falls inside the training log's dates for "
                       "its athletes; the model needs injury events")
    n_train, n_test = table.events_in(split.train), table.events_in(split.test)
    if n_train < min_train or n_test < min_test:
        raise LogError(
            f"too few injury events to split: {n_train} in the training part (earlier months, "
            f"{len(split.train_athletes)} athletes; needs {min_train}) and {n_test} in the test "
            f"part (later months, {len(split.test_athletes)} other athletes; needs {min_test}) "
            f"of {table.n_injuries} injuries in all. A model cannot be validated on so few; "
            "collect more seasons or more athletes")
    injured_train = len(np.unique(table.code[split.train][table.y[split.train] == 1]))
    if injured_train < 3:
        raise LogError(f"only {injured_train} training athlete(s) had an injury; calibration "
                       "needs injured athletes in 3 groups")
    return n_train, n_test


# --- baselines --------------------------------------------------------------------------------


def _one_feature_model() -> Pipeline:
    return Pipeline([("impute", SimpleImputer(strategy="median", add_indicator=True,
                                              keep_empty_features=True)),
                     ("model", LogisticRegression(max_iter=1000))])


def _fit_one(values: np.ndarray, y: np.ndarray, train: np.ndarray, test: np.ndarray
             ) -> np.ndarray:
    """Probability from a logistic regression on one column, fitted on train, for test."""
    x = np.asarray(values, dtype=float).reshape(-1, 1)
    x = np.where(np.isfinite(x), x, np.nan)
    model = _one_feature_model()
    model.fit(x[train], y[train], model__sample_weight=balanced_weights(y[train]))
    # weighted fit for a fair ranking; Brier of these scores is not comparable (uncalibrated)
    return np.asarray(model.predict_proba(x[test])[:, 1])


def permuted_chronic_ratio(table: ModelTable, seed: int) -> np.ndarray:
    """Acute load divided by chronic loads shuffled across athlete-days (Impellizzeri et al.
    2021); NaN where either is missing or the shuffled chronic load is 0."""
    acute = table.frame[Feat.ACUTE].to_numpy(float)
    chronic = table.frame[Feat.CHRONIC].to_numpy(float)
    known = np.flatnonzero(np.isfinite(chronic))
    shuffled = np.full(len(chronic), np.nan)
    shuffled[known] = np.random.default_rng(seed).permutation(chronic[known])
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = acute / shuffled
    return np.where(np.isfinite(ratio), ratio, np.nan)


def rule_scores(log: pd.DataFrame, roster: pd.DataFrame | None, table: ModelTable,
                config: Config | None) -> np.ndarray:
    """The rule engine's daily level on the model's grid, as an ordinal score."""
    from loadwatch.risk.engine import evaluate as evaluate_rules

    daily = evaluate_rules(log, roster=roster, config=config).daily()
    levels = daily[["athlete", "date", "level"]].astype({"athlete": str, "level": str})
    keys = pd.MultiIndex.from_arrays([table.frame[Col.ATHLETE].astype(str),
                                      table.frame[Col.DATE]])
    found = levels.set_index(["athlete", "date"])["level"].reindex(keys)
    return found.map(RULE_SCORE).fillna(0).to_numpy(float)


# --- the evaluation ---------------------------------------------------------------------------


@dataclass
class Evaluation:
    """Everything `loadwatch model evaluate` writes: metrics, card, curves, importance."""

    metrics: dict[str, Any]
    card: str
    test: pd.DataFrame                      # athlete, date, y, model and baseline scores
    calibration: pd.DataFrame               # per bin: predicted, observed, rows
    importance: pd.DataFrame = field(default_factory=pd.DataFrame)

    def write(self, out_dir: str | Path, *, plots: bool = True) -> list[Path]:
        """model-card.md, metrics.json and (with `plots`) roc.png, calibration.png,
        feature-effects.png in `out_dir`."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = [out / CARD_FILE, out / METRICS_FILE]
        paths[0].write_text(self.card, encoding="utf-8")
        paths[1].write_text(json.dumps(self.metrics, indent=2, ensure_ascii=False) + "\n",
                            encoding="utf-8")
        if plots:
            from loadwatch.model import plots as draw

            paths.append(draw.roc_plot(self, out / ROC_FILE))
            paths.append(draw.calibration_plot(self, out / CALIBRATION_FILE))
            if not self.importance.empty:
                paths.append(draw.importance_plot(self, out / EFFECTS_FILE))
        return paths


def _summary(y: np.ndarray, score: np.ndarray, index: np.ndarray, counts: np.ndarray
             ) -> tuple[dict[str, Any], np.ndarray]:
    auc_reps = bootstrap.auc_replicates(y, score, index, counts)
    ap_reps = bootstrap.ap_replicates(y, score, index, counts)
    result = {
        "roc_auc": float(roc_auc_score(y, score)),
        "roc_auc_ci": list(bootstrap.interval(auc_reps)),
        "pr_auc": float(average_precision_score(y, score)),
        "pr_auc_ci": list(bootstrap.interval(ap_reps)),
    }
    return result, auc_reps


def calibration_table(y: np.ndarray, prob: np.ndarray, bins: int = CALIBRATION_BINS
                      ) -> pd.DataFrame:
    """Rows in deciles of predicted risk: mean predicted, observed share, rows, positives."""
    order = np.argsort(prob, kind="stable")
    parts = np.array_split(order, bins)
    return pd.DataFrame([{
        "bin": i + 1, "predicted": float(prob[p].mean()), "observed": float(y[p].mean()),
        "rows": len(p), "onsets_within_horizon": int(y[p].sum()),
        "low": float(prob[p].min()), "high": float(prob[p].max()),
    } for i, p in enumerate(parts) if len(p)])


def evaluate_model(
    log: pd.DataFrame, injuries: pd.DataFrame, roster: pd.DataFrame | None = None, *,
    kind: Kind = "hgb", horizon: int = DEFAULT_HORIZON, seed: int = 0, n_boot: int = 1000,
    test_share: float = 0.3, train_time_share: float = 0.6, rule_baseline: bool = True,
    importance: bool = True, importance_repeats: int = 5, config: Config | None = None,
    min_train_events: int = MIN_TRAIN_EVENTS, min_test_events: int = MIN_TEST_EVENTS,
    model: RiskModel | None = None, source: str | None = None, n_threads: int | None = None,
) -> Evaluation:
    """Fit on earlier months of some athletes, test on later months of the others, compare
    with the baselines and write the verdict (see the module docstring)."""
    started = time.perf_counter()
    cfg = config or default_config()
    windows = Windows.from_config(cfg)
    table = build_model_table(log, injuries, roster, horizon=horizon, windows=windows)
    split = forward_group_split(table, test_share=test_share,
                                train_time_share=train_time_share, seed=seed)
    events = check_events(table, split, min_train=min_train_events, min_test=min_test_events)
    y = table.y.astype(int)
    train, test = split.train, split.test
    estimator = model if model is not None else RiskModel(
        kind=kind, random_state=seed, n_threads=n_threads)
    try:
        estimator.fit(table.X(train), y[train], groups=table.code[train])
    except ValueError as exc:
        raise LogError(f"the model could not be fitted: {exc}") from None
    x_test = table.X(test)
    y_test = y[test]
    prob = estimator.predict_proba(x_test)[:, 1]
    scores = _baseline_scores(log, roster, table, y, split, seed,
                              cfg if rule_baseline else None)
    model_summary, baselines, minus_acute = _discrimination(
        y_test, prob, scores, table.code[test], n_boot, seed)
    metrics: dict[str, Any] = {
        **model_summary,
        **_accuracy(y_test, prob, float(y[train].mean())),
        **_sizes(table, split, *events),
        "horizon_days": horizon,
        "kind": estimator.kind,
        "calibration": estimator.calibration,
        "features": list(table.features),
        "baselines": {name: b["roc_auc"] for name, b in baselines.items()},
        "baselines_detail": baselines,
        "auc_minus_acute_load": minus_acute,
        "n_boot": n_boot,
        "seed": seed,
        "loadwatch_version": __version__,
        "source": source,
    }
    imp = pd.DataFrame()
    if importance:
        imp = _importance(estimator, x_test, y_test, importance_repeats, seed)
        metrics["permutation_importance"] = {
            r.feature: {"mean": r.mean, "sd": r.sd} for r in imp.itertuples(index=False)}
    metrics.update(verdict(metrics))
    metrics["evaluate_seconds"] = round(time.perf_counter() - started, 2)
    evaluation = Evaluation(metrics=metrics, card="",
                            test=_test_frame(table, test, y_test, prob, scores),
                            calibration=calibration_table(y_test, prob), importance=imp)
    evaluation.card = model_card(evaluation)
    return evaluation


def _baseline_scores(log: pd.DataFrame, roster: pd.DataFrame | None, table: ModelTable,
                     y: np.ndarray, split: Split, seed: int, rule_config: Config | None
                     ) -> dict[str, np.ndarray]:
    """Each baseline's score on the test rows, fitted on the training rows where it fits
    anything; the rule engine's level only with a `rule_config`."""
    train, test = split.train, split.test
    scores: dict[str, np.ndarray] = {
        Baseline.INTERCEPT: np.full(len(test), y[train].mean()),
        Baseline.ACUTE: _fit_one(table.frame[Feat.ACUTE].to_numpy(), y, train, test),
    }
    if rule_config is not None:
        scores[Baseline.RULES] = rule_scores(log, roster, table, rule_config)[test]
    scores[Baseline.RAC] = _fit_one(table.frame[Feat.RAC].to_numpy(), y, train, test)
    scores[Baseline.PERMUTED] = _fit_one(permuted_chronic_ratio(table, seed), y, train, test)
    return scores


def _discrimination(y_test: np.ndarray, prob: np.ndarray, scores: dict[str, np.ndarray],
                    codes: np.ndarray, n_boot: int, seed: int
                    ) -> tuple[dict[str, Any], dict[str, dict[str, Any]], dict[str, Any]]:
    """ROC and PR AUC with athlete-bootstrap intervals for the model and every baseline, and
    the model's paired advantage over acute load alone."""
    index, counts = bootstrap.athlete_weights(codes, n_boot, seed)
    model_summary, model_reps = _summary(y_test, prob, index, counts)
    baselines: dict[str, dict[str, Any]] = {}
    replicates: dict[str, np.ndarray] = {}
    for name, score in scores.items():
        baselines[name], replicates[name] = _summary(y_test, score, index, counts)
    difference = model_reps - replicates[Baseline.ACUTE]
    diff_point = model_summary["roc_auc"] - baselines[Baseline.ACUTE]["roc_auc"]
    minus_acute = {"estimate": float(diff_point), "ci": list(bootstrap.interval(difference))}
    return model_summary, baselines, minus_acute


def _accuracy(y_test: np.ndarray, prob: np.ndarray, prevalence_train: float) -> dict[str, float]:
    """Brier score (and the intercept's), mean predicted risk and observed rate."""
    return {
        "brier": float(brier_score_loss(y_test, prob)),
        "brier_intercept_only": float(brier_score_loss(y_test, np.full(len(y_test),
                                                                       prevalence_train))),
        "mean_predicted": float(prob.mean()),
        "observed_rate": float(y_test.mean()),
    }


def _sizes(table: ModelTable, split: Split, n_train_events: int, n_test_events: int
           ) -> dict[str, Any]:
    """Athletes, events, rows and dates of the whole table and of each part of the split."""
    train, test = split.train, split.test
    return {
        "n_athletes": int(len(table.athletes)),
        "n_athletes_train": int(len(split.train_athletes)),
        "n_athletes_test": int(len(split.test_athletes)),
        "n_events": int(table.n_injuries),
        "n_events_train": n_train_events,
        "n_events_test": n_test_events,
        "n_rows_train": int(len(train)),
        "n_rows_test": int(len(test)),
        "train_period": [str(pd.Timestamp(int(table.day[train].min()), unit="D").date()),
                         str(pd.Timestamp(int(table.day[train].max()), unit="D").date())],
        "test_period": [str(split.cut_date.date()),
                        str(pd.Timestamp(int(table.day[test].max()), unit="D").date())],
    }


def _test_frame(table: ModelTable, test: np.ndarray, y_test: np.ndarray, prob: np.ndarray,
                scores: dict[str, np.ndarray]) -> pd.DataFrame:
    """The test rows: athlete, date, outcome, the model's and each baseline's score."""
    frame = table.frame.iloc[test][[Col.ATHLETE, Col.DATE]].reset_index(drop=True)
    frame["y"] = y_test
    frame["model"] = prob
    for name, score in scores.items():
        frame[name] = score
    return frame


def _importance(estimator: RiskModel, x_test: pd.DataFrame, y_test: np.ndarray,
                repeats: int, seed: int, max_negatives: int = IMPORTANCE_NEGATIVES
                ) -> pd.DataFrame:
    """Permutation importance on the test rows: every positive row and at most
    `max_negatives` negative rows drawn at random (ROC AUC does not depend on how many
    negatives there are, only on their ranking, so the drop is estimated without bias)."""
    rng = np.random.default_rng(seed)
    negatives = np.flatnonzero(y_test == 0)
    if len(negatives) > max_negatives:
        negatives = rng.choice(negatives, max_negatives, replace=False)
    rows = np.sort(np.concatenate([np.flatnonzero(y_test == 1), negatives]))
    result = permutation_importance(estimator, x_test.iloc[rows], y_test[rows],
                                    scoring="roc_auc", n_repeats=repeats, random_state=seed)
    frame = pd.DataFrame({"feature": list(x_test.columns),
                          "mean": result.importances_mean.astype(float),
                          "sd": result.importances_std.astype(float)})
    return frame.sort_values("mean", ascending=False, kind="stable").reset_index(drop=True)


def verdict(metrics: dict[str, Any]) -> dict[str, Any]:
    """Plain-words verdict and the booleans behind it."""
    low, high = metrics["roc_auc_ci"]
    d_low, d_high = metrics["auc_minus_acute_load"]["ci"]
    acute = metrics["baselines"][Baseline.ACUTE]
    auc = metrics["roc_auc"]
    events = (f"{metrics['n_events']} injury events in all: {metrics['n_events_train']} in the "
              f"training part and {metrics['n_events_test']} in the test part (the others "
              "fell in the training athletes' later months or the test athletes' earlier ones, "
              "which a split by athlete and time leaves out)")
    beats_chance = bool(low > 0.5)
    beats_acute = bool(d_low > 0)
    if not beats_chance:
        first = (f"No better than chance: on later months of other athletes the model's ROC "
                 f"AUC was {auc:.3f} (95 % CI {low:.3f}–{high:.3f}), an interval that "
                 "includes 0.5. Its probabilities must not be used to single out athletes.")
    else:
        first = (f"Better than chance: ROC AUC {auc:.3f} (95 % CI {low:.3f}–{high:.3f}) on "
                 "later months of other athletes.")
    if beats_acute:
        second = (f"It beats acute load alone (ROC AUC {acute:.3f}): difference "
                  f"{auc - acute:+.3f} (95 % CI {d_low:+.3f} to {d_high:+.3f}).")
    elif auc <= acute:
        second = (f"It does not beat acute load alone (ROC AUC {acute:.3f}; difference "
                  f"{auc - acute:+.3f}, 95 % CI {d_low:+.3f} to {d_high:+.3f}): the simple "
                  "weekly load does at least as well.")
    else:
        second = (f"It does not clearly beat acute load alone (ROC AUC {acute:.3f}; difference "
                  f"{auc - acute:+.3f}, 95 % CI {d_low:+.3f} to {d_high:+.3f}, which includes "
                  "0).")
    few = metrics["n_events_test"] < 50
    caution = (" With fewer than 50 test events every figure here is uncertain." if few else "")
    return {
        "beats_chance": beats_chance,
        "beats_acute_load": beats_acute,
        "verdict": f"{first} {second} Based on {events}.{caution}",
    }
