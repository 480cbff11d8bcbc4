"""Everything a rule may read, computed once and aligned on one grid of athlete-days.

For a session log the grid is the daily calendar (one row per athlete per day inside the
athlete's span); for a weekly-totals log it is one row per athlete per week (the team's
weeks, ``calendar.week_start``). The metrics
of every channel share that grid row for row, so a rule combines them with plain array
operations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from loadwatch.config import Config
from loadwatch.ingest.log import is_weekly
from loadwatch.schema import CHANNEL_SOURCE, Channel, Col, RosterCol
from loadwatch.series.calendar import Calendar, daily_calendar, week_of, weekly_calendar
from loadwatch.series.gaps import Unconfirmed, unconfirmed_rest
from loadwatch.series.metrics import Windows, compute_daily, weekly_metrics
from loadwatch.series.windows import trailing_count

DAYS_PER_YEAR = 365.25


def team_shape(log: pd.DataFrame) -> tuple[bool, tuple[str, ...], str]:
    """(weekly totals?, channels with any value, extension unit) of a team's log: the three
    things one athlete's rows depend on beyond their own data."""
    weekly = is_weekly(log)
    channels = tuple(c for c in Channel.ALL
                     if weekly or not log[CHANNEL_SOURCE[c]].isna().all())
    return weekly, channels, "reps" if log[Col.EXT_REPS].notna().any() else "min"


@dataclass
class Context:
    """Inputs of the rule engine on one athlete-period grid."""

    config: Config
    weekly_data: bool
    cal: Calendar
    metrics: dict[str, pd.DataFrame]
    log: pd.DataFrame
    roster: pd.DataFrame = field(default_factory=pd.DataFrame)
    growth: pd.DataFrame = field(default_factory=pd.DataFrame)
    symptoms: pd.DataFrame = field(default_factory=pd.DataFrame)
    plans: pd.DataFrame = field(default_factory=pd.DataFrame)
    extension_unit: str = "reps"
    #: Inputs several rules share (e.g. cricket's bowling days), computed once per context.
    shared: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def weekly(self, channel: str) -> pd.DataFrame:
        """`weekly_metrics` of the context's log in one channel, computed once (the overview,
        the planner and the athlete page of every week read the same table; do not change
        it in place)."""
        return self.once(f"weekly-{channel}",
                         lambda ctx: weekly_metrics(ctx.log, channel, config=ctx.config))

    def once(self, name: str, compute: Callable[[Context], Any]) -> Any:
        """`compute(self)` the first time `name` is asked for, then the stored result."""
        if name not in self.shared:
            self.shared[name] = compute(self)
        return self.shared[name]

    @classmethod
    def build(
        cls, log: pd.DataFrame, config: Config, *, roster: pd.DataFrame | None = None,
        growth: pd.DataFrame | None = None, symptoms: pd.DataFrame | None = None,
        plans: pd.DataFrame | None = None, like: Context | None = None,
    ) -> Context:
        """Compute the metrics of every channel the log carries on a shared grid.

        `like` is the context of the whole team when `log` holds only some of its athletes:
        the team's channels and extension unit are kept, so that each athlete's rows equal
        those of the team's evaluation (athletes are independent of each other)."""
        w = Windows.from_config(config)
        weekly, channels, unit = like.shape if like is not None else team_shape(log)
        metrics: dict[str, pd.DataFrame] = {}
        cal: Calendar | None = None
        for channel in channels:
            if weekly:
                channel_cal = weekly_calendar(log, channel)
                metrics[channel] = weekly_metrics(log, channel, config=config)
            else:
                channel_cal = daily_calendar(log, channel, absent_as=w.absent_as)
                metrics[channel] = compute_daily(channel_cal, w)
            if cal is None or channel == Channel.SRPE:
                cal = channel_cal
        if cal is None:
            raise ValueError("the log has no usable channel")
        return cls(
            config=config, weekly_data=weekly, cal=cal, metrics=metrics, log=log,
            roster=_indexed(roster), growth=growth if growth is not None else pd.DataFrame(),
            symptoms=symptoms if symptoms is not None else pd.DataFrame(),
            plans=plans if plans is not None else pd.DataFrame(), extension_unit=unit,
        )

    @property
    def shape(self) -> tuple[bool, tuple[str, ...], str]:
        """What the team's log decides for every athlete: weekly or daily, the channels
        evaluated, the extension unit (:func:`team_shape`)."""
        return self.weekly_data, tuple(self.metrics), self.extension_unit

    # --- grid --------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.cal)

    @cached_property
    def code(self) -> np.ndarray:
        """Athlete code of each grid row (int64, so rules can merge on it)."""
        return self.cal.code.astype(np.int64)

    @cached_property
    def pos(self) -> np.ndarray:
        """Periods since the athlete's first grid row."""
        return self.cal.pos.astype(np.int64)

    @property
    def athletes(self) -> pd.Index:
        """Athlete ids by code."""
        return self.cal.athletes

    @property
    def athlete(self) -> np.ndarray:
        """Athlete id of each grid row."""
        return self.cal.athletes.to_numpy()[self.cal.code]

    @cached_property
    def day(self) -> np.ndarray:
        """Days since 1970-01-01 of each grid row (the week's Monday for weekly data)."""
        return self.cal.period.astype(np.int64)

    @property
    def dates(self) -> pd.DatetimeIndex:
        """Dates of the grid rows."""
        return self.cal.dates()

    @property
    def week(self) -> np.ndarray:
        """First day (days since 1970-01-01) of each row's week, in the team's weeks
        (``calendar.week_start``; Monday = ISO week)."""
        return week_of(self.day, self.config.week_start_day)

    @cached_property
    def unconfirmed(self) -> Unconfirmed:
        """Unconfirmed rest days on the grid: the days of logging gaps (spec §3.2; none for
        weekly totals, or when absent days count as missing)."""
        if self.weekly_data:
            return Unconfirmed.none(len(self), self.pos)
        return unconfirmed_rest(self.cal, config=self.config)

    def completeness(self, width: int) -> pd.DataFrame:
        """Per row, over its last `width` days: recorded days (not missing, not unconfirmed),
        unconfirmed days, and the first and last day of the gap they belong to (NaT where
        none) — what a rule leaning on those days reports (spec §3.2). Computed once per
        width (several rules ask; do not change it in place)."""
        return self.once(f"completeness-{width}", lambda ctx: ctx._completeness(width))

    def _completeness(self, width: int) -> pd.DataFrame:
        gaps = self.unconfirmed
        unconfirmed = gaps.count(width)
        existing = np.minimum(self.pos + 1, width)
        missing = trailing_count(self.cal.missing, self.pos, width, partial=True)
        first, last = gaps.span(width)
        return pd.DataFrame({"recorded": existing - missing - unconfirmed,
                             "unconfirmed": unconfirmed, "gap_from": first, "gap_to": last})

    def channel(self, name: str) -> pd.DataFrame | None:
        """Metrics of a channel on the grid, or None when the log has no such values."""
        return self.metrics.get(name)

    # --- profiles ------------------------------------------------------------------------

    def has_profile(self, column: str) -> bool:
        """True when the roster gives this column for at least one athlete."""
        return column in self.roster.columns and self.roster[column].notna().any()

    def per_row(self, column: str) -> np.ndarray:
        """A roster column spread onto the grid rows (NaN/None where unknown)."""
        if column not in self.roster.columns:
            return np.full(len(self), np.nan)
        by_code = self.roster[column].reindex(self.athletes)
        return by_code.to_numpy()[self.code]

    def age_years(self, on_day: np.ndarray | None = None, rows: np.ndarray | None = None
                  ) -> np.ndarray:
        """Completed years of age on each row's day (NaN without a birth date); only the
        grid rows `rows` when given (one athlete's chart need not date the whole team)."""
        birth = self.per_row(RosterCol.BIRTH_DATE)
        day = self.day if on_day is None else on_day
        if rows is not None:
            birth, day = birth[rows], day[rows]
        birth = pd.to_datetime(pd.Series(birth))
        dates = pd.to_datetime(pd.Series(day.astype("datetime64[D]")))
        years = dates.dt.year - birth.dt.year
        before_birthday = (dates.dt.month < birth.dt.month) | (
            (dates.dt.month == birth.dt.month) & (dates.dt.day < birth.dt.day))
        return (years - before_birthday.astype(float)).to_numpy(dtype=float)

    def by_athlete_day(self, table: pd.DataFrame, date_col: str, value: np.ndarray
                       ) -> np.ndarray:
        """Place per-(athlete, date) values of `table` on the grid (NaN where none)."""
        out = np.full(len(self), np.nan)
        if table.empty:
            return out
        codes = self.athletes.get_indexer(table[Col.ATHLETE].astype(str))
        day = table[date_col].to_numpy("datetime64[ns]").astype("datetime64[D]").astype(np.int64)
        keys = pd.Series(np.arange(len(self)), index=pd.MultiIndex.from_arrays(
            [self.code, self.day]))
        found = keys.reindex(pd.MultiIndex.from_arrays([codes, day]))
        ok = found.notna().to_numpy() & (codes >= 0)
        out[found.to_numpy()[ok].astype(np.int64)] = np.asarray(value, dtype=float)[ok]
        return out


def _indexed(roster: pd.DataFrame | None) -> pd.DataFrame:
    if roster is None or roster.empty:
        return pd.DataFrame(columns=[RosterCol.ATHLETE]).set_index(RosterCol.ATHLETE)
    return roster.drop_duplicates(RosterCol.ATHLETE, keep="last").set_index(RosterCol.ATHLETE)
