"""The numbers of a report week: per-athlete metrics on the week's last day, the daily
table, the 8-week level history and the chart series (spec §4.9 rounding for display)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from loadwatch.report.levels import LEVEL_TEXT
from loadwatch.risk.engine import Assessment
from loadwatch.risk.rules.base import Level, round_half_up
from loadwatch.risk.rules.load import primary_ratio
from loadwatch.schema import Channel, Col
from loadwatch.series.ratios import divide, window_count
from loadwatch.views.privacy import Names


def _values(frame: pd.DataFrame | None, column: str) -> np.ndarray | None:
    if frame is None or column not in frame.columns:
        return None
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)


def _nan_if_none(value: Any) -> float:
    if value is None or isinstance(value, str):
        return float("nan")
    return float(value)


class WeekNumbers:
    """The metrics of each athlete on the last day of the week (primary ACWR as `week()`)."""

    def __init__(self, assessment: Assessment, last: np.ndarray) -> None:
        ctx = assessment.ctx
        self.ctx, self.last, self.weekly = ctx, last, ctx.weekly_data
        srpe = ctx.channel(Channel.SRPE)
        self.method = primary_ratio(ctx, srpe)[1] if srpe is not None else "no sRPE load"
        n = len(last)
        nan = np.full(n, np.nan)
        self.primary = primary_ratio(ctx, srpe)[0][last] if srpe is not None else nan
        at = self._at
        if self.weekly:
            load = at(srpe, Col.WEEKLY_LOAD)
            self.rau, self.ewma, self.monotony = at(srpe, Col.W_UNCOUPLED3), nan, nan
            self.load7, self.chronic = load, divide(load, at(srpe, Col.W_COUPLED))
            self.recorded = self._complete_weeks(srpe)
        else:
            self.rau, self.ewma = at(srpe, Col.RAU), at(srpe, Col.EWMA)
            self.load7, self.chronic = at(srpe, Col.ACUTE) * 7, at(srpe, Col.CHRONIC) * 7
            self.monotony = at(srpe, Col.MONOTONY)
            self.recorded = at(srpe, Col.DAYS_RECORDED)
        self.change_pct, self.change_au = at(srpe, Col.CHANGE_PCT), at(srpe, Col.CHANGE_AU)
        self.note = (srpe[Col.DATA_REASON].astype(str).to_numpy(dtype=object)[last]
                     if srpe is not None else np.full(n, "no sRPE load in the log", dtype=object))
        ext = ctx.channel(Channel.EXTENSION)
        self.ext7 = at(ext, Col.WEEKLY_LOAD) if self.weekly else at(ext, Col.ACUTE) * 7
        self.ext_ratio = primary_ratio(ctx, ext)[0][last] if ext is not None else nan
        self.ext_change = at(ext, Col.CHANGE_PCT)
        self.has_ext = ext is not None
        minutes = ctx.channel(Channel.MINUTES)
        if self.weekly:
            week_min = at(minutes, Col.WEEKLY_LOAD)
            self.h_week, self.h4 = week_min / 60, divide(week_min, at(minutes, Col.W_COUPLED)) / 60
        else:
            self.h_week = at(minutes, Col.ACUTE) * 7 / 60
            self.h4 = at(minutes, Col.CHRONIC) * 7 / 60
        self.age = ctx.age_years(rows=last) if len(ctx) else nan

    def _at(self, frame: pd.DataFrame | None, column: str) -> np.ndarray:
        values = _values(frame, column)
        return np.full(len(self.last), np.nan) if values is None else values[self.last]

    def _complete_weeks(self, srpe: pd.DataFrame | None) -> np.ndarray:
        missing = _values(srpe, Col.DAYS_MISSING)
        if missing is None:
            return np.full(len(self.last), np.nan)
        complete = window_count(missing == 0, self.ctx.pos, 4, partial=True)
        return complete[self.last].astype(float)

    def row(self, i: int, rules: list[dict[str, Any]]) -> dict[str, Any]:
        """The numeric columns of athlete i (rounded as the reader sees them)."""
        h4, h_week, age = self._hours(i, rules)
        ext = self.has_ext and np.isfinite(self.ext7[i])
        return {
            "primary_acwr": _r(self.primary[i], 2),
            "acwr_method": self.method,
            "acwr_uncoupled": _r(self.rau[i], 2),
            "acwr_ewma": _r(self.ewma[i], 2),
            "load_7d_au": _r(self.load7[i], 0),
            "chronic_week_au": _r(self.chronic[i], 0),
            "change_pct": _r(self.change_pct[i], 1),
            "change_au": _r(self.change_au[i], 0),
            "monotony": _r(self.monotony[i], 2),
            "extension_7d": _r(self.ext7[i], 0),
            "extension_unit": self.ctx.extension_unit if ext else "",
            "extension_acwr": _r(self.ext_ratio[i], 2),
            "extension_change_pct": _r(self.ext_change[i], 1),
            "organised_h_4wk": h4,
            "organised_h_week": h_week,
            "age": age,
            "hours_vs_age": _hours_vs_age(h4, h_week, age, weekly=self.weekly),
            "days_recorded": _r(self.recorded[i], 0),
            "data_note": self.note[i],
        }

    def _hours(self, i: int, rules: list[dict[str, Any]]) -> tuple[float, float, float]:
        """Organised hours (4-week average, last 7 days) and age: Y1's numbers when the rule
        ran, else from the minutes channel and the roster's birth date."""
        y1 = next((r for r in rules if r["id"] == "Y1" and r["numbers"]), None)
        if y1 is not None:
            got = y1["numbers"]
            return (_r(_nan_if_none(got.get("h4")), 1), _r(_nan_if_none(got.get("h_week")), 1),
                    _nan_if_none(got.get("age")))
        return _r(self.h4[i], 1), _r(self.h_week[i], 1), float(self.age[i])


def _r(value: float, dp: int) -> float:
    """Round half up for display (spec §4.9); NaN and inf unchanged."""
    value = float(value)
    if not np.isfinite(value):
        return value
    return float(round_half_up(value, dp))


def _hours_vs_age(h4: float, h_week: float, age: float, *, weekly: bool) -> str:
    if not np.isfinite(age) or not (np.isfinite(h4) or np.isfinite(h_week)):
        return ""
    if np.isfinite(h4) and h4 > age:
        return "4-week average above age"
    if np.isfinite(h_week) and h_week > age:
        return f"{'this week' if weekly else 'last 7 days'} above age"
    return "not above age"


# --- history, charts and daily table ------------------------------------------------------


def _mondays(start: pd.Timestamp, weeks: int) -> np.ndarray:
    monday = int(np.datetime64(start.date(), "D").astype(np.int64))
    return np.array([monday - 7 * k for k in range(weeks - 1, -1, -1)], dtype=np.int64)


def level_history(assessment: Assessment, start: pd.Timestamp, weeks: int) -> pd.DataFrame:
    """Level per athlete code (rows) and week (columns, oldest first): the week's highest."""
    ctx = assessment.ctx
    mondays = _mondays(start, max(weeks, 2))
    mask = np.isin(ctx.week, mondays)
    frame = pd.DataFrame({"code": ctx.code[mask], "week": ctx.week[mask],
                          "level": assessment.level[mask].astype(np.int64)})
    grid = frame.groupby(["code", "week"])["level"].max().unstack("week")
    grid = grid.reindex(columns=mondays)
    if weeks < 2:
        grid = grid.iloc[:, -weeks:]
    return grid


def history_table(grid: pd.DataFrame, assessment: Assessment, names: Names,
                   codes: np.ndarray) -> pd.DataFrame:
    """The 8-week grid for the report's athletes: index = athlete name (sorted), columns =
    the weeks' Mondays, values = level numbers (NaN = no data that week)."""
    table = grid.reindex(codes)
    table.index = [names(assessment.ctx.athletes[int(c)]) for c in codes]
    table.columns = pd.DatetimeIndex(np.asarray(table.columns).astype("datetime64[D]")
                                     .astype("datetime64[ns]"))
    return table.sort_index()


class SeriesSource:
    """Daily (or weekly) load, primary ratio, EWMA and level of the last weeks per athlete."""

    def __init__(self, assessment: Assessment, start: pd.Timestamp, weeks: int) -> None:
        ctx = assessment.ctx
        mondays = _mondays(start, weeks)
        idx = np.flatnonzero((ctx.week >= mondays[0]) & (ctx.week <= mondays[-1]))
        codes = ctx.code[idx]
        cut = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
        self.rows = {int(codes[c]): part for c, part in zip(cut, np.split(idx, cut[1:]),
                                                              strict=True)} if len(idx) else {}
        srpe = ctx.channel(Channel.SRPE)
        n = len(ctx)
        nan = np.full(n, np.nan)
        self.dates = ctx.dates
        self.level = assessment.level
        if srpe is None:
            self.load, self.ratio, self.ewma = nan, nan, nan
        else:
            column = Col.WEEKLY_LOAD if ctx.weekly_data else Col.VALUE
            self.load = srpe[column].to_numpy(dtype=float)
            self.ratio = primary_ratio(ctx, srpe)[0]
            ewma = _values(srpe, Col.EWMA)
            self.ewma = nan if ewma is None or ctx.weekly_data else ewma

    def of(self, code: int) -> pd.DataFrame:
        """The chart's data of one athlete: date, load, missing, ratio, ewma, level."""
        rows = self.rows.get(code, np.array([], dtype=np.int64))
        load = self.load[rows]
        return pd.DataFrame({
            "date": self.dates[rows], "load": load, "missing": np.isnan(load),
            "ratio": self.ratio[rows], "ewma": self.ewma[rows],
            "level": self.level[rows].astype(np.int64),
        })


def daily_table(assessment: Assessment, rows: np.ndarray, names: Names) -> pd.DataFrame:
    """The Daily metrics sheet: every athlete-day of the week (weekly data: the week)."""
    ctx = assessment.ctx
    srpe = ctx.channel(Channel.SRPE)

    def col(frame: pd.DataFrame | None, column: str, scale: float = 1.0) -> np.ndarray:
        values = _values(frame, column)
        return np.full(len(rows), np.nan) if values is None else values[rows] * scale

    ext, minutes = ctx.channel(Channel.EXTENSION), ctx.channel(Channel.MINUTES)
    if ctx.weekly_data:
        load = col(srpe, Col.WEEKLY_LOAD)
        seven, chronic = load, divide(load, col(srpe, Col.W_COUPLED))
        coupled, uncoupled = col(srpe, Col.W_COUPLED), col(srpe, Col.W_UNCOUPLED3)
        ewma = np.full(len(rows), np.nan)
        ext_day, min_day = col(ext, Col.WEEKLY_LOAD), col(minutes, Col.WEEKLY_LOAD)
        status = np.where(np.isnan(load), "missing", "trained")
    else:
        load = col(srpe, Col.VALUE)
        seven, chronic = col(srpe, Col.ACUTE, 7.0), col(srpe, Col.CHRONIC, 7.0)
        coupled, uncoupled, ewma = col(srpe, Col.RAC), col(srpe, Col.RAU), col(srpe, Col.EWMA)
        ext_day, min_day = col(ext, Col.VALUE), col(minutes, Col.VALUE)
        status = (srpe[Col.STATUS].astype(str).to_numpy(dtype=object)[rows]
                  if srpe is not None else np.full(len(rows), "", dtype=object))
    notes = (srpe[Col.DATA_REASON].astype(str).to_numpy(dtype=object)[rows]
             if srpe is not None else np.full(len(rows), "", dtype=object))
    athletes = np.array([names(a) for a in ctx.athletes], dtype=object)
    levels = np.array([LEVEL_TEXT[lv] for lv in Level], dtype=object)
    table = pd.DataFrame({
        "athlete": athletes[ctx.code[rows]],
        "date": ctx.dates[rows],
        "level": levels[assessment.level[rows].astype(np.int64)],
        "day_status": status,
        "load_au": round_half_up(load, 0),
        "load_7d_au": round_half_up(seven, 0),
        "chronic_week_au": round_half_up(chronic, 0),
        "acwr_coupled": round_half_up(coupled, 2),
        "acwr_uncoupled": round_half_up(uncoupled, 2),
        "acwr_ewma": round_half_up(ewma, 2),
        "change_pct": round_half_up(col(srpe, Col.CHANGE_PCT), 1),
        "monotony": round_half_up(col(srpe, Col.MONOTONY), 2),
        "extension": round_half_up(ext_day, 0),
        "minutes": round_half_up(min_day, 0),
        "data_note": notes,
    })
    return table.sort_values(["athlete", "date"], kind="stable").reset_index(drop=True)
