"""The risk model's evaluation on known-truth cohorts: planted and null, 300 athletes × 2 seasons.

Run on demand; it prints figures and asserts nothing (the test suite checks small cohorts).

    .venv/bin/python benchmarks/bench_model.py                      # 300 × 730, planted + null
    .venv/bin/python benchmarks/bench_model.py --athletes 100 --days 365 --threads 2
    .venv/bin/python benchmarks/bench_model.py --out /tmp/bench     # keep cards and plots

For each cohort: simulate (loadwatch.synthetic.cohorts defaults: planted β_spike 1.0, β_ext 1.5,
base 0.002; null base 0.003), write the three files, read them through the real ingest, then
time `evaluate_model` — features, grouped forward split, model fit with calibration, all
baselines (rule engine included), 1,000 athlete bootstrap replicates, permutation importance —
and write the model card, metrics.json and plots. The issue's done-when is printed as
met / not met: planted → the model beats acute load alone and its ROC AUC interval excludes
0.5; null → the interval contains 0.5 and the card says "No better than chance".
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

from loadwatch.ingest.injuries import read_injuries
from loadwatch.ingest.log import read_log
from loadwatch.ingest.tables import read_roster_table
from loadwatch.model.evaluation import evaluate_model
from loadwatch.synthetic.cohorts import simulate_cohort


def run(hazard: str, args: argparse.Namespace, out: Path) -> dict[str, Any]:
    """Simulate, ingest and evaluate one cohort; return its figures."""
    t0 = time.perf_counter()
    cohort = simulate_cohort(args.athletes, args.days, hazard, seed=args.seed)  # type: ignore[arg-type]
    simulated = time.perf_counter() - t0
    folder = out / hazard
    cohort.write(folder)
    t0 = time.perf_counter()
    log = read_log(folder / "sessions.csv")
    injuries = read_injuries(folder / "injuries.csv")
    roster = read_roster_table(folder / "roster.csv")
    ingested = time.perf_counter() - t0
    t0 = time.perf_counter()
    evaluation = evaluate_model(log, injuries, roster, seed=args.seed, n_boot=args.n_boot,
                                n_threads=args.threads, source=f"{hazard} cohort")
    evaluated = time.perf_counter() - t0
    t0 = time.perf_counter()
    evaluation.write(folder / "evaluation")
    written = time.perf_counter() - t0
    m = evaluation.metrics
    return {"hazard": hazard, "truth": cohort.truth, "metrics": m, "card": evaluation.card,
            "seconds": {"simulate": simulated, "ingest": ingested, "evaluate": evaluated,
                        "write": written},
            "log_rows": len(log)}


def report(result: dict[str, Any]) -> list[str]:
    """Printable lines for one cohort."""
    m, s = result["metrics"], result["seconds"]
    low, high = m["roc_auc_ci"]
    d = m["auc_minus_acute_load"]
    lines = [
        f"== {result['hazard']} cohort: {result['truth']['formula']}",
        f"   {m['n_athletes']} athletes, {result['log_rows']:,} log rows, {m['n_events']} "
        f"injury events ({m['n_events_train']} train / {m['n_events_test']} test), "
        f"{m['n_rows_train']:,} / {m['n_rows_test']:,} athlete-days",
        f"   model ROC AUC {m['roc_auc']:.3f} (95 % CI {low:.3f}–{high:.3f}); PR AUC "
        f"{m['pr_auc']:.3f} ({m['pr_auc_ci'][0]:.3f}–{m['pr_auc_ci'][1]:.3f}; observed rate "
        f"{m['observed_rate']:.4f}); Brier {m['brier']:.5f} (intercept "
        f"{m['brier_intercept_only']:.5f})",
        "   baselines (ROC AUC, 95 % CI):",
        *[f"     {name:<30} {b['roc_auc']:.3f} ({b['roc_auc_ci'][0]:.3f}–"
          f"{b['roc_auc_ci'][1]:.3f})" for name, b in m["baselines_detail"].items()],
        f"   model − acute load alone: {d['estimate']:+.3f} (95 % CI {d['ci'][0]:+.3f} to "
        f"{d['ci'][1]:+.3f})",
        "   top features: " + ", ".join(
            f"{k} {v['mean']:+.3f}" for k, v in list(m["permutation_importance"].items())[:4]),
        f"   verdict: {m['verdict']}",
        f"   time: simulate {s['simulate']:.1f} s, ingest {s['ingest']:.1f} s, "
        f"evaluate {s['evaluate']:.1f} s, write card+plots {s['write']:.1f} s",
    ]
    if result["hazard"] == "planted":
        met = m["beats_acute_load"] and low > 0.5
        lines.append(f"   done-when (beats acute load alone, interval excludes 0.5): "
                     f"{'met' if met else 'NOT met'}")
    else:
        met = low < 0.5 < high and "No better than chance" in result["card"]
        lines.append(f"   done-when (interval contains 0.5, card says so): "
                     f"{'met' if met else 'NOT met'}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=300)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--n-boot", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=1,
                        help="OpenMP threads for the model (default 1)")
    parser.add_argument("--hazard", choices=("both", "planted", "null"), default="both")
    parser.add_argument("--out", help="keep the cohorts, cards and plots here")
    parser.add_argument("--json", help="also write the figures as JSON")
    args = parser.parse_args()
    print(f"loadwatch model benchmark — {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"{args.threads} model thread(s), {args.n_boot} bootstrap replicates")
    hazards = ("planted", "null") if args.hazard == "both" else (args.hazard,)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.out) if args.out else Path(tmp)
        results = []
        for hazard in hazards:
            result = run(hazard, args, out)
            results.append(result)
            print("\n".join(report(result)), flush=True)
        if args.out:
            print(f"cards, metrics and plots in {out}/<hazard>/evaluation")
    if args.json:
        Path(args.json).write_text(json.dumps(
            [{k: v for k, v in r.items() if k != "card"} for r in results], indent=2,
            default=str))


if __name__ == "__main__":
    main()
