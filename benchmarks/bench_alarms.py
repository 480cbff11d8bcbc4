"""The alarm budget (issue 14): how often each level is shown, and how true a red is.

Run on demand; it prints figures and asserts nothing (tests/risk/test_escalation.py checks the
rule on hand-made logs).

    .venv/bin/python benchmarks/bench_alarms.py                     # sample club + 300 × 730
    .venv/bin/python benchmarks/bench_alarms.py --athletes 100 --days 365 --n-boot 200
    .venv/bin/python benchmarks/bench_alarms.py --set escalation.extension_margin_ratio=0.1

1. **Level shares**: the share of athlete-weeks at each level (a week's level is its highest
   day, spec §10.1) over every week in the data, as ``loadwatch flags … --levels`` prints it,
   for the sample club (data/samples with roster, growth, symptoms and plans) and for
   ``loadwatch simulate`` null and planted cohorts (with their rosters).
2. **Known truth** (planted and null cohorts), on every usable athlete-day of the model table
   (not injured, the 7 days ahead observed): the share of days that are red and the red
   level's precision (an injury onset within 7 days) against the base rate, next to the ratio
   alone (primary RAC, rounded as shown, above the amber threshold 1.30); ROC AUC of the rule
   level (ordinal: green/grey 0, amber 1, red 2, refer 3, refer urgently 4) and of the primary
   ratio alone (logistic regression on RAC with a missing indicator, as the model card's
   baseline, fitted on the same rows: two parameters on ~190,000 rows, no optimism to speak
   of). Intervals are 95 % percentile intervals of a bootstrap that resamples athletes
   (loadwatch.model.bootstrap); the AUC difference is paired (same replicates).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

import loadwatch as lw
from loadwatch.config import Config, load_config
from loadwatch.ingest.injuries import read_injuries
from loadwatch.model import bootstrap
from loadwatch.model.evaluation import RULE_SCORE
from loadwatch.model.features import Feat
from loadwatch.model.target import build_model_table
from loadwatch.risk.engine import Assessment, evaluate
from loadwatch.risk.week import BUDGET_LEVELS
from loadwatch.synthetic.cohorts import simulate_cohort
from loadwatch.vocab import round_half_up

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
HORIZON = 7


def club(config: Config) -> Assessment:
    """The sample club with every side table."""
    name = "gymnastics_club_{}.csv"
    return evaluate(lw.read_log(SAMPLES / name.format("sessions")),
                    roster=lw.read_roster(SAMPLES / name.format("roster")),
                    growth=lw.read_growth(SAMPLES / name.format("growth")),
                    symptoms=lw.read_symptoms(SAMPLES / name.format("symptoms")),
                    plans=lw.read_plans(SAMPLES / name.format("plans")), config=config)


def shares_line(label: str, result: Assessment) -> str:
    """One table row: athlete-weeks, then count and share per level."""
    table = result.level_shares()
    total = int(table["athlete_weeks"].sum())
    cells = [f"{int(n):,} ({s:.1%})" for n, s in zip(table["athlete_weeks"], table["share"],
                                                     strict=True)]
    return f"| {label} | {total:,} | " + " | ".join(cells) + " |"


def _ratio_score(rac: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The primary ratio alone as the model card's baseline: logistic regression on RAC
    (median-imputed) with a missing indicator."""
    missing = ~np.isfinite(rac)
    x = np.column_stack([np.where(missing, np.nanmedian(rac), rac), missing])
    model = LogisticRegression(max_iter=1000).fit(x, y)
    return np.asarray(model.predict_proba(x)[:, 1])


def _precision(y: np.ndarray, flagged: np.ndarray, index: np.ndarray, counts: np.ndarray
               ) -> tuple[float, tuple[float, float]]:
    """Onsets within the horizon among flagged days, with its athlete-bootstrap interval."""
    hits = np.bincount(index, weights=(flagged & (y == 1)).astype(float),
                       minlength=counts.shape[1])
    shown = np.bincount(index, weights=flagged.astype(float), minlength=counts.shape[1])
    with np.errstate(invalid="ignore", divide="ignore"):
        reps = (counts @ hits) / (counts @ shown)
    point = float(hits.sum() / shown.sum()) if shown.sum() else float("nan")
    return point, bootstrap.interval(reps)


def truth(kind: str, args: argparse.Namespace, config: Config) -> dict[str, Any]:
    """Level shares and, against the cohort's injuries, precision and ROC AUC."""
    cohort = simulate_cohort(args.athletes, args.days, kind, seed=args.seed)  # type: ignore[arg-type]
    log, roster = lw.read_log(cohort.csv("sessions")), lw.read_roster(cohort.csv("roster"))
    injuries = read_injuries(cohort.csv("injuries"))
    started = time.perf_counter()
    result = evaluate(log, roster=roster, config=config)
    seconds = time.perf_counter() - started
    table = build_model_table(log, injuries, roster, horizon=HORIZON)
    daily = result.daily()[["athlete", "date", "level"]].astype({"athlete": str, "level": str})
    keys = pd.MultiIndex.from_arrays([table.frame["athlete"].astype(str), table.frame["date"]])
    level = daily.set_index(["athlete", "date"])["level"].reindex(keys).to_numpy()
    rows = np.flatnonzero(table.usable)
    y, level = table.y[rows].astype(int), level[rows]
    rac = table.frame[Feat.RAC].to_numpy(float)[rows]
    index, counts = bootstrap.athlete_weights(table.code[rows], args.n_boot, args.seed)
    amber = float(config.get("acwr.amber_above"))
    above = np.asarray(round_half_up(np.nan_to_num(rac, nan=0.0), 2) > amber)
    rule = pd.Series(level).map(RULE_SCORE).fillna(0).to_numpy(float)
    ratio = _ratio_score(rac, y)
    rule_reps = bootstrap.auc_replicates(y, rule, index, counts)
    ratio_reps = bootstrap.auc_replicates(y, ratio, index, counts)
    return {
        "kind": kind, "result": result, "seconds": seconds, "days": len(rows),
        "onsets": int(table.n_injuries), "base": float(y.mean()),
        "red_share": float(np.mean(level == "red")), "ratio_share": float(above.mean()),
        "red": _precision(y, level == "red", index, counts),
        "ratio": _precision(y, above, index, counts),
        "rule_auc": (bootstrap.weighted_auc(y, rule), bootstrap.interval(rule_reps)),
        "ratio_auc": (bootstrap.weighted_auc(y, ratio), bootstrap.interval(ratio_reps)),
        "difference": (bootstrap.weighted_auc(y, rule) - bootstrap.weighted_auc(y, ratio),
                       bootstrap.interval(rule_reps - ratio_reps)),
    }


def _ci(value: tuple[float, tuple[float, float]], fmt: str = ".3f") -> str:
    point, (low, high) = value
    return f"{point:{fmt}} ({low:{fmt}} to {high:{fmt}})"


def truth_lines(found: dict[str, Any]) -> list[str]:
    """The known-truth table rows of one cohort."""
    return [
        f"| {found['kind']} | {found['days']:,} | {found['onsets']} | {found['base']:.2%} | "
        f"{found['red_share']:.1%} | {_ci(found['red'], '.2%')} | {found['ratio_share']:.1%} | "
        f"{_ci(found['ratio'], '.2%')} | {_ci(found['rule_auc'])} | {_ci(found['ratio_auc'])} | "
        f"{_ci(found['difference'], '+.3f')} |"]


def _number(text: str) -> float | int:
    """A --set value: whole numbers stay whole (count keys refuse 3.0)."""
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def main() -> None:
    """Print the level-share and known-truth tables (Markdown, as benchmarks/README.md)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--athletes", type=int, default=300)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--n-boot", type=int, default=1000)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="a configuration override, e.g. escalation.extension_margin_ratio"
                             "=0.1 (numbers only)")
    args = parser.parse_args()
    config = load_config(overrides={k: _number(v) for k, v in (s.split("=") for s in args.set)})
    names = " | ".join(lv.display for lv in BUDGET_LEVELS)
    found = {kind: truth(kind, args, config) for kind in ("null", "planted")}
    size = f"{args.athletes} × {args.days}, seed {args.seed}"
    print(f"| data | athlete-weeks | {names} |")
    print("| --- " * 8 + "|")
    print(shares_line("sample club (data/samples, all side tables)", club(config)))
    for kind, result in found.items():
        print(shares_line(f"`simulate` {kind} ({size})", result["result"]))
    print()
    print("| cohort | usable athlete-days | onsets | base rate (onset ≤ 7 d) | red days | "
          "red precision (95 % CI) | RAC > 1.30 days | RAC > 1.30 precision | rule level ROC "
          "AUC | ratio alone ROC AUC | rule − ratio (paired) |")
    print("| --- " * 11 + "|")
    for result in found.values():
        print("\n".join(truth_lines(result)))
    timing = ", ".join(f"{k} {v['seconds']:.1f} s" for k, v in found.items())
    print(f"\nrule engine: {timing}; bootstrap {args.n_boot} replicates over athletes")


if __name__ == "__main__":
    main()
