"""Validation that cannot flatter: the split, the intervals, the baselines and the verdict."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import average_precision_score, roc_auc_score

from loadwatch.errors import LogError
from loadwatch.model import bootstrap
from loadwatch.model.evaluation import (
    Baseline,
    Evaluation,
    evaluate_model,
    forward_group_split,
    permuted_chronic_ratio,
)
from loadwatch.model.features import Feat
from loadwatch.model.target import build_model_table
from loadwatch.schema import Col
from loadwatch.synthetic.cohorts import simulate_cohort
from tests.builders import day, read
from tests.model.support import Squad, ingest


def test_split_is_grouped_by_athlete_and_test_is_strictly_later(planted: Squad) -> None:
    table = build_model_table(planted.log, planted.injuries, planted.roster)
    split = forward_group_split(table, seed=3)
    train_athletes = set(table.code[split.train])
    test_athletes = set(table.code[split.test])
    assert train_athletes and test_athletes and not train_athletes & test_athletes
    assert table.day[split.train].max() + table.horizon < table.day[split.test].min()
    assert table.day[split.test].min() == split.cut_day
    assert table.usable[split.train].all() and table.usable[split.test].all()
    assert len(split.test_athletes) == 18 and len(split.train_athletes) == 42
    again = forward_group_split(table, seed=3)
    assert np.array_equal(again.test, split.test)  # seeded


def test_bootstrap_by_athlete_is_exact_weighted_auc_and_ap() -> None:
    rng = np.random.default_rng(1)
    n = 3000
    groups = rng.integers(0, 25, n)
    y = (rng.random(n) < 0.05).astype(int)
    score = np.round(rng.random(n) + 0.4 * y, 2)          # ties included
    index, counts = bootstrap.athlete_weights(groups, 50, seed=0)
    auc = bootstrap.auc_replicates(y, score, index, counts)
    ap = bootstrap.ap_replicates(y, score, index, counts)
    for r in (0, 17, 49):
        weights = counts[r][index]
        assert auc[r] == pytest.approx(roc_auc_score(y, score, sample_weight=weights), abs=1e-12)
        assert ap[r] == pytest.approx(average_precision_score(y, score, sample_weight=weights),
                                      abs=1e-12)
    assert counts.sum(axis=1).tolist() == [25.0] * 50    # athletes drawn with replacement
    assert bootstrap.weighted_auc(y, score) == pytest.approx(roc_auc_score(y, score))


def test_null_cohort_no_better_than_chance(null_eval: Evaluation) -> None:
    m = null_eval.metrics
    low, high = m["roc_auc_ci"]
    assert low < 0.5 < high
    assert m["beats_chance"] is False and m["beats_acute_load"] is False
    assert "No better than chance" in null_eval.card
    assert "no better than chance" in m["verdict"].lower()
    assert f"{m['n_events']} injury events" in m["verdict"]


def test_planted_cohort_beats_intercept_and_acute_load(planted_eval: Evaluation) -> None:
    m = planted_eval.metrics
    assert m["roc_auc_ci"][0] > 0.5
    assert m["roc_auc"] > m["baselines"][Baseline.INTERCEPT] == 0.5
    assert m["roc_auc"] > m["baselines"][Baseline.ACUTE]
    assert m["auc_minus_acute_load"]["ci"][0] > 0
    assert m["beats_chance"] and m["beats_acute_load"]
    assert "Better than chance" in planted_eval.card and "It beats acute load alone" in \
        planted_eval.card
    assert m["pr_auc"] > m["observed_rate"]
    assert m["brier"] < m["brier_intercept_only"]


def test_planted_features_rank_highest_in_permutation_importance(
        planted_eval: Evaluation) -> None:
    ranking = list(planted_eval.importance["feature"])
    planted_features = {Feat.CHANGE, Feat.EXT_ACWR}   # spike and extension ratio (truth.json)
    assert ranking[0] in planted_features
    assert planted_features <= set(ranking[:3])
    assert planted_eval.importance.set_index("feature").loc[list(planted_features),
                                                            "mean"].min() > 0.01


def test_all_baselines_on_the_same_rows_including_permuted_chronic(
        planted_eval: Evaluation) -> None:
    m = planted_eval.metrics
    assert set(m["baselines"]) == {Baseline.INTERCEPT, Baseline.ACUTE, Baseline.RULES,
                                   Baseline.RAC, Baseline.PERMUTED}
    for name in m["baselines"]:
        assert planted_eval.test[name].notna().all() and len(planted_eval.test) == m[
            "n_rows_test"]
        low, high = m["baselines_detail"][name]["roc_auc_ci"]
        assert low <= m["baselines"][name] <= high
    assert "acute ÷ randomly permuted chronic load" in planted_eval.card


def test_permuted_chronic_keeps_the_values_but_not_their_days(planted: Squad) -> None:
    table = build_model_table(planted.log, planted.injuries)
    ratio = permuted_chronic_ratio(table, seed=0)
    chronic = table.frame[Feat.CHRONIC].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        implied = table.frame[Feat.ACUTE].to_numpy() / ratio
    known = np.isfinite(implied)
    assert np.isin(np.round(implied[known], 6), np.round(chronic, 6)).all()
    assert not np.allclose(implied[known], chronic[known])


def test_writes_card_metrics_and_plots(planted_eval: Evaluation, tmp_path: Path) -> None:
    paths = planted_eval.write(tmp_path)
    assert sorted(p.name for p in paths) == ["calibration.png", "feature-effects.png",
                                              "metrics.json", "model-card.md", "roc.png"]
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    for key in ("roc_auc", "roc_auc_ci", "pr_auc", "brier", "n_athletes", "n_events",
                "baselines", "verdict"):
        assert key in metrics
    assert len(metrics["roc_auc_ci"]) == 2 and metrics["n_athletes"] == 60
    assert all(isinstance(v, float) for v in metrics["baselines"].values())
    for png in tmp_path.glob("*.png"):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    card = (tmp_path / "model-card.md").read_text()
    assert card.startswith("# Model card") and "Decision support, not diagnosis" in card


def test_logistic_kind_evaluates_too(planted: Squad) -> None:
    ev = evaluate_model(planted.log, planted.injuries, planted.roster, kind="logistic",
                        n_boot=200, rule_baseline=False, importance=False, n_threads=1)
    assert ev.metrics["kind"] == "logistic" and ev.metrics["roc_auc_ci"][0] > 0.5


# --- bad input: a clear message, never a traceback ------------------------------------------


def _injuries_csv(rows: list[str]) -> pd.DataFrame:
    from loadwatch.ingest.injuries import read_injuries

    header = "athlete,onset_date,body_region,injury_type,time_loss_days"
    return read_injuries(("\n".join([header, *rows]) + "\n").encode())


def test_no_injuries_inside_the_log_is_refused() -> None:
    log = read({"A": [300.0] * 60, "B": [300.0] * 60})
    injuries = _injuries_csv(["C,2024-01-20,knee,acute,3"])      # not an athlete of the log
    with pytest.raises(LogError, match="no injury in the injury log falls inside"):
        evaluate_model(log, injuries)


def test_one_athlete_is_refused() -> None:
    log = read({"A": [300.0] * 60})
    injuries = _injuries_csv([f"A,{day(20).date()},knee,acute,3"])
    with pytest.raises(LogError, match="only one athlete"):
        evaluate_model(log, injuries)


def test_too_few_events_to_split_is_refused() -> None:
    squad = ingest(simulate_cohort(10, 200, "null", seed=1, base_hazard=0.004))
    with pytest.raises(LogError, match="too few injury events to split") as info:
        evaluate_model(squad.log, squad.injuries)
    assert "in the test part" in str(info.value) and "collect more" in str(info.value)


def test_test_rows_are_the_test_athletes_later_days(planted_eval: Evaluation,
                                                   planted: Squad) -> None:
    test = planted_eval.test
    cut = pd.Timestamp(planted_eval.metrics["test_period"][0])
    assert (test[Col.DATE] >= cut).all()
    assert test[Col.ATHLETE].nunique() == planted_eval.metrics["n_athletes_test"]
