"""Features of the risk model: one row per athlete-day, each from data up to that day only.

Every number is what loadwatch already shows a coach (spec §4, §5, §9.4, §7.1), computed by
the same engine (:func:`loadwatch.series.metrics.compute_daily`) on the same calendar, so a
feature on day t reads the log up to and including t and never later (the test suite truncates
logs at random days and checks that nothing before the cut changes):

=========================  ========================================================  =========
feature                    meaning                                                   unit
=========================  ========================================================  =========
acute_load                 sRPE mean of the last 7 days                              AU/day
chronic_load               sRPE mean of days 8–28 back (uncoupled, spec §4.2), so    AU/day
                           acute and chronic load enter as *separate* information
                           (spec §6.3 point 7; Bache-Mathiesen et al. 2024)
acwr_rac / _rau / _ewma    the three acute:chronic ratios (spec §4.1, §4.2, §4.5)    ratio
week_change_pct            last 7 days against the 7 before (spec §5.1)              %
monotony, strain           Foster 1998 on the last 7 days (spec §5.2)                —, AU
ext_acute                  extension exposure, mean of the last 7 days (§9.4)        reps/day
ext_acwr                   its coupled acute:chronic ratio (RAC form)                ratio
hours_per_week_over_age    organised hours in the last 7 days ÷ age in years         ratio
                           (Jayanthi et al. 2015; only with a roster giving birth
                           dates)
days_since_injury          days since the onset of the latest injury up to day t     days
previous_injuries          injuries with onset on or before day t                    count
=========================  ========================================================  =========

Missing stays missing: a ratio that loadwatch would not show (insufficient history, a day not
recorded in the window, 0/0) is NaN, never 0 or 1. Infinite values (a ratio after complete
rest, monotony of identical days) become NaN too: the model sees the acute and chronic loads
themselves, which carry that information. HistGradientBoosting handles NaN natively; the
logistic model imputes inside its pipeline and adds missing-indicator columns (the
"research/model module only, clearly labelled" imputation allowed by spec §3.1).
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from loadwatch.config import Config, default_config
from loadwatch.errors import LogError
from loadwatch.ingest.injuries import InjuryCol
from loadwatch.ingest.log import is_weekly
from loadwatch.schema import CHANNEL_SOURCE, Channel, Col, RosterCol
from loadwatch.series.calendar import Calendar, daily_calendar
from loadwatch.series.metrics import Windows, compute_daily


class Feat:
    """Feature names."""

    ACUTE: Final = "acute_load"
    CHRONIC: Final = "chronic_load"
    RAC: Final = "acwr_rac"
    RAU: Final = "acwr_rau"
    EWMA: Final = "acwr_ewma"
    CHANGE: Final = "week_change_pct"
    MONOTONY: Final = "monotony"
    STRAIN: Final = "strain"
    EXT_ACUTE: Final = "ext_acute"
    EXT_ACWR: Final = "ext_acwr"
    HOURS_AGE: Final = "hours_per_week_over_age"
    SINCE_INJURY: Final = "days_since_injury"
    PREVIOUS: Final = "previous_injuries"


#: Features built from every session log (and the injury log).
FEATURES: Final[tuple[str, ...]] = (
    Feat.ACUTE, Feat.CHRONIC, Feat.RAC, Feat.RAU, Feat.EWMA, Feat.CHANGE, Feat.MONOTONY,
    Feat.STRAIN, Feat.EXT_ACUTE, Feat.EXT_ACWR, Feat.SINCE_INJURY, Feat.PREVIOUS,
)
#: Added when a roster with birth dates is given.
ROSTER_FEATURES: Final[tuple[str, ...]] = (Feat.HOURS_AGE,)


def feature_names(with_roster: bool) -> tuple[str, ...]:
    """The model's columns, in order."""
    return FEATURES + (ROSTER_FEATURES if with_roster else ())


def has_birth_dates(roster: pd.DataFrame | None) -> bool:
    """True when a roster gives at least one birth date."""
    return roster is not None and RosterCol.BIRTH_DATE in roster.columns and bool(
        roster[RosterCol.BIRTH_DATE].notna().any())


def calendar(log: pd.DataFrame, windows: Windows) -> Calendar:
    """The sRPE daily calendar every feature and label is aligned on."""
    if is_weekly(log):
        raise LogError("the risk model needs a daily session log; weekly totals cannot give "
                       "its daily features")
    if log[CHANNEL_SOURCE[Channel.SRPE]].isna().all():
        raise LogError("the log has no sRPE load (RPE × minutes, or a load column); the risk "
                       "model needs it")
    return daily_calendar(log, Channel.SRPE, absent_as=windows.absent_as)


def _finite(values: np.ndarray | pd.Series) -> np.ndarray:
    out = np.asarray(values, dtype=float).copy()
    out[~np.isfinite(out)] = np.nan
    return out


def _channel(log: pd.DataFrame, channel: str, windows: Windows, n: int) -> pd.DataFrame | None:
    if log[CHANNEL_SOURCE[channel]].isna().all():
        return None
    metrics = compute_daily(daily_calendar(log, channel, absent_as=windows.absent_as), windows)
    if len(metrics) != n:  # every channel shares the sRPE grid (same athletes, same spans)
        raise AssertionError("channel calendars are not aligned")
    return metrics


def age_years(birth: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Completed years of age on `day` (days since 1970-01-01) for birth dates (datetime64)."""
    born = pd.DatetimeIndex(birth)
    on = pd.DatetimeIndex(day.astype("datetime64[D]"))
    years = on.year - born.year
    before = (on.month < born.month) | ((on.month == born.month) & (on.day < born.day))
    return np.asarray(years - before.astype(float), dtype=float)


def injury_codes(injuries: pd.DataFrame | None, athletes: pd.Index
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Injuries of the log's athletes as (athlete code, onset day, return day) sorted by code
    and onset; days since 1970-01-01, return = −1 when the injury is ongoing."""
    if injuries is None or injuries.empty:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    codes = athletes.get_indexer(injuries[InjuryCol.ATHLETE].astype(str))
    onset = injuries[InjuryCol.ONSET].to_numpy("datetime64[ns]").astype("datetime64[D]")
    back = injuries[InjuryCol.RETURN].to_numpy("datetime64[ns]").astype("datetime64[D]")
    keep = codes >= 0
    code = codes[keep].astype(np.int64)
    start = onset[keep].astype(np.int64)
    end = np.where(np.isnat(back[keep]), -1, back[keep].astype(np.int64))
    order = np.lexsort((start, code))
    return code[order], start[order], end[order]


#: Gap between athletes in the combined (athlete, day) key; larger than any day number.
ATHLETE_STRIDE = np.int64(1) << 32


def injury_history(code: np.ndarray, day: np.ndarray, inj_code: np.ndarray,
                   onset: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row: injuries with onset on or before the row's day, and days since the latest
    (NaN when none). Only the past is read."""
    if len(inj_code) == 0:
        return np.zeros(len(code)), np.full(len(code), np.nan)
    keys = inj_code * ATHLETE_STRIDE + onset
    row_keys = code * ATHLETE_STRIDE + day
    upto = np.searchsorted(keys, row_keys, side="right")
    first = np.searchsorted(keys, code * ATHLETE_STRIDE, side="left")
    count = upto - first
    latest = np.where(count > 0, keys[np.maximum(upto - 1, 0)] - code * ATHLETE_STRIDE, 0)
    since = np.where(count > 0, day - latest, np.nan)
    return count.astype(float), since.astype(float)


def build_features(
    log: pd.DataFrame, injuries: pd.DataFrame | None = None,
    roster: pd.DataFrame | None = None, *, windows: Windows | None = None,
    config: Config | None = None, with_roster: bool | None = None,
) -> pd.DataFrame:
    """Athlete, date and the model's features for every athlete-day of the session log.

    `injuries` (canonical injury log) gives the injury-history features; `roster` with birth
    dates adds hours per week over age. `windows` (or `config`) fixes the metric windows, so
    a saved model recomputes exactly the features it was fitted on. `with_roster` forces the
    roster feature in or out (a model fitted with it needs it at prediction time).
    """
    w = windows or Windows.from_config(config or default_config())
    cal = calendar(log, w)
    n = len(cal)
    srpe = compute_daily(cal, w)
    ext = _channel(log, Channel.EXTENSION, w, n)
    nan = np.full(n, np.nan)
    day = cal.period
    inj_code, onset, _ = injury_codes(injuries, cal.athletes)
    previous, since = injury_history(cal.code, day, inj_code, onset)
    columns: dict[str, object] = {
        Col.ATHLETE: cal.athlete_column(),
        Col.DATE: cal.dates(),
        Feat.ACUTE: _finite(srpe[Col.ACUTE]),
        Feat.CHRONIC: _finite(srpe[Col.CHRONIC_U]),
        Feat.RAC: _finite(srpe[Col.RAC]),
        Feat.RAU: _finite(srpe[Col.RAU]),
        Feat.EWMA: _finite(srpe[Col.EWMA]),
        Feat.CHANGE: _finite(srpe[Col.CHANGE_PCT]),
        Feat.MONOTONY: _finite(srpe[Col.MONOTONY]),
        Feat.STRAIN: _finite(srpe[Col.STRAIN]),
        Feat.EXT_ACUTE: nan if ext is None else _finite(ext[Col.ACUTE]),
        Feat.EXT_ACWR: nan if ext is None else _finite(ext[Col.RAC]),
        Feat.SINCE_INJURY: since,
        Feat.PREVIOUS: previous,
    }
    use_roster = has_birth_dates(roster) if with_roster is None else with_roster
    if use_roster:
        columns[Feat.HOURS_AGE] = _hours_over_age(log, roster, cal, w, n)
    frame = pd.DataFrame(columns)
    return frame[[Col.ATHLETE, Col.DATE, *feature_names(use_roster)]]


def _hours_over_age(log: pd.DataFrame, roster: pd.DataFrame | None, cal: Calendar,
                    w: Windows, n: int) -> np.ndarray:
    if not has_birth_dates(roster):
        raise LogError("this model uses hours per week over age: give the roster with birth "
                       "dates (--roster)")
    assert roster is not None
    minutes = _channel(log, Channel.MINUTES, w, n)
    if minutes is None:
        return np.full(n, np.nan)
    births = roster.drop_duplicates(RosterCol.ATHLETE, keep="last").set_index(
        RosterCol.ATHLETE)[RosterCol.BIRTH_DATE]
    birth = births.reindex(cal.athletes).to_numpy("datetime64[ns]")[cal.code]
    age = age_years(birth, cal.period)
    hours_week = _finite(minutes[Col.ACUTE]) * 7 / 60
    with np.errstate(divide="ignore", invalid="ignore"):
        return _finite(np.where(age > 0, hours_week / age, np.nan))
