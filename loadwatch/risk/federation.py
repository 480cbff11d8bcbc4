"""Flags for a federation on Dask: the rule engine on each partition of whole teams, each
athlete's verdict of one week (docs/federation.md).

The partitions, the (team, athlete) key and the output layout are those of
:mod:`loadwatch.series.federation`; this module adds the kernel, :func:`loadwatch.evaluate`
and its weekly verdict (spec §10.1), exactly as ``loadwatch flags`` gives for one team's file.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pandas as pd

from loadwatch.config import Config
from loadwatch.risk.engine import evaluate
from loadwatch.schema import Col
from loadwatch.series.calendar import week_start_of
from loadwatch.series.federation import SEP, Dataset, compute_dataset, scan

#: session rows per partition for flags: the rule engine holds every rule's arrays and texts,
#: about 5 KB per session row at its peak (8 GB for 1.56 M rows measured), so a quarter of
#: the metrics default keeps a partition near 2 GB
FLAGS_ROWS_PER_PARTITION = 400_000


def _team_weeks(log: pd.DataFrame, week_start_day: int) -> tuple[pd.Series, pd.Series]:
    """Per athlete of the log (sorted ids, as the engine orders them): the first day of its
    team's latest week, and the distinct weeks."""
    athlete = pd.Categorical(log[Col.ATHLETE])
    team = pd.Series(athlete.categories, dtype=object).str.split(SEP, n=1, regex=False).str[0]
    team_code, _ = pd.factorize(team)
    last = log[Col.DATE].groupby(team_code[athlete.codes]).max()
    first_day = last.map(lambda day: week_start_of(day, week_start_day))  # one per team
    per_athlete = pd.Series(first_day.loc[team_code].to_numpy(), index=athlete.categories)
    return per_athlete, pd.Series(first_day.unique())


def flags_kernel(log: pd.DataFrame, config: Config, *, week: pd.Timestamp | None = None
                 ) -> pd.DataFrame:
    """Per athlete of one partition, the verdict of `week` (its first day), or of the
    athlete's team's latest week when `week` is None, as ``loadwatch flags`` gives per team."""
    result = evaluate(log, config=config)
    if week is not None:
        if result.week_rows(week).size:
            return result.week(week)
        return result.week(result.latest_week()).iloc[:0]
    latest, weeks = _team_weeks(log, config.week_start_day)
    tables = []
    for first_day in weeks:  # distinct latest weeks of the partition's teams (a few)
        table = result.week(first_day)
        mine = latest.reindex(table[Col.ATHLETE].astype(str)).to_numpy() == first_day
        tables.append(table[mine])
    return pd.concat(tables, ignore_index=True)


def federated_flags(dataset: str | Path, out: str | Path, *, week: pd.Timestamp | None = None,
                    config: Config | None = None,
                    rows_per_partition: int = FLAGS_ROWS_PER_PARTITION) -> Dataset:
    """Every athlete's verdict of a week (default: the team's latest) over a team-partitioned
    Parquet dataset, on the current Dask client, written as Parquet into `out`."""
    plan = scan(dataset, rows_per_partition)
    compute_dataset(plan, partial(flags_kernel, week=week), out, config)
    return plan


__all__ = ["FLAGS_ROWS_PER_PARTITION", "federated_flags", "flags_kernel"]
