"""Small builders of real-shaped input files for tests (they go through the real ingest)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

import loadwatch as lw
from loadwatch.schema import Col

REFERENCE = Path(__file__).parent / "data" / "reference"
MONDAY = dt.date(2024, 1, 1)  # day 1 of every worked example in spec §11


def day(n: int, start: dt.date = MONDAY) -> pd.Timestamp:
    """Timestamp of day n (day 1 = start)."""
    return pd.Timestamp(start + dt.timedelta(days=n - 1))


def session_csv(series: Mapping[str, Sequence[float | None]], start: dt.date = MONDAY,
                *, omit_zero: bool = False, extra: Mapping[str, Sequence[float]] | None = None
                ) -> bytes:
    """A session log with one row per day: load in AU; None → 'not recorded' marker row.

    With `omit_zero`, zero days are left out (a session-only export, rest implied)."""
    lines = [f"{Col.ATHLETE},{Col.DATE},{Col.LOAD},{Col.DAY_STATUS}"
             + "".join(f",{name}" for name in (extra or {}))]
    for athlete, loads in series.items():
        for i, load in enumerate(loads):
            date = (start + dt.timedelta(days=i)).isoformat()
            more = "".join(f",{values[i]}" for values in (extra or {}).values())
            if load is None:
                lines.append(f"{athlete},{date},,not recorded{more}")
            elif load == 0 and omit_zero:
                continue
            else:
                lines.append(f"{athlete},{date},{load},{more}")
    return ("\n".join(lines) + "\n").encode()


def read(series: Mapping[str, Sequence[float | None]], **kwargs: object) -> pd.DataFrame:
    """Read a built session log through the real ingest."""
    period = kwargs.pop("period", None)
    return lw.read_log(session_csv(series, **kwargs), period=period)  # type: ignore[arg-type]


def on_day(table: pd.DataFrame, n: int, athlete: str = "A") -> pd.Series:
    """The metrics row of `athlete` on day n."""
    rows = table[(table[Col.ATHLETE] == athlete) & (table[Col.DATE] == day(n))]
    assert len(rows) == 1, f"expected one row for {athlete} on day {n}, got {len(rows)}"
    return rows.iloc[0]


def ewma_reference(loads: Sequence[float], span: int) -> list[float]:
    """Plain-Python EWMA recursion, seed = first day (independent of pandas)."""
    lam = 2 / (span + 1)
    out = [float(loads[0])]
    for x in loads[1:]:
        out.append(lam * x + (1 - lam) * out[-1])
    return out
