"""Scale of the Dask federation on this machine (issue 18, build 4): wall time, peak memory per
worker and the speed-up of 1 → 2 workers on a LocalCluster, over a generated team-partitioned
Parquet dataset (team=T00001/part-0.parquet). Prints figures; asserts nothing about time.

    .venv/bin/python benchmarks/bench_federation.py                       # 100,000 x 1,095
    .venv/bin/python benchmarks/bench_federation.py --athletes 10000 --workers 1,2
    .venv/bin/python benchmarks/bench_federation.py --what flags --athletes 2000

See benchmarks/README.md ("Federation") for the method and the figures measured.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from loadwatch.risk.federation import FLAGS_ROWS_PER_PARTITION, federated_flags
from loadwatch.schema import Col
from loadwatch.series.federation import ROWS_PER_PARTITION, federated_metrics

START = np.datetime64("2023-01-02")  # a Monday


def generate(root: Path, athletes: int, days: int, team_size: int, seed: int) -> int:
    """N athletes x D days in teams of `team_size`: a session on about 5 of 7 days (10–180 min,
    RPE 1–10), rows by day then athlete like a team export; ids repeat across teams (A001 …).
    Returns the number of session rows written."""
    rng = np.random.default_rng(seed)
    teams = -(-athletes // team_size)
    ids = np.array([f"A{i:03d}" for i in range(1, team_size + 1)], dtype=object)
    batch = max(1, 8_000_000 // (team_size * days))  # teams generated together (~8 M cells)
    written = 0
    for first in range(0, teams, batch):  # vectorised per batch of teams
        n = min(batch, teams - first)
        cells = n * days * team_size
        keep = rng.random(cells) < 5 / 7
        flat = np.flatnonzero(keep)
        team = flat // (days * team_size)
        day = (flat // team_size) % days
        table = pd.DataFrame({
            Col.ATHLETE: ids[flat % team_size],
            Col.DATE: (START + day.astype("timedelta64[D]")).astype("datetime64[ns]"),
            Col.DURATION: np.round(rng.uniform(10, 180, len(flat)), 1),
            Col.RPE: rng.integers(1, 11, len(flat)),
        })
        bounds = np.searchsorted(team, np.arange(n + 1))
        for t in range(n):  # one file per team
            folder = root / f"team=T{first + t + 1:05d}"
            folder.mkdir(parents=True, exist_ok=True)
            part = table.iloc[bounds[t]:bounds[t + 1]]
            pq.write_table(pa.Table.from_pandas(part, preserve_index=False),
                           folder / "part-0.parquet")
        written += len(flat)
    return written


def _vmhwm() -> int:
    """This process's peak resident memory in bytes (VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def _cpu() -> float:
    """This process's CPU seconds (user + system)."""
    return time.process_time()


def run(data: Path, out: Path, workers: int, what: str, memory: str, rows: int | None
        ) -> tuple[float, float, list[int], int]:
    """One run on a fresh LocalCluster: wall seconds, the workers' CPU seconds (summed), each
    worker's peak memory, partitions."""
    from distributed import Client, LocalCluster

    shutil.rmtree(out, ignore_errors=True)
    job = (partial(federated_metrics, level=what) if what in ("daily", "weekly")
           else federated_flags)
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      memory_limit=memory, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.run(lambda: 0)  # workers up and loadwatch importable before the clock starts
        c0 = sum(client.run(_cpu).values())
        t0 = time.perf_counter()
        plan = job(data, out) if rows is None else job(data, out, rows_per_partition=rows)
        wall = time.perf_counter() - t0
        cpu = sum(client.run(_cpu).values()) - c0
        peaks = sorted(client.run(_vmhwm).values())
    return wall, cpu, peaks, len(plan.partitions)


def _athlete_days(data: Path) -> int:
    """Rows of the daily grid: each athlete's first session to its team's last date."""
    rows = pd.read_parquet(data, columns=[Col.ATHLETE, Col.DATE, Col.TEAM])
    first = rows.groupby([Col.TEAM, Col.ATHLETE], observed=True)[Col.DATE].min()
    last = rows.groupby(Col.TEAM, observed=True)[Col.DATE].max()
    span = last.reindex(first.index.get_level_values(0)).to_numpy() - first.to_numpy()
    return int((span // np.timedelta64(1, "D") + 1).sum())


def main(argv: list[str] | None = None) -> int:
    """Generate (or reuse) the dataset, run it on 1 and 2 workers, print the figures."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--athletes", type=int, default=100_000)
    p.add_argument("--days", type=int, default=1_095)
    p.add_argument("--team-size", type=int, default=25)
    p.add_argument("--workers", default="1,2", help="worker counts to run, e.g. 1,2")
    p.add_argument("--what", choices=("daily", "weekly", "flags"), default="daily")
    p.add_argument("--memory-limit", default="8GiB", help="per worker")
    p.add_argument("--rows-per-partition", type=int,
                   help=f"default: {ROWS_PER_PARTITION:,} for metrics, "
                        f"{FLAGS_ROWS_PER_PARTITION:,} for flags")
    p.add_argument("--workdir", help="keep the dataset here and reuse it (default: a temp dir)")
    p.add_argument("--out", help="where results go (default: WORKDIR/out); e.g. /dev/shm/out "
                                 "to take the disk out of the measurement")
    p.add_argument("--seed", type=int, default=2026)
    args = p.parse_args(argv)
    work = Path(args.workdir or tempfile.mkdtemp(prefix="lw-federation-"))
    data = work / f"sessions-{args.athletes}x{args.days}"
    try:
        if not data.exists():
            t0 = time.perf_counter()
            n = generate(data, args.athletes, args.days, args.team_size, args.seed)
            print(f"generated {n:,} sessions in {time.perf_counter() - t0:.1f} s -> {data}")
        cells = _athlete_days(data)
        size = sum(f.stat().st_size for f in data.rglob("*.parquet")) / 1e9
        print(f"dataset: {args.athletes:,} athletes x {args.days} days, teams of "
              f"{args.team_size}, {cells:,} athlete-days, {size:.2f} GB Parquet; "
              f"{os.cpu_count()} cores; what: {args.what}; memory limit {args.memory_limit}"
              " per worker")
        times = {}
        for workers in (int(w) for w in args.workers.split(",")):
            out = Path(args.out) if args.out else work / "out"
            wall, cpu, peaks, parts = run(data, out, workers, args.what,
                                          args.memory_limit, args.rows_per_partition)
            times[workers] = wall
            print(f"workers {workers}: {parts} partitions, wall {wall:.1f} s, workers' CPU "
                  f"{cpu:.1f} s ({cpu / cells * 1e6:.2f} µs per athlete-day), peak memory per "
                  f"worker {', '.join(f'{b / 1e9:.2f}' for b in peaks)} GB, wall x workers "
                  f"{wall * workers / cells * 1e6:.2f} µs per athlete-day")
        if 1 in times and len(times) > 1:
            most = max(times)
            print(f"speed-up 1 -> {most} workers: {times[1] / times[most]:.2f}x")
    finally:
        if args.out:
            shutil.rmtree(args.out, ignore_errors=True)
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
