"""loadwatch side by side with its peers, in one process, from the same session CSV.

Run on demand; it prints figures and asserts nothing about time (issue 18).

    .venv/bin/python benchmarks/bench_peers.py                      # 2,000 x 365, medians of 3
    .venv/bin/python benchmarks/bench_peers.py --athletes 500 --repeat 5
    .venv/bin/python benchmarks/bench_peers.py --skip-acwr          # without PyPI acwr (slow)

Every contestant starts from the CSV file on disk and ends with daily RAC, RAU and EWMA:

loadwatch   `read_log(path)` + `daily_metrics(log)` (validation, calendar, every metric).
loop        `pandas.read_csv` (typed) + the per-athlete pandas loop of bench_metrics.py.
acwr        `pandas.read_csv` (typed) + PyPI acwr `by_athlete(..., acwr.acwr, method=m)` for
            m = rac, rau, ewma (three passes, as a user of that package would write it).
numpy       the bound: `pandas.read_csv` (typed), factorize the athletes, `bincount` the load
            into an athlete x day grid, cumulative-sum windows for RAC and RAU, an IIR filter
            (`scipy.signal.lfilter`) for the two EWMAs. No validation, no day status.
read        `pandas.read_csv` with typed columns and date parsing alone: the reference for
            `read_log` alone.

Times are medians of `--repeat` runs (wall clock, `perf_counter`) with CPU time beside them.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import acwr
import numpy as np
import pandas as pd
import pyarrow.csv as pa_csv
from scipy.signal import lfilter

import loadwatch
from loadwatch.schema import Col

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_metrics import baseline_loop, generate_log, machine

TARGET_LOOP, TARGET_ACWR, TARGET_BOUND, TARGET_READ = 20.0, 30.0, 3.0, 2.0
DTYPES = {Col.ATHLETE: "str", Col.SPORT: "str", Col.DURATION: "float64", Col.RPE: "float64"}


def write_csv(workdir: Path, athletes: int, days: int, seed: int) -> tuple[Path, int]:
    """The bench_metrics synthetic log as a CSV (dates as YYYY-MM-DD); reused if present."""
    path = workdir / f"sessions_{athletes}x{days}_seed{seed}.csv"
    if not path.exists():
        table = generate_log(athletes, days, seed=seed, date_type="date32")
        pa_csv.write_csv(table, path)
        return path, table.num_rows
    return path, sum(1 for _ in path.open()) - 1


def read_typed(path: Path) -> pd.DataFrame:
    """pandas.read_csv with typed columns and parsed dates: what every peer starts from."""
    return pd.read_csv(path, dtype=DTYPES, parse_dates=[Col.DATE])


def run_loadwatch(path: Path) -> pd.DataFrame:
    return loadwatch.daily_metrics(loadwatch.read_log(path))


def run_loop(path: Path) -> pd.DataFrame:
    log = read_typed(path)
    log[Col.LOAD] = log[Col.RPE] * log[Col.DURATION]
    return baseline_loop(log)


def run_acwr(path: Path) -> pd.DataFrame:
    """PyPI acwr: one `by_athlete` pass per method, joined on athlete and date."""
    log = read_typed(path)
    acts = pd.DataFrame({"athlete": log[Col.ATHLETE], "date": log[Col.DATE],
                         "load": log[Col.RPE] * log[Col.DURATION]})
    out = None
    for method in ("rac", "rau", "ewma"):
        part = acwr.by_athlete(acts, acwr.acwr, method=method).rename(columns={"acwr": method})
        out = part if out is None else out.assign(**{method: part[method].to_numpy()})
    assert out is not None
    return out


def ewma(grid: np.ndarray, span: int) -> np.ndarray:
    """Exponentially weighted mean along each row, seeded with the row's first day."""
    alpha = 2.0 / (span + 1)
    zi = ((1 - alpha) * grid[:, :1])  # y[0] = x[0]
    out, _ = lfilter([alpha], [1.0, alpha - 1.0], grid, axis=1, zi=zi)
    return out


def run_numpy(path: Path) -> dict[str, np.ndarray]:
    """The bound: one pass over the file into an athlete x day grid (no validation)."""
    log = read_typed(path)
    codes, names = pd.factorize(log[Col.ATHLETE])
    day = (log[Col.DATE].to_numpy("datetime64[D]").view(np.int64))
    day = day - day.min()
    n_days = int(day.max()) + 1
    load = log[Col.RPE].to_numpy() * log[Col.DURATION].to_numpy()
    grid = np.bincount(codes * n_days + day, weights=load,
                       minlength=len(names) * n_days).reshape(len(names), n_days)
    csum = np.zeros((len(names), n_days + 1))
    np.cumsum(grid, axis=1, out=csum[:, 1:])

    def window(width: int) -> np.ndarray:
        out = np.full(grid.shape, np.nan)
        out[:, width - 1:] = csum[:, width:] - csum[:, :-width]
        return out

    acute, chronic = window(7) / 7, window(28) / 28
    uncoupled = (window(28) - window(7)) / 21
    with np.errstate(divide="ignore", invalid="ignore"):
        return {"names": np.asarray(names), "rac": acute / chronic, "rau": acute / uncoupled,
                "ewma": ewma(grid, 7) / ewma(grid, 28)}


def median_time(fn: Callable[[], object], repeat: int) -> tuple[object, float, float]:
    """(last result, median wall s, median CPU s) over `repeat` runs."""
    walls, cpus, result = [], [], None
    for _ in range(max(repeat, 1)):
        result = None
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return result, statistics.median(walls), statistics.median(cpus)


def agreement(engine: pd.DataFrame, bound: dict[str, np.ndarray]) -> float:
    """Largest |RAC difference| between loadwatch and the numpy bound where both have one."""
    names = {n: i for i, n in enumerate(bound["names"])}
    rows = engine[Col.ATHLETE].astype(str).map(names).to_numpy()
    day = engine[Col.DATE].to_numpy("datetime64[D]").view(np.int64)
    day = day - day.min()
    ok = day < bound["rac"].shape[1]
    mine = engine[Col.RAC].to_numpy(float)[ok]
    theirs = bound["rac"][rows[ok], day[ok]]
    both = np.isfinite(mine) & np.isfinite(theirs)
    return float(np.max(np.abs(mine[both] - theirs[both]))) if both.any() else float("nan")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--athletes", type=int, default=2_000)
    p.add_argument("--days", type=int, default=365)
    p.add_argument("--repeat", type=int, default=3, help="runs per contestant (median)")
    p.add_argument("--skip-acwr", action="store_true")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--workdir", type=Path)
    args = p.parse_args(argv)
    print(f"loadwatch peers benchmark, {time.strftime('%Y-%m-%d %H:%M')}")
    print(f"machine: {machine()}; acwr {acwr.__version__}")
    with tempfile.TemporaryDirectory(prefix="loadwatch-peers-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        path, n = write_csv(workdir, args.athletes, args.days, args.seed)
        size = path.stat().st_size / 1e6
        print(f"{path.name}: {n:,} sessions, {size:.1f} MB; medians of {args.repeat} runs")
        results = compare(path, args)
    print_results(results)
    return 0


def compare(path: Path, args: argparse.Namespace) -> dict[str, tuple[float, float]]:
    """Time every contestant on the same file; returns {name: (wall s, CPU s)}."""
    out: dict[str, tuple[float, float]] = {}
    contestants: list[tuple[str, Callable[[], object]]] = [
        ("read", lambda: read_typed(path)),
        ("read_log", lambda: loadwatch.read_log(path)),
        ("loadwatch", lambda: run_loadwatch(path)),
        ("numpy", lambda: run_numpy(path)),
        ("loop", lambda: run_loop(path)),
    ]
    if not args.skip_acwr:
        contestants.append(("acwr", lambda: run_acwr(path)))
    kept: dict[str, object] = {}
    for name, fn in contestants:
        result, wall, cpu = median_time(fn, args.repeat)
        out[name] = (wall, cpu)
        print(f"  {name:<10} {wall:8.3f} s wall {cpu:8.3f} s CPU", flush=True)
        if name in ("loadwatch", "numpy"):
            kept[name] = result
    diff = agreement(kept["loadwatch"], kept["numpy"])  # type: ignore[arg-type]
    print(f"RAC loadwatch vs numpy bound: max |d| = {diff:.1e}")
    return out


def print_results(r: dict[str, tuple[float, float]]) -> None:
    """The side-by-side table (markdown), each ratio against the issue's target."""
    lw = r["loadwatch"][0]
    rows: list[tuple[str, str, str, bool | None]] = [
        ("loadwatch read_log + daily_metrics", "loadwatch", "", None),
        ("per-athlete pandas loop (reads the CSV)", "loop",
         f"{r['loop'][0] / lw:.1f}x slower than loadwatch (>= {TARGET_LOOP:.0f}x)",
         r["loop"][0] / lw >= TARGET_LOOP),
    ]
    if "acwr" in r:
        rows.append(("PyPI acwr by_athlete RAC + RAU + EWMA", "acwr",
                     f"{r['acwr'][0] / lw:.1f}x slower than loadwatch (>= {TARGET_ACWR:.0f}x)",
                     r["acwr"][0] / lw >= TARGET_ACWR))
    rows += [
        ("numpy single pass (the bound)", "numpy",
         f"loadwatch takes {lw / r['numpy'][0]:.1f}x the bound (<= {TARGET_BOUND:.0f}x)",
         lw / r["numpy"][0] <= TARGET_BOUND),
        ("loadwatch read_log alone", "read_log",
         f"{r['read_log'][0] / r['read'][0]:.1f}x pandas.read_csv (<= {TARGET_READ:.0f}x)",
         r["read_log"][0] / r["read"][0] <= TARGET_READ),
        ("pandas.read_csv typed + dates", "read", "", None),
    ]
    print("\n| contestant | wall s | CPU s | ratio (target) |")
    print("| --- | ---: | ---: | --- |")
    for label, key, ratio, ok in rows:
        verdict = "" if ok is None else (" — met" if ok else " — MISSED")
        wall, cpu = r[key]
        print(f"| {label} | {wall:.2f} | {cpu:.2f} | {ratio}{verdict} |")


if __name__ == "__main__":
    sys.exit(main())
