"""Metrics for a federation on Dask: a Parquet dataset partitioned by team, one partition per
group of whole teams, the single-node kernel on each partition (docs/federation.md).

Athletes are independent (every window is the athlete's own, spec §4), so the work splits by
athlete. Athlete ids are unique per team only, so the key is (team, athlete): files are grouped
so that a team never straddles two partitions (no shuffle is needed), and inside a partition
the athlete id is made unique by prefixing the team's path. Each team is one upload, as if its
rows were one file given to :func:`loadwatch.read_log`: coverage runs from the athlete's first
session to the team's last date (spec §3.2). Dask is an optional extra (``loadwatch[dask]``);
this module imports it only when a federation runs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from loadwatch.config import Config, default_config
from loadwatch.errors import LogError, UsageError
from loadwatch.ingest.log import parse_log
from loadwatch.ingest.readers import RawTable
from loadwatch.schema import Channel, Col
from loadwatch.series.metrics import daily_metrics, weekly_metrics

if TYPE_CHECKING:
    from distributed import Client

#: joins a team's path and an athlete id into one key (a control character no id contains)
SEP = "\x1f"
#: session rows per partition the planner aims at (about 1 GB of kernel memory, see docs)
ROWS_PER_PARTITION = 2_000_000
INSTALL_HINT = "the dask engine needs Dask: install loadwatch[dask] (pip install 'loadwatch[dask]')"

Kernel = Callable[[pd.DataFrame, Config], pd.DataFrame]


@dataclass(frozen=True)
class Team:
    """One team of the dataset: its hive path ('team=A'), its key values and its files."""

    path: str
    keys: dict[str, str]
    files: tuple[str, ...]
    rows: int


@dataclass(frozen=True)
class Dataset:
    """A team-partitioned Parquet dataset, planned into partitions of whole teams."""

    root: Path
    keys: tuple[str, ...]
    partitions: list[list[Team]]

    @property
    def teams(self) -> int:
        """Number of teams (uploads) in the dataset."""
        return sum(len(p) for p in self.partitions)


def require_dask() -> None:
    """Raise UsageError with the install hint when dask or distributed is missing."""
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise UsageError(INSTALL_HINT) from None


def _hive(parts: Sequence[str]) -> dict[str, str]:
    """The `key=value` directory names of a file's relative path, in order."""
    return dict(p.split("=", 1) for p in parts[:-1] if "=" in p)


def scan(root: str | Path, rows_per_partition: int = ROWS_PER_PARTITION) -> Dataset:
    """The teams of a hive-partitioned dataset (``team=A/part-0.parquet``, or
    ``organisation=X/team=A/…``) packed into partitions of about `rows_per_partition` rows.

    Row counts come from the Parquet footers (no data is read); a team larger than the target
    is a partition of its own.
    """
    import pyarrow.parquet as pq

    base = Path(root)
    if not base.is_dir():
        raise UsageError(f"{base}: the dask engine reads a folder of Parquet files (team=NAME/…)")
    files = sorted(str(p) for p in base.rglob("*.parquet"))
    if not files:
        raise UsageError(f"{base}: no .parquet files in this folder")
    by_team: dict[str, list[str]] = {}
    keys: dict[str, dict[str, str]] = {}
    for name in files:  # one entry per file: planning, not a hot path
        rel = Path(name).relative_to(base).parts
        hive = _hive(rel)
        if Col.TEAM not in hive:
            raise UsageError(f"{name}: not under a team=NAME folder; the dataset must be "
                             "partitioned by team (athlete ids are unique per team only)")
        path = "/".join(f"{k}={v}" for k, v in hive.items())
        by_team.setdefault(path, []).append(name)
        keys[path] = hive
    if len({tuple(k) for k in keys.values()}) > 1:
        raise UsageError(f"{base}: every file must sit under the same folder keys "
                         f"(found {sorted({'/'.join(k) for k in keys.values()})})")
    teams = [Team(path, keys[path], tuple(names),
                  sum(pq.ParquetFile(n).metadata.num_rows for n in names))
             for path, names in by_team.items()]
    return Dataset(base, tuple(next(iter(keys.values()))), _pack(teams, rows_per_partition))


def _pack(teams: list[Team], target: int) -> list[list[Team]]:
    """Consecutive teams into partitions of at most `target` rows (a bigger team alone)."""
    partitions: list[list[Team]] = [[]]
    size = 0
    for team in teams:
        if partitions[-1] and size + team.rows > target:
            partitions.append([])
            size = 0
        partitions[-1].append(team)
        size += team.rows
    return partitions


def read_teams(teams: Sequence[Team]) -> tuple[pd.DataFrame, np.ndarray]:
    """The raw rows of whole teams (files as stored, folder keys as columns) and each row's
    team number; rows of a team keep their file order."""
    frames = []
    for team in teams:  # a handful of files per partition
        frame = pd.concat([pd.read_parquet(n) for n in team.files], ignore_index=True)
        for key, value in team.keys.items():
            frame[key] = value
        frames.append(frame)
    sizes = np.array([len(f) for f in frames])
    return pd.concat(frames, ignore_index=True), np.repeat(np.arange(len(frames)), sizes)


def team_keys(athlete: pd.Series, team_of: np.ndarray, teams: Sequence[Team]) -> np.ndarray:
    """Each row's athlete id made unique across teams ('team=A' + SEP + 'A1'); a blank id
    stays blank so that ingest reports it. Strings are built once per distinct athlete."""
    codes, names = pd.factorize(athlete)
    ids = np.append(pd.Index(names, dtype=object).astype(str).str.strip().to_numpy(object), "")
    codes = np.where(codes < 0, len(ids) - 1, codes)           # a blank cell → the "" id
    pair, pairs = pd.factorize(team_of.astype(np.int64) * len(ids) + codes)
    pairs = np.asarray(pairs, dtype=np.int64)
    paths = np.asarray([t.path + SEP for t in teams], dtype=object)
    id_of = ids[pairs % len(ids)]
    labels = paths[pairs // len(ids)] + id_of                  # one per distinct athlete
    blank = (id_of == "")[pair]
    return cast(np.ndarray, np.where(blank, None, labels[pair]))  # stubs: 3-argument form


def prepare(teams: Sequence[Team], config: Config) -> pd.DataFrame:
    """Validated session rows of whole teams with (team, athlete) keys, as
    :func:`loadwatch.read_log` gives for each team's rows read as one file.

    Validation is ingest's own (:func:`loadwatch.parse_log`); the upload's last day (spec §3.2,
    coverage end) is set per team because a partition holds several uploads. Any invalid row
    refuses the run, naming its team.
    """
    frame, team_of = read_teams(teams)
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    frame[Col.ATHLETE] = team_keys(frame[Col.ATHLETE], team_of, teams)
    parsed = parse_log(RawTable(frame, ", ".join(t.path for t in teams), typed=True),
                       config=config)
    if parsed.kind != "sessions":
        raise LogError(f"{parsed.name}: the dask engine reads session logs, not weekly totals")
    if parsed.problems:
        rows = parsed.problems[0].row or 2
        raise LogError(f"{teams[team_of[rows - 2]].path}: {len(parsed.problems)} problem(s) in "
                       "this partition's rows; nothing was computed", parsed.problems[:10])
    data = parsed.data
    position = data[Col.SOURCE_ROW].to_numpy(np.int64) - 2
    team = team_of[position]
    starts = np.concatenate([[0], np.cumsum(np.bincount(team_of))[:-1]])
    data[Col.SOURCE_ROW] = position - starts[team] + 2          # the row in the team's file
    # each athlete's own last week (ingest), never past the team's own last day (spec §3.2)
    data[Col.COVER_END] = np.minimum(data[Col.COVER_END],
                                     data[Col.DATE].groupby(team).transform("max"))
    return data


def split_keys(table: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Turn the (team path, athlete) key back into the folder-key columns and the athlete id,
    first in the table, as categories (codes are reused: no string per row is built)."""
    athlete = pd.Categorical(table[Col.ATHLETE])
    parts = pd.Series(athlete.categories, dtype=object).str.split(SEP, n=1, regex=False)
    team, paths = pd.factorize(parts.str[0])
    hive = [dict(p.split("=", 1) for p in path.split("/")) for path in paths]  # per team
    out = {}
    for key in keys:  # the folder keys (team, maybe organisation)
        values, uniques = pd.factorize(np.asarray([h[key] for h in hive], dtype=object)[team])
        out[key] = pd.Categorical.from_codes(values[athlete.codes], categories=uniques)
    ids, uniques = pd.factorize(parts.str[1].to_numpy(dtype=object))
    out[Col.ATHLETE] = pd.Categorical.from_codes(ids[athlete.codes], categories=uniques)
    rest = table.drop(columns=[Col.ATHLETE])
    return pd.concat([pd.DataFrame(out, index=rest.index), rest], axis=1)


def metrics_kernel(log: pd.DataFrame, config: Config, *, level: str, channel: str
                   ) -> pd.DataFrame:
    """Daily or weekly metrics of one partition's log (the single-node functions)."""
    compute = daily_metrics if level == "daily" else weekly_metrics
    return compute(log, channel, config=config)


def run_partition(teams: Sequence[Team], *, kernel: Kernel, keys: Sequence[str],
                  config: Config) -> pd.DataFrame:
    """Read, validate and compute one partition of whole teams."""
    return split_keys(kernel(prepare(teams, config), config), keys)


def write_partition(table: pd.DataFrame, out: str, keys: Sequence[str], number: int) -> int:
    """Write one partition's results under `out` in hive folders of the keys
    (``team=A/part-N-0.parquet``); category columns as dictionary<int32, string> so that every
    file has the same schema. Returns the rows written."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    arrow = pa.Table.from_pandas(table, preserve_index=False)
    schema = pa.schema([
        f.with_type(pa.dictionary(pa.int32(), f.type.value_type))
        if pa.types.is_dictionary(f.type) else f for f in arrow.schema
    ], metadata=arrow.schema.metadata)
    # dictionary encoding for the text columns only: trying it on 15 float columns of ratios
    # doubles the write time for no gain in size
    text = [f.name for f in schema if pa.types.is_dictionary(f.type)]
    options = ds.ParquetFileFormat().make_write_options(use_dictionary=text)
    ds.write_dataset(arrow.cast(schema), out, format="parquet", partitioning=list(keys),
                     partitioning_flavor="hive", basename_template=f"part-{number}-{{i}}.parquet",
                     existing_data_behavior="overwrite_or_ignore", file_options=options)
    return len(table)


def check_out(out: str | Path) -> Path:
    """The output folder, refused when it holds anything (results are never mixed)."""
    target = Path(out)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"--out {target}: give a new or empty folder for the Parquet dataset")
    return target


def compute_dataset(dataset: Dataset, kernel: Kernel, out: str | Path,
                    config: Config | None = None) -> int:
    """Run `kernel` on every partition of `dataset` on the current Dask client and write a
    Parquet dataset partitioned by the folder keys (``team=A/part-N-0.parquet``) in `out`.

    Returns the number of result rows. The kernel must be a picklable module-level function
    (or functools.partial of one): it is shipped to the workers.
    """
    require_dask()
    import dask.dataframe as dd

    cfg = config or default_config()
    target = check_out(out)
    target.mkdir(parents=True, exist_ok=True)
    task = partial(run_partition, kernel=kernel, keys=dataset.keys, config=cfg)
    plan = dd.from_map(_plan_frame, dataset.partitions, range(len(dataset.partitions)),
                       meta=_PLAN_META, enforce_metadata=False, label="loadwatch-teams")
    written = plan.map_partitions(_run_teams, task, str(target), dataset.keys, meta=_ROWS_META)
    return int(written["rows"].sum().compute())


#: a partition of the planning frame: one row per team (folder path, files, partition number)
_PLAN_META = pd.DataFrame({"path": pd.Series([], dtype="str"), "files": pd.Series([], dtype="str"),
                           "number": pd.Series([], dtype=np.int64)})
_ROWS_META = pd.DataFrame({"rows": pd.Series([], dtype=np.int64)})


def _plan_frame(teams: list[Team], number: int) -> pd.DataFrame:
    """The planning frame of one partition (its teams as text); the kernel task reads them."""
    return pd.DataFrame({"path": pd.Series([t.path for t in teams], dtype="str"),
                         "files": pd.Series(["\n".join(t.files) for t in teams], dtype="str"),
                         "number": number})


def _run_teams(plan: pd.DataFrame, task: Callable[[Sequence[Team]], pd.DataFrame], out: str,
               keys: Sequence[str]) -> pd.DataFrame:
    """map_partitions body: read, compute and write the teams this partition holds."""
    teams = [Team(path, _hive([*path.split("/"), ""]), tuple(files.split("\n")), 0)
             for path, files in zip(plan["path"], plan["files"], strict=True)]
    rows = write_partition(task(teams), out, keys, int(plan["number"].iloc[0])) if teams else 0
    return pd.DataFrame({"rows": [rows]})

@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None,
                memory_limit: str = "4GiB") -> Iterator[Client]:
    """A Dask client: connected to `scheduler` (tcp://HOST:PORT), or to a LocalCluster of
    `workers` processes with one thread and `memory_limit` each (default: one per core)."""
    require_dask()
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    n = workers or os.cpu_count() or 1
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                      memory_limit=memory_limit, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        yield client


def federated_metrics(dataset: str | Path, out: str | Path, *, level: str = "daily",
                      channel: str = Channel.SRPE, config: Config | None = None,
                      rows_per_partition: int = ROWS_PER_PARTITION) -> Dataset:
    """Daily or weekly metrics (as :func:`loadwatch.daily_metrics` / ``weekly_metrics`` per
    team) of a team-partitioned Parquet dataset, on the current Dask client, into `out`."""
    plan = scan(dataset, rows_per_partition)
    kernel = partial(metrics_kernel, level=level, channel=channel)
    compute_dataset(plan, kernel, out, config)
    return plan


def describe(client: Any) -> str:
    """One line about the cluster a client talks to (workers, threads, memory per worker)."""
    info = client.scheduler_info()
    workers = info.get("workers", {})
    if not workers:
        return f"dask scheduler {client.scheduler.address}: no workers yet"
    threads = sum(w.get("nthreads", 0) for w in workers.values())
    memory = min(w.get("memory_limit", 0) for w in workers.values())
    return (f"dask: {len(workers)} worker(s), {threads} thread(s), memory limit "
            f"{memory / 2**30:.1f} GiB per worker")


__all__ = ["INSTALL_HINT", "ROWS_PER_PARTITION", "SEP", "Dataset", "Team", "check_out",
           "compute_dataset", "dask_client", "describe", "federated_metrics", "metrics_kernel",
           "prepare", "read_teams", "require_dask", "run_partition", "scan", "split_keys"]
