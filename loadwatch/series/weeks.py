"""The team's default week: the latest week in which most athletes have data (spec §3.3).

Every face opens on the same week (the dashboard's pages, ``loadwatch flags``, ``plan`` and
``summary``). The latest week in the data is the wrong default: one athlete's session dated
next week, a partial upload (3 of 20 athletes), or a mistyped 2062 would move the whole team to
a week in which the others read "not enough data", hiding their reds and referrals.

Rule: a week *holds* an athlete when the athlete has at least one logged day in it (a day
marked "not recorded" is not data, spec §3.1; a weekly-totals row is). The athletes *active*
at a week are those held by any of the latest 8 weeks with data up to and including it
(weeks counted among the weeks that hold data, not on the calendar, so a row dated 2062
is judged against the squad of 2026). The default week is the latest week holding **more
than half** of its active athletes (a strict majority); without one, the week holding the
most athletes (the latest of ties).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from loadwatch.errors import LogError
from loadwatch.schema import Col, DayStatus
from loadwatch.series.calendar import to_days, week_label, week_of

#: How many weeks with data (this one and the ones before it) define the active athletes.
ACTIVE_WEEKS = 8


@dataclass(frozen=True)
class DefaultWeek:
    """The chosen week (its first day), how many athletes it holds of how many are active,
    and the sentence a face prints to say why."""

    week: pd.Timestamp
    with_data: int
    active: int
    reason: str


def logged_pairs(log: pd.DataFrame, week_start_day: int = 0) -> pd.DataFrame:
    """(athlete, week) once for every athlete-week with logged data: a session or rest row
    of a session log (a 'not recorded' marker is not data), a row of a weekly-totals log."""
    if Col.WEEK in log.columns:
        weeks = to_days(pd.to_datetime(log[Col.WEEK]))
        athletes = log[Col.ATHLETE]
    else:
        logged = log[Col.DAY_STATUS].ne(DayStatus.MISSING).fillna(True).to_numpy(bool)
        weeks = week_of(to_days(pd.to_datetime(log.loc[logged, Col.DATE])), week_start_day)
        athletes = log.loc[logged, Col.ATHLETE]
    pairs = pd.DataFrame({Col.ATHLETE: np.asarray(athletes, dtype=object), Col.WEEK: weeks})
    return pairs.drop_duplicates(ignore_index=True)


def default_week(log: pd.DataFrame, week_start_day: int = 0) -> DefaultWeek:
    """The week every face opens on (module docstring), with the reason, e.g.
    "2026-W47 (16 Nov): the latest week with data for 17 of 20 athletes".

    Raises LogError when the log holds no logged day at all.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"athlete": ["A", "B", "C", "A"],
    ...                     "week_start": pd.to_datetime(["2026-11-09"] * 3 + ["2026-11-16"])})
    >>> default_week(log).reason
    '2026-W46 (9 Nov): the latest week with data for 3 of 3 athletes; 2026-W47 has data for 1'
    """
    return choose_week(logged_pairs(log, week_start_day), week_start_day)


def choose_week(pairs: pd.DataFrame, week_start_day: int = 0) -> DefaultWeek:
    """:func:`default_week` from (athlete, week) pairs (week as days since 1970-01-01 or as
    first days), one row per athlete-week with data."""
    if pairs.empty:
        raise LogError("no logged data: no week to show")
    weeks = pairs[Col.WEEK]
    days = to_days(weeks) if pd.api.types.is_datetime64_any_dtype(weeks) else \
        weeks.to_numpy(np.int64)
    order, week_days = pd.factorize(days, sort=True)
    athlete, _ = pd.factorize(pairs[Col.ATHLETE])
    present = np.bincount(order, minlength=len(week_days))
    active = _active(athlete, order, len(week_days))
    majority = np.flatnonzero(present * 2 > active)
    best = int(majority[-1]) if len(majority) else \
        int(np.flatnonzero(present == present.max())[-1])
    first = pd.Timestamp(int(week_days[best]), unit="D")
    return DefaultWeek(first, int(present[best]), int(active[best]),
                       _reason(first, best, present, active, week_days, week_start_day,
                               bool(len(majority))))


def _active(athlete: np.ndarray, order: np.ndarray, n_weeks: int) -> np.ndarray:
    """Athletes with data in any of the ACTIVE_WEEKS data weeks ending at each week: each
    athlete-week counts for the weeks from it to just before the athlete's next one (at most
    ACTIVE_WEEKS), so an athlete is counted once per week (difference array)."""
    sort = np.lexsort((order, athlete))
    who, when = athlete[sort], order[sort]
    following = np.append(when[1:], n_weeks)
    same = np.append(who[1:] == who[:-1], False)
    until = np.minimum(when + ACTIVE_WEEKS, np.where(same, following, n_weeks))
    diff = np.bincount(when, minlength=n_weeks + 1) - np.bincount(until, minlength=n_weeks + 1)
    return np.cumsum(diff)[:n_weeks]


def _name(first: pd.Timestamp, start: int) -> str:
    return week_label(first, start) if start == 0 else f"the week of {first.day} {first:%b %Y}"


def _reason(first: pd.Timestamp, best: int, present: np.ndarray, active: np.ndarray,
            week_days: np.ndarray, start: int, majority: bool) -> str:
    where = f"{_name(first, start)} ({first.day} {first:%b})" if start == 0 else \
        _name(first, start)
    n, of = int(present[best]), int(active[best])
    athletes = "athlete" if of == 1 else "athletes"
    if majority:
        text = f"{where}: the latest week with data for {n} of {of} {athletes}"
    else:
        text = (f"{where}: no week has data for more than half of the athletes; this one "
                f"has the most ({n} of {of})")
    if best + 1 < len(week_days):
        later = pd.Timestamp(int(week_days[-1]), unit="D")
        text += f"; {_name(later, start)} has data for {int(present[-1])}"
    return text
