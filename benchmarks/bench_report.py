"""Time to write the weekly team report in all four formats for a 300-athlete team.

Run on demand; it prints figures and asserts nothing about time (target: < 30 s end to end
on the project's 2-core machine).

    .venv/bin/python benchmarks/bench_report.py                 # 300 athletes x 26 weeks
    .venv/bin/python benchmarks/bench_report.py --athletes 600 --weeks 52
    .venv/bin/python benchmarks/bench_report.py --keep out/     # keep the files to look at

What is generated (numpy, seed 2026, not timed): a session log in the canonical columns
(athlete, date, sport, start_time, duration_min, rpe, session_type, extension_reps) with 4-6
sessions a week, late joiners, a missed week here and there, and load spikes in the last
weeks for some athletes; a roster (birth dates 10-17 years, prior injury for a few), two
growth measurements each, and symptom check-ins for a few athletes (so the symptom rules and
the coach-safe masking run too). Files are CSV, read through the real ingest.

Timed, in one process: ingest (logs and side tables), rule evaluation, the report content,
charts, then each format. `--cli` also times `loadwatch report` end to end in a fresh
process (imports included), which is what a club waits for.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

TARGET_S = 30.0
START = dt.date(2026, 5, 25)  # a Monday
T = TypeVar("T")


def generate(folder: Path, athletes: int, weeks: int, seed: int = 2026) -> dict[str, Path]:
    """Write sessions, roster, growth and symptoms CSVs for a synthetic club; return paths."""
    rng = np.random.default_rng(seed)
    days = weeks * 7
    ids = [f"ATH-{i:04d}" for i in range(1, athletes + 1)]
    rows: list[pd.DataFrame] = []
    for athlete in ids:
        join = int(rng.integers(0, 60)) if rng.random() < 0.1 else 0
        base_minutes = rng.uniform(70, 170)
        base_rpe = rng.uniform(3.5, 6.5)
        ext_per_min = rng.uniform(0.3, 1.0)
        day = np.arange(join, days)
        weekday = (day % 7)
        p_train = np.where(weekday == 6, 0.08, rng.uniform(0.6, 0.9))
        trained = rng.random(len(day)) < p_train
        if rng.random() < 0.08:  # a missed week of logging → "not recorded" gap
            gap = int(rng.integers(len(day) // 3, max(len(day) // 3 + 1, len(day) - 21)))
            trained[gap:gap + 7] = False
        day = day[trained]
        minutes = np.clip(rng.normal(base_minutes, 25, len(day)), 30, 240)
        rpe = np.clip(np.round(rng.normal(base_rpe, 1.0, len(day)) * 2) / 2, 1, 10)
        if rng.random() < 0.15:  # spike in the last two weeks
            late = day >= days - 14
            minutes[late] = np.minimum(minutes[late] * rng.uniform(1.4, 1.8), 235)
        ext = np.round(minutes * ext_per_min * rng.uniform(0.7, 1.3, len(day)))
        rows.append(pd.DataFrame({
            "athlete": athlete,
            "date": [START + dt.timedelta(days=int(d)) for d in day],
            "sport": "gymnastics",
            "start_time": "17:30",
            "duration_min": np.round(minutes).astype(int),
            "rpe": rpe,
            "session_type": np.where(rng.random(len(day)) < 0.05, "competition", "training"),
            "extension_reps": ext.astype(int),
        }))
    sessions = pd.concat(rows, ignore_index=True)
    end = START + dt.timedelta(days=days - 1)
    age = rng.uniform(10, 17.5, athletes)
    birth = [end - dt.timedelta(days=int(a * 365.25)) for a in age]
    roster = pd.DataFrame({
        "athlete": ids, "birth_date": birth, "sex": rng.choice(["F", "M"], athletes),
        "main_sport": "gymnastics",
        "prior_lumbar_bsi": np.where(rng.random(athletes) < 0.05, "yes", "no"),
        "free_play_hours_per_week": np.round(rng.uniform(2, 8, athletes), 1),
    })
    height = rng.uniform(135, 175, athletes)
    growth = pd.concat([
        pd.DataFrame({"athlete": ids, "date": START, "height_cm": np.round(height, 1),
                      "sitting_height_cm": np.round(height * 0.52, 1),
                      "mass_kg": np.round(height * 0.27, 1)}),
        pd.DataFrame({"athlete": ids, "date": START + dt.timedelta(days=120),
                      "height_cm": np.round(height + rng.uniform(0.5, 3.5, athletes), 1),
                      "sitting_height_cm": np.round(height * 0.52 + 0.5, 1),
                      "mass_kg": np.round(height * 0.27 + 1, 1)}),
    ], ignore_index=True)
    sick = rng.choice(athletes, size=max(1, athletes // 30), replace=False)
    symptoms = pd.DataFrame({
        "athlete": [ids[i] for i in sick],
        "date": [end - dt.timedelta(days=int(rng.integers(0, 6))) for _ in sick],
        "low_back_pain": "yes", "side": rng.choice(["left", "right", "central"], len(sick)),
        "worse_when_arching": rng.choice(["yes", "no"], len(sick)),
        "pain_0_10": rng.integers(2, 7, len(sick)),
    })
    paths = {}
    for name, table in (("sessions", sessions), ("roster", roster), ("growth", growth),
                        ("symptoms", symptoms)):
        paths[name] = folder / f"club_{name}.csv"
        table.to_csv(paths[name], index=False)
    return paths


def timed(label: str, figures: dict[str, float], func: Callable[[], T]) -> T:
    """Run func, store its wall time under label, return its result."""
    start = time.perf_counter()
    result = func()
    figures[label] = time.perf_counter() - start
    return result


def in_process(paths: dict[str, Path], out: Path, week: str) -> dict[str, float]:
    """Each stage of the report, timed (imports are done before)."""
    import loadwatch as lw
    from loadwatch.ingest.side_tables import read_growth, read_roster, read_symptoms
    from loadwatch.report import FORMATS, ReportOptions, render, report_filename
    from loadwatch.report.charts import athlete_charts
    from loadwatch.risk.engine import evaluate, parse_week

    figures: dict[str, float] = {}
    start = time.perf_counter()
    log = timed("ingest log", figures, lambda: lw.read_log(paths["sessions"]))
    side = timed("ingest side tables", figures, lambda: {
        "roster": read_roster(paths["roster"]), "growth": read_growth(paths["growth"]),
        "symptoms": read_symptoms(paths["symptoms"])})
    assessment = timed("evaluate rules", figures, lambda: evaluate(log, **side))
    from loadwatch.report import report_from_assessment

    data = timed("report content", figures, lambda: report_from_assessment(
        assessment, parse_week(week), ReportOptions(team="Benchmark club")))
    charts = timed("charts (shared by pdf, html)", figures, lambda: athlete_charts(data))
    for fmt in FORMATS:
        content = timed(f"write {fmt}", figures, lambda f=fmt: render(data, f, charts=charts))
        (out / report_filename(data, fmt)).write_bytes(content)
    figures["total (in process)"] = time.perf_counter() - start
    figures["_athletes"] = len(data.details)
    figures["_flagged"] = len(data.flagged)
    return figures


def cli(paths: dict[str, Path], out: Path, week: str) -> float:
    """Wall time of `loadwatch report` in a fresh process."""
    command = [sys.executable, "-m", "loadwatch.app.cli.main", "report", str(paths["sessions"]),
               "--roster", str(paths["roster"]), "--growth", str(paths["growth"]),
               "--symptoms", str(paths["symptoms"]), "--week", week, "--out", str(out),
               "--team", "Benchmark club"]
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=300)
    parser.add_argument("--weeks", type=int, default=26)
    parser.add_argument("--cli", action="store_true", help="also time the CLI end to end")
    parser.add_argument("--keep", metavar="DIR", help="write the reports here and keep them")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        out = Path(args.keep) if args.keep else folder / "out"
        out.mkdir(parents=True, exist_ok=True)
        print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
              f"Python {platform.python_version()}")
        paths = generate(folder, args.athletes, args.weeks)
        rows = sum(1 for _ in paths["sessions"].open()) - 1
        end = START + dt.timedelta(days=args.weeks * 7 - 1)
        week = f"{end:%G-W%V}"
        print(f"generated {args.athletes} athletes x {args.weeks} weeks: {rows:,} sessions; "
              f"report week {week}")
        figures = in_process(paths, out, week)
        print(f"athletes in the week: {figures.pop('_athletes'):.0f}, flagged (one section and "
              f"chart each): {figures.pop('_flagged'):.0f}")
        for label, seconds in figures.items():
            print(f"  {label:<30} {seconds:7.2f} s")
        for path in sorted(out.iterdir()):
            print(f"  {path.name:<48} {path.stat().st_size / 1e6:7.2f} MB")
        total = figures["total (in process)"]
        if args.cli:
            wall = cli(paths, folder / "cli", week)
            print(f"  {'loadwatch report (fresh process)':<30} {wall:7.2f} s")
            total = max(total, wall)
        verdict = "within" if total < TARGET_S else "OVER"
        print(f"{verdict} the {TARGET_S:.0f} s target ({total:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
