"""Logs → one row per athlete per calendar day (or ISO week), with trained / rest / missing.

Spec §3: inside an upload's coverage, a day without a session is rest (0); outside coverage,
on a "not recorded" marker, or where a session's value in the channel is blank, the day is
missing (NaN) and is never filled with 0. Everything is computed for all athletes at once on
flat integer arrays: athletes are contiguous blocks, days are consecutive inside a block.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from loadwatch.errors import LogError
from loadwatch.ingest.log import status_marks
from loadwatch.schema import CHANNEL_SOURCE, WEEKLY_CHANNEL_SOURCE, Channel, Col, DayStatus

#: integer codes of day status in the flat arrays, and their names
TRAINED, REST, MISSING = 0, 1, 2
STATUS_NAMES = (DayStatus.TRAINED, DayStatus.REST, DayStatus.MISSING)
_NS_PER_DAY = 86_400_000_000_000
_EPOCH_MONDAY_OFFSET = 3  # 1970-01-01 was a Thursday: (day + 3) % 7 == 0 on Mondays


@dataclass
class Calendar:
    """Flat per-athlete calendar: row i is athlete `code[i]` on period `period[i]`.

    `period` is days since 1970-01-01 for daily calendars and the Monday of the week (also
    in days) for weekly ones; `pos` counts periods since the athlete's first one.
    """

    athletes: pd.Index
    code: np.ndarray
    period: np.ndarray
    pos: np.ndarray
    status: np.ndarray
    value: np.ndarray
    channel: str
    step_days: int = 1
    session_row: np.ndarray | None = None  # calendar row of each log row (daily calendars)

    def __len__(self) -> int:
        return len(self.code)

    @property
    def missing(self) -> np.ndarray:
        """True where the period is missing (no information)."""
        return self.status == MISSING

    def dates(self) -> pd.DatetimeIndex:
        """Calendar dates of the rows (week starts for weekly calendars)."""
        return pd.DatetimeIndex(self.period.astype("datetime64[D]").astype("datetime64[ns]"))

    def athlete_column(self) -> pd.Categorical:
        """Athlete ids of the rows, without repeating strings in memory."""
        return pd.Categorical.from_codes(self.code, categories=self.athletes)

    def status_column(self) -> pd.Categorical:
        """trained / rest / missing per row."""
        return pd.Categorical.from_codes(self.status, categories=list(STATUS_NAMES))


def to_days(values: pd.Series) -> np.ndarray:
    """Dates as whole days since 1970-01-01 (int64)."""
    nanoseconds = values.to_numpy(dtype="datetime64[ns]").view(np.int64)
    return nanoseconds // _NS_PER_DAY  # dates are midnights: exact


def week_of(days: np.ndarray, start: int = 0) -> np.ndarray:
    """The first day (in days since 1970-01-01) of the week each day belongs to, for weeks
    starting on weekday `start` (Monday 0 … Sunday 6; `Config.week_start_day`). Monday gives
    the ISO week's Monday."""
    return days - (days + _EPOCH_MONDAY_OFFSET - start) % 7


def week_start_of(day: pd.Timestamp, start: int = 0) -> pd.Timestamp:
    """First day of the week (starting on weekday `start`) that contains `day`."""
    day = pd.Timestamp(day).normalize()
    return day - pd.Timedelta(days=(day.day_of_week - start) % 7)


def week_label(first_day: pd.Timestamp, start: int | None = None) -> str:
    """How a week is named: its ISO label ('2026-W47') for Monday weeks; for weeks starting on
    another weekday an ISO number would name a different span, so its first date
    ('2026-11-15'). `start` (Monday 0 … Sunday 6) defaults to the first day's weekday."""
    first_day = pd.Timestamp(first_day)
    start = first_day.day_of_week if start is None else start
    return f"{first_day:%G-W%V}" if start == 0 else f"{first_day:%Y-%m-%d}"


def week_labels(first_days: pd.Series, start: int | None = None) -> pd.Series:
    """:func:`week_label` for a column of week starts of one team (vectorised)."""
    days = pd.Series(pd.to_datetime(first_days))
    if start is None:
        known = days.dropna()
        start = int(known.dt.day_of_week.iloc[0]) if len(known) else 0
    return days.dt.strftime("%G-W%V" if start == 0 else "%Y-%m-%d")


def _layout(codes: np.ndarray, first: np.ndarray, last: np.ndarray, n: int, step: int):
    """Contiguous blocks per athlete spanning first..last (in steps); returns block arrays."""
    span_start = np.full(n, np.iinfo(np.int64).max)
    span_end = np.full(n, np.iinfo(np.int64).min)
    np.minimum.at(span_start, codes, first)
    np.maximum.at(span_end, codes, last)
    length = (span_end - span_start) // step + 1
    starts = np.concatenate(([0], np.cumsum(length)[:-1])).astype(np.int64)
    total = int(length.sum())
    # 32-bit codes, positions and days: 22 M calendar rows cost 88 MB each, not 176 MB
    row_code = np.repeat(np.arange(n, dtype=np.int32), length)
    pos = (np.arange(total, dtype=np.int64) - np.repeat(starts, length)).astype(np.int32)
    period = (np.repeat(span_start, length) + pos.astype(np.int64) * step).astype(np.int32)
    return span_start, starts, total, row_code, pos, period


def _covered(
    total: int, starts: np.ndarray, span_start: np.ndarray,
    iv_code: np.ndarray, iv_first: np.ndarray, iv_last: np.ndarray, step: int,
) -> np.ndarray:
    """Mark rows inside any coverage interval (difference array + cumulative sum)."""
    open_at = starts[iv_code] + (iv_first - span_start[iv_code]) // step
    close_at = starts[iv_code] + (iv_last - span_start[iv_code]) // step + 1
    diff = np.bincount(open_at, minlength=total + 1) - np.bincount(close_at, minlength=total + 1)
    return np.cumsum(diff)[:total] > 0


def daily_calendar(
    sessions: pd.DataFrame, channel: str = Channel.SRPE, *, absent_as: str = DayStatus.REST
) -> Calendar:
    """One row per athlete-day inside the athlete's span, with status and the channel's sum.

    `absent_as` is what a day with no row inside coverage means: 'rest' (spec default) or
    'missing' (for teams that log every day, rest days included).
    """
    if Col.WEEK in sessions.columns:
        raise LogError("weekly totals cannot give daily metrics; use the weekly level instead")
    if channel not in CHANNEL_SOURCE:
        raise LogError(f"unknown channel '{channel}'; choose one of {', '.join(Channel.ALL)}")
    if sessions.empty:
        raise LogError("the log has no sessions")
    if CHANNEL_SOURCE[channel] not in sessions.columns:  # an export's own load (issue 13)
        raise LogError(f"the log has no '{channel}' load: only an export with its own load "
                       "(PlayerLoad, TSS, HR load, …) gives that channel")
    codes, names = _athlete_codes(sessions[Col.ATHLETE])
    n = len(names)
    day = to_days(sessions[Col.DATE])
    cover_first = to_days(sessions[Col.COVER_START])
    cover_last = np.maximum(to_days(sessions[Col.COVER_END]), day)
    span_start, starts, total, row_code, pos, period = _layout(
        codes, np.minimum(cover_first, day), cover_last, n, 1
    )
    iv_code, iv_first, iv_last = _unique_intervals(codes, cover_first, cover_last)
    covered = _covered(total, starts, span_start, iv_code, iv_first, iv_last, 1)
    row_at = starts[codes] + day - span_start[codes]
    marks = status_marks(sessions[Col.DAY_STATUS])
    marked_missing, marked_rest = marks.missing, marks.rest
    is_session = ~(marked_missing | marked_rest)
    raw = sessions[CHANNEL_SOURCE[channel]].to_numpy(dtype=np.float64)
    values = np.where(is_session | marked_rest, raw, 0.0)
    blank = np.isnan(values) & is_session

    def count(mask: np.ndarray) -> np.ndarray:
        return np.bincount(row_at[mask], minlength=total)

    sums = np.bincount(row_at, weights=np.nan_to_num(values), minlength=total)
    missing = ~covered | (count(blank) > 0) | (count(marked_missing) > 0)
    if absent_as == DayStatus.MISSING:
        missing |= np.bincount(row_at, minlength=total) == 0
    # an observed zero (a rest row, or a session with 0 in this channel) is rest (§3.1)
    status = np.where(missing, MISSING, np.where(sums > 0, TRAINED, REST))
    return Calendar(
        athletes=pd.Index(names, name=Col.ATHLETE),
        code=row_code, period=period, pos=pos, status=status.astype(np.int8),
        value=np.where(missing, np.nan, sums), channel=channel, session_row=row_at,
    )


def _athlete_codes(athletes: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer code per row and the sorted athlete ids (one hashing pass)."""
    codes, names = pd.factorize(athletes, sort=True)
    return codes.astype(np.int64), np.asarray(names, dtype=object)


def _unique_intervals(code: np.ndarray, first: np.ndarray, last: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (athlete, coverage start, coverage end) triples."""
    base = int(min(first.min(), last.min()))
    key = (code << 42) | ((first - base) << 21) | (last - base)
    unique = pd.unique(key)
    mask21 = (1 << 21) - 1
    return unique >> 42, ((unique >> 21) & mask21) + base, (unique & mask21) + base


def weekly_calendar(log: pd.DataFrame, channel: str = Channel.SRPE) -> Calendar:
    """One row per athlete-week from a weekly-totals log; a week with no row is missing."""
    if channel not in WEEKLY_CHANNEL_SOURCE:
        raise LogError(f"unknown channel '{channel}'; choose one of {', '.join(Channel.ALL)}")
    if log.empty:
        raise LogError("the log has no weeks")
    athletes = pd.Categorical(log[Col.ATHLETE])
    codes = athletes.codes.astype(np.int64)
    n = len(athletes.categories)
    week = to_days(log[Col.WEEK])
    span_start, starts, total, row_code, pos, period = _layout(codes, week, week, n, 7)
    row_at = starts[codes] + (week - span_start[codes]) // 7
    values = log[WEEKLY_CHANNEL_SOURCE[channel]].to_numpy(dtype=np.float64)
    rows = np.bincount(row_at, minlength=total)
    blank = np.bincount(row_at, weights=np.isnan(values), minlength=total) > 0
    sums = np.bincount(row_at, weights=np.nan_to_num(values), minlength=total)
    missing = (rows == 0) | blank
    status = np.where(missing, MISSING, np.where(sums > 0, TRAINED, REST))
    return Calendar(
        athletes=pd.Index(athletes.categories, name=Col.ATHLETE),
        code=row_code, period=period, pos=pos, status=status.astype(np.int8),
        value=np.where(missing, np.nan, sums), channel=channel, step_days=7,
    )


def daily_series(sessions: pd.DataFrame, channel: str = Channel.SRPE) -> pd.DataFrame:
    """The daily calendar as a table: athlete, date, status, load (NaN when missing).

    One row per athlete per day inside the log's span (spec §3.1, §3.2): a day with a session
    is *trained*, a day without one inside coverage is *rest* (0), outside coverage or marked
    "not recorded" it is *missing* (NaN, never 0).

    Parameters
    ----------
    sessions : DataFrame
        A session log as :func:`read_log` returns it.
    channel : str, default 'srpe'
        Which series (spec §2.2): 'srpe' (AU/day), 'minutes' (minutes/day), 'extension'
        (reps/day, or minutes/day of extension-heavy sport), 'deliveries' (balls/day).

    Returns
    -------
    DataFrame
        athlete, date, status ('trained', 'rest', 'missing') and load (the channel's unit per
        day; NaN when missing).

    Examples
    --------
    >>> import loadwatch as lw
    >>> log = lw.read_log(b"athlete,date,load\\nA1,2024-01-01,300\\nA1,2024-01-03,420\\n")
    >>> lw.daily_series(log)[["status", "load"]].values.tolist()
    [['trained', 300.0], ['rest', 0.0], ['trained', 420.0]]
    """
    cal = daily_calendar(sessions, channel)
    return pd.DataFrame({
        Col.ATHLETE: cal.athlete_column(),
        Col.DATE: cal.dates(),
        Col.STATUS: cal.status_column(),
        Col.VALUE: cal.value,
    })


# logging gaps (spec §3.2) live in loadwatch.series.gaps: logging_gaps, gap_warnings and the
# unconfirmed rest they imply.
