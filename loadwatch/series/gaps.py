"""Unconfirmed rest: long absent stretches inside an athlete's coverage (spec §3.2).

Inside coverage a day without a session is rest (§3.1). A run of at least
``calendar.gap_warning_days`` such days in an athlete who otherwise trains ≥ 3 days a week is
more likely a logging gap than a holiday, so it is *unconfirmed*: still counted as rest in the
numbers (nothing is invented), but every ratio and rule whose window holds one of those days
says so, and a flag built on them is at most amber until a person resolves the gap — it was
rest (an explicit rest row per day), or it was not recorded (missing days, handled by the
missing-data rules). The store keeps those resolutions (:mod:`loadwatch.store.gaps`) and
adds them to the log it loads, so a resolved stretch is no longer unconfirmed.

May import: the floor and :mod:`loadwatch.series` (stage 2).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from loadwatch.config import Config, default_config
from loadwatch.errors import UsageError
from loadwatch.schema import Channel, Col
from loadwatch.series.calendar import MISSING, REST, TRAINED, Calendar, daily_calendar
from loadwatch.series.windows import last_true, trailing_count

#: status of a listed gap: nobody said yet, confirmed rest, marked not recorded
OPEN, CONFIRMED_REST, NOT_RECORDED = "open", "rest", "not recorded"
#: what a person may resolve a gap as (store values)
RESOLUTIONS: Final = {"rest": CONFIRMED_REST, "not_recorded": NOT_RECORDED}
GAP_COLUMNS: Final = (Col.ATHLETE, "from", "to", "days", "status")


def _runs(cal: Calendar, min_days: int, min_days_per_week: float
          ) -> tuple[pd.DataFrame, np.ndarray]:
    """The gap runs (run id → code, first, last, days) and each calendar row's run id."""
    rest = cal.status == REST
    if cal.session_row is not None:  # an explicit rest row confirms the rest
        rest &= np.bincount(cal.session_row, minlength=len(cal)) == 0
    boundary = np.r_[True, (cal.code[1:] != cal.code[:-1]) | (rest[1:] != rest[:-1])]
    run_id = np.cumsum(boundary)
    runs = pd.DataFrame({"run": run_id, "code": cal.code, "rest": rest, "day": cal.period})
    spans = runs[runs["rest"]].groupby("run").agg(code=("code", "first"), first=("day", "min"),
                                                  last=("day", "max"), days=("day", "size"))
    trained = pd.Series(cal.status == TRAINED).groupby(cal.code).sum()
    observed = pd.Series(cal.status != MISSING).groupby(cal.code).sum()
    per_week = (trained / observed.clip(lower=1) * 7).reindex(spans["code"]).to_numpy()
    return spans[(spans["days"] >= min_days) & (per_week >= min_days_per_week)], run_id


def _min_days(min_days: int | None, config: Config | None) -> int:
    if min_days is not None:
        return min_days
    return int((config or default_config()).get("calendar.gap_warning_days"))


def logging_gaps(
    cal: Calendar, *, min_days: int | None = None, min_days_per_week: float = 3.0,
    config: Config | None = None,
) -> pd.DataFrame:
    """Runs of ≥ `min_days` absent (rest) days in athletes who otherwise train ≥ 3 days/week.

    Spec §3.2: "possible logging gap — confirm rest or mark as not recorded". These days are
    *unconfirmed* rest (see :func:`unconfirmed_rest`); days with an explicit rest row are
    confirmed and never part of a gap.

    Parameters
    ----------
    cal : Calendar
        A daily calendar (``loadwatch.series.calendar.daily_calendar(log)``).
    min_days : int, optional
        Shortest run of consecutive rest days reported, in days; default: the team's
        ``calendar.gap_warning_days`` (7 days as shipped).
    min_days_per_week : float, default 3.0
        The athlete's training days per week (days/week) over their observed days, below
        which rest runs are taken at face value.
    config : Config, optional
        Where ``calendar.gap_warning_days`` is read; default: the shipped configuration.

    Returns
    -------
    DataFrame
        One row per gap: athlete, first_day, last_day (dates) and days (days).

    Examples
    --------
    >>> import loadwatch as lw
    >>> from loadwatch.series.calendar import daily_calendar
    >>> days = [*range(1, 15), *range(23, 29)]                 # nothing logged 15–22 January
    >>> log = lw.read_log(("athlete,date,load\\n" + "".join(
    ...     f"A1,2024-01-{day:02d},300\\n" for day in days)).encode())
    >>> lw.logging_gaps(daily_calendar(log)).values.tolist()
    [['A1', Timestamp('2024-01-15 00:00:00'), Timestamp('2024-01-22 00:00:00'), 8]]
    """
    gaps, _ = _runs(cal, _min_days(min_days, config), min_days_per_week)
    return pd.DataFrame({
        Col.ATHLETE: cal.athletes[gaps["code"].to_numpy()],
        "first_day": gaps["first"].to_numpy().astype("datetime64[D]").astype("datetime64[ns]"),
        "last_day": gaps["last"].to_numpy().astype("datetime64[D]").astype("datetime64[ns]"),
        "days": gaps["days"].to_numpy(),
    })


@dataclass(frozen=True)
class Unconfirmed:
    """Unconfirmed rest days on a daily calendar, row for row.

    ``mask`` is True on an unconfirmed day; ``gap_first`` / ``gap_last`` give, per row, the
    first and last day (days since 1970-01-01) of the latest gap on or before the row of the
    same athlete (−1 where none), so a rule can name the gap its window holds.
    """

    mask: np.ndarray
    gap_first: np.ndarray
    gap_last: np.ndarray
    pos: np.ndarray

    @classmethod
    def none(cls, n: int, pos: np.ndarray) -> Unconfirmed:
        """No unconfirmed day (weekly totals, or a log without gaps)."""
        empty = np.full(n, -1, dtype=np.int64)
        return cls(np.zeros(n, dtype=bool), empty, empty, np.asarray(pos))

    @property
    def any(self) -> bool:
        """True when at least one day is unconfirmed."""
        return bool(self.mask.any())

    def count(self, width: int) -> np.ndarray:
        """Unconfirmed days among each row's last `width` days (days; fewer at the start)."""
        if not self.any:
            return np.zeros(len(self.mask), dtype=np.int64)
        return trailing_count(self.mask, self.pos, width, partial=True)

    def span(self, width: int) -> tuple[np.ndarray, np.ndarray]:
        """First and last day (datetime64[ns], NaT where none) of the gap inside each row's
        last `width` days (the latest one when the window holds two)."""
        inside = self.count(width) > 0
        first = np.where(inside, self.gap_first, -1)
        last = np.where(inside, self.gap_last, -1)
        return _dates(first), _dates(last)


def _dates(days: np.ndarray) -> np.ndarray:
    out = np.asarray(days, dtype=np.int64).astype("datetime64[D]").astype("datetime64[ns]")
    out[np.asarray(days) < 0] = np.datetime64("NaT")
    return out


def unconfirmed_rest(cal: Calendar, *, config: Config | None = None) -> Unconfirmed:
    """The unconfirmed rest days of a daily calendar: the days of its logging gaps.

    Spec §3.2: a run of ``calendar.gap_warning_days`` (7) or more absent days inside coverage
    in an athlete training ≥ 3 days/week; a rule leaning on such a day carries that status.

    >>> import loadwatch as lw
    >>> from loadwatch.series.calendar import daily_calendar
    >>> days = [*range(1, 15), *range(23, 29)]                 # nothing logged 15–22 January
    >>> log = lw.read_log(("athlete,date,load\\n" + "".join(
    ...     f"A1,2024-01-{day:02d},300\\n" for day in days)).encode())
    >>> gap = unconfirmed_rest(daily_calendar(log))
    >>> int(gap.mask.sum()), int(gap.count(28)[-1])                # days
    (8, 8)
    """
    gaps, run_id = _runs(cal, _min_days(None, config), 3.0)
    pos = np.asarray(cal.pos, dtype=np.int64)
    if gaps.empty:
        return Unconfirmed.none(len(cal), pos)
    mask = np.isin(run_id, gaps.index.to_numpy())
    latest = last_true(mask, pos)
    run_of = run_id[np.maximum(latest, 0)]
    first = gaps["first"].reindex(run_of).to_numpy(dtype=float)
    last = gaps["last"].reindex(run_of).to_numpy(dtype=float)
    known = latest >= 0
    return Unconfirmed(mask, np.where(known, first, -1).astype(np.int64),
                       np.where(known, last, -1).astype(np.int64), pos)


def gap_sentence(first: pd.Timestamp, last: pd.Timestamp) -> str:
    """What a flag built on unconfirmed days says (spec §3.2)."""
    return (f"possible logging gap from {pd.Timestamp(first):%Y-%m-%d} to "
            f"{pd.Timestamp(last):%Y-%m-%d}: confirm rest or mark not recorded")


def completeness(recorded: float, unconfirmed: float, of: int) -> str:
    """'28/28 days recorded', or with unconfirmed days '18 recorded, 10 unconfirmed of 28
    days' (days)."""
    if unconfirmed > 0:
        return f"{int(recorded)} recorded, {int(unconfirmed)} unconfirmed of {of} days"
    return f"{int(recorded)}/{of} days recorded"


def data_note(recorded: float, unconfirmed: float, first: pd.Timestamp, last: pd.Timestamp,
              of: int) -> str:
    """A rule text's data sentence over its window of `of` days: 'Data: 28/28 days
    recorded.', or with unconfirmed days 'Data: 18 recorded, 10 unconfirmed of 28 days;
    possible logging gap from 2026-09-15 to 2026-09-24: confirm rest or mark not recorded.'

    >>> data_note(18, 10, pd.Timestamp("2026-09-15"), pd.Timestamp("2026-09-24"), 28)[:45]
    'Data: 18 recorded, 10 unconfirmed of 28 days;'
    """
    text = f"Data: {completeness(recorded, unconfirmed, of)}"
    if unconfirmed > 0 and not pd.isna(first):
        text += f"; {gap_sentence(first, last)}"
    return text + "."


def gap_warnings(log: pd.DataFrame, *, config: Config | None = None) -> list[str]:
    """One line per possible logging gap of a session log, for a person to read (spec §3.2);
    weekly-totals logs have no days and give none. Resolve one with ``loadwatch gaps``."""
    if Col.WEEK in log.columns or log.empty:
        return []
    cfg = config or default_config()
    cal = daily_calendar(log, Channel.SRPE,
                         absent_as=str(cfg.get("calendar.absent_day_inside_coverage")))
    gaps = logging_gaps(cal, config=cfg)
    return [f"possible logging gap for {row[Col.ATHLETE]}: {row['days']} days from "
            f"{pd.Timestamp(row['first_day']):%Y-%m-%d} to {pd.Timestamp(row['last_day']):%Y-%m-%d}"
            " — confirm rest or mark not recorded"
            for row in gaps.to_dict("records")]


def gap_table(log: pd.DataFrame, resolved: pd.DataFrame, *, config: Config | None = None
              ) -> pd.DataFrame:
    """Every gap of a team: the open ones found in `log` (a log with the stored resolutions
    already applied) and the resolved ones (`resolved`: athlete, first_day, last_day,
    resolution 'rest' | 'not_recorded'), by athlete and first day.

    Columns: athlete, from, to (dates), days (days) and status ('open', 'rest',
    'not recorded').
    """
    frames = []
    if not log.empty and Col.WEEK not in log.columns:
        cfg = config or default_config()
        cal = daily_calendar(log, Channel.SRPE,
                             absent_as=str(cfg.get("calendar.absent_day_inside_coverage")))
        found = logging_gaps(cal, config=cfg)
        frames.append(pd.DataFrame({Col.ATHLETE: found[Col.ATHLETE].astype(str),
                                    "from": found["first_day"], "to": found["last_day"],
                                    "days": found["days"].astype("int64"), "status": OPEN}))
    if len(resolved):
        first = pd.to_datetime(resolved["first_day"])
        last = pd.to_datetime(resolved["last_day"])
        frames.append(pd.DataFrame({
            Col.ATHLETE: resolved[Col.ATHLETE].astype(str).to_numpy(), "from": first.to_numpy(),
            "to": last.to_numpy(), "days": ((last - first).dt.days + 1).astype("int64").to_numpy(),
            "status": resolved["resolution"].map(RESOLUTIONS).to_numpy()}))
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
            GAP_COLUMNS, ("object", "datetime64[ns]", "datetime64[ns]", "int64", "object"),
            strict=True)})
    table = pd.concat(frames, ignore_index=True)
    return table.sort_values([Col.ATHLETE, "from"], kind="stable").reset_index(drop=True)


def check_resolvable(table: pd.DataFrame, athlete: str, first: pd.Timestamp,
                     last: pd.Timestamp) -> None:
    """UsageError unless FROM..TO lies inside one open gap of the athlete, or is exactly a
    resolved one (to change its resolution): a person resolves what loadwatch asked about."""
    first, last = pd.Timestamp(first), pd.Timestamp(last)
    if last < first:
        raise UsageError(f"the gap ends ({last:%Y-%m-%d}) before it starts ({first:%Y-%m-%d})")
    mine = table[table[Col.ATHLETE].astype(str) == str(athlete)]
    inside_open = (mine["status"] == OPEN) & (mine["from"] <= first) & (mine["to"] >= last)
    same_resolved = (mine["status"] != OPEN) & (mine["from"] == first) & (mine["to"] == last)
    if inside_open.any() or same_resolved.any():
        return
    listed = "; ".join(f"{r['from']:%Y-%m-%d} to {r['to']:%Y-%m-%d} ({r['status']})"
                       for r in mine.to_dict("records")) or "none"
    raise UsageError(f"{first:%Y-%m-%d} to {last:%Y-%m-%d} is not inside an open gap of this "
                     f"athlete (gaps: {listed}); see 'loadwatch gaps'")
