"""Daily and weekly load metrics tables: the numbers behind every later flag (spec §4, §5).

`daily_metrics` evaluates every calendar day (flags must be evaluated daily: EWMA's Sunday
dip must not hide Saturday, §4.5); `weekly_metrics` gives the totals of the team's weeks
(``calendar.week_start``: ISO weeks by default) and the weekly ratio forms of §4.4. Each
row says whether its ratios could be computed (`data_status`) and, if not, why
(`data_reason`): too little history or holes give "insufficient data", never a made-up ratio.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from loadwatch.config import Config, default_config
from loadwatch.errors import LogError
from loadwatch.schema import DAILY_COLUMNS, WEEKLY_COLUMNS, Channel, Col, DataStatus
from loadwatch.series.calendar import (
    MISSING,
    REST,
    Calendar,
    daily_calendar,
    to_days,
    week_of,
    weekly_calendar,
)
from loadwatch.series.foster import monotony_strain
from loadwatch.series.ratios import (
    WindowCounts,
    divide,
    earlier_sum,
    ewmas,
    lagged,
    provisional_days,
    window_count,
    window_sum,
)


@dataclass(frozen=True)
class Windows:
    """Window lengths and tolerances read once from the configuration."""

    acute: int
    chronic: int
    max_missing_acute: int
    max_missing_chronic: int
    seed: str
    provisional_weight: float
    min_chronic_week: float
    ddof: int
    absent_as: str
    week_start: int = 0  # weekday the team's week starts on (Monday 0 … Sunday 6)

    @classmethod
    def from_config(cls, cfg: Config) -> Windows:
        """Read the acwr, monotony and calendar sections."""
        return cls(
            acute=int(cfg.get("acwr.acute_days")),
            chronic=int(cfg.get("acwr.chronic_days")),
            max_missing_acute=int(cfg.get("acwr.max_missing_acute")),
            max_missing_chronic=int(cfg.get("acwr.max_missing_chronic")),
            seed=str(cfg.get("acwr.ewma_seed")),
            provisional_weight=float(cfg.get("acwr.ewma_provisional_seed_weight")),
            min_chronic_week=float(cfg.get("acwr.min_chronic_week_au")),
            ddof=int(cfg.get("monotony.sd_ddof")),
            absent_as=str(cfg.get("calendar.absent_day_inside_coverage")),
            week_start=cfg.week_start_day,
        )


class _Reasons:
    """Builds the data_status / data_reason columns as categoricals from small tables."""

    def __init__(self, n: int) -> None:
        self.status = np.full(n, -1, dtype=np.int8)
        self.reason = np.full(n, -1, dtype=np.int32)
        self.status_names: list[str] = []
        self.reason_texts: dict[str, int] = {}

    def _code(self, text: str) -> int:
        return self.reason_texts.setdefault(text, len(self.reason_texts))

    def set(self, mask: np.ndarray, status: str, text: str) -> None:
        """Give rows in `mask` that have no status yet this status and reason."""
        todo = mask & (self.status < 0)
        if not todo.any():
            return
        if status not in self.status_names:
            self.status_names.append(status)
        self.status[todo] = self.status_names.index(status)
        self.reason[todo] = self._code(text)

    def set_values(self, mask: np.ndarray, status: str, template: Callable[[float], str],
                   values: np.ndarray) -> None:
        """Like `set`, with a reason quoting each row's value (rounded to whole units):
        only the distinct values of the rows concerned are formatted."""
        todo = mask & (self.status < 0)
        if not todo.any():
            return
        distinct, which = np.unique(np.round(values[todo]), return_inverse=True)
        codes = np.array([self._code(template(v)) for v in distinct], dtype=np.int64)
        if status not in self.status_names:
            self.status_names.append(status)
        self.status[todo] = self.status_names.index(status)
        self.reason[todo] = codes[which]

    def set_indexed(self, mask: np.ndarray, status: str, table: list[str], idx: np.ndarray) -> None:
        """Like `set`, with each row's reason chosen as table[idx] (no per-row formatting)."""
        todo = mask & (self.status < 0)
        if not todo.any():
            return
        if status not in self.status_names:
            self.status_names.append(status)
        self.status[todo] = self.status_names.index(status)
        codes = np.array([self._code(t) for t in table], dtype=np.int64)
        self.reason[todo] = codes[np.clip(idx[todo], 0, len(table) - 1)]

    def columns(self) -> tuple[pd.Categorical, pd.Categorical]:
        """(data_status, data_reason) for every row; rows without a status are ok."""
        ok = self.status < 0
        if DataStatus.OK not in self.status_names:
            self.status_names.append(DataStatus.OK)
        self.status[ok] = self.status_names.index(DataStatus.OK)
        self.reason[ok] = self._code("")
        texts = sorted(self.reason_texts, key=self.reason_texts.__getitem__)
        return (
            pd.Categorical.from_codes(self.status, categories=self.status_names),
            pd.Categorical.from_codes(self.reason, categories=texts),
        )


def _unit(channel: str) -> str:
    return Channel.UNIT[channel]


def recorded_days(holes: WindowCounts, pos: np.ndarray, width: int) -> np.ndarray:
    """Recorded days among the last `width` calendar days of the athlete (int16)."""
    present = np.minimum(pos + 1, width).astype(np.int16)
    return present - holes.window(width, partial=True).astype(np.int16)


def _daily_reasons(cal: Calendar, w: Windows, missing: np.ndarray, ratio_ok: np.ndarray,
                   m28: np.ndarray, s7: np.ndarray, s_prev: np.ndarray, s28: np.ndarray,
                   chronic: np.ndarray) -> tuple[pd.Categorical, pd.Categorical]:
    """data_status and data_reason of every day (spec §4.7, §4.8), most serious first."""
    pos = cal.pos
    reasons = _Reasons(len(cal))
    reasons.set(missing, DataStatus.MISSING, "no data recorded for this day")
    history = [f"needs {w.chronic} days of history, has {k}" for k in range(1, w.chronic)]
    reasons.set_indexed(pos < w.chronic - 1, DataStatus.INSUFFICIENT, history, pos)
    gaps = [f"{k} of the last {w.chronic} days not recorded" for k in range(w.chronic + 1)]
    reasons.set_indexed(~ratio_ok, DataStatus.INSUFFICIENT, gaps, np.maximum(m28, 0))
    reasons.set(s28 == 0, DataStatus.NO_TRAINING, f"no training in the last {w.chronic} days")
    unit = _unit(cal.channel)
    weeks_before = (w.chronic - w.acute) // 7
    reasons.set_values((s_prev == 0) & (s7 > 0), DataStatus.RETURN_FROM_REST, lambda a: (
        f"return after complete rest: {a:,.0f} {unit} in the last {w.acute} days after 0 "
        f"{unit} in the previous {weeks_before} weeks"), s7)
    if cal.channel == Channel.SRPE:
        week_base = chronic * 7
        reasons.set_values(week_base < w.min_chronic_week, DataStatus.LOW_BASE, lambda b: (
            f"low base: average week {b:,.0f} AU over the last {w.chronic} days "
            f"(< {w.min_chronic_week:,.0f} AU); ratio not used for flags"), week_base)
    recorded = [f"mean of {w.chronic - m} recorded days" for m in range(w.chronic + 1)]
    reasons.set_indexed(ratio_ok & (m28 > 0), DataStatus.OK, recorded, np.maximum(m28, 0))
    return reasons.columns()


def compute_daily(cal: Calendar, w: Windows) -> pd.DataFrame:
    """Daily metrics for a calendar (any channel); see :func:`daily_metrics`."""
    x, pos = cal.value, cal.pos
    missing = np.isnan(x)
    s7 = window_sum(x, pos, w.acute)
    s7_prev = lagged(s7, pos, w.acute)
    s_prev = earlier_sum(x, s7, pos, w.acute, w.chronic - w.acute)
    s28 = s7 + s_prev
    holes = WindowCounts(missing, pos)
    m7 = holes.window(w.acute)
    m28 = holes.window(w.chronic)
    m_prev = holes.window(w.chronic - w.acute, lag=w.acute)
    change_ok = holes.window(2 * w.acute) == 0
    recorded = recorded_days(holes, pos, w.chronic)
    del holes  # intermediates are released as soon as they are used: 22 M rows at scale
    acute_ok = (m7 >= 0) & (m7 <= w.max_missing_acute)
    ratio_ok = acute_ok & (m28 >= 0) & (m28 - m7 <= w.max_missing_chronic)
    acute = divide(s7, w.acute - m7)
    acute[~acute_ok] = np.nan
    chronic = divide(s28, w.chronic - m28)
    chronic[~ratio_ok] = np.nan
    chronic_u = divide(s_prev, w.chronic - w.acute - m_prev)
    chronic_u[~ratio_ok] = np.nan
    del m_prev
    data_status, data_reason = _daily_reasons(cal, w, missing, ratio_ok, m28, s7, s_prev,
                                              s28, chronic)
    del s_prev, s28, m28
    change_au = s7 - s7_prev
    change_au[~change_ok] = np.nan
    change_pct = divide(change_au, s7_prev) * 100
    change_pct[~(change_ok & (s7_prev > 0))] = np.nan
    del s7_prev, change_ok
    monotony, strain = monotony_strain(x, pos, ddof=w.ddof, days=w.acute, total=s7,
                                       missing_in_window=m7)
    del m7, s7
    return _daily_frame(cal, w, ratio_ok, {
        Col.VALUE: x, Col.ACUTE: acute, Col.CHRONIC: chronic, Col.CHRONIC_U: chronic_u,
        Col.CHANGE_PCT: change_pct, Col.CHANGE_AU: change_au, Col.MONOTONY: monotony,
        Col.STRAIN: strain, Col.DATA_STATUS: data_status, Col.DATA_REASON: data_reason,
        Col.DAYS_RECORDED: recorded,
    })


def _daily_frame(cal: Calendar, w: Windows, ratio_ok: np.ndarray,
                 metrics: dict[str, np.ndarray]) -> pd.DataFrame:
    """The daily table: identity columns, `metrics`, the ratios of its acute and chronic means,
    and the EWMA columns (computed here, after the window intermediates are released; hidden
    until the windows are complete)."""
    e_acute, e_chronic = ewmas(cal.value, cal.code, cal.pos, (w.acute, w.chronic), seed=w.seed,
                               seed_days=w.acute)
    ewma_ratio = divide(e_acute, e_chronic)
    for values in (ewma_ratio, e_acute, e_chronic):  # hidden until the windows are complete
        values[~ratio_ok] = np.nan
    provisional = ratio_ok & (cal.pos < provisional_days(w.chronic, w.provisional_weight))
    frame = pd.DataFrame({  # copy=False: one block per column, no 14-column copy
        Col.ATHLETE: cal.athlete_column(),
        Col.DATE: cal.dates(),
        Col.STATUS: cal.status_column(),
        **metrics,
        Col.RAC: divide(metrics[Col.ACUTE], metrics[Col.CHRONIC]),
        Col.RAU: divide(metrics[Col.ACUTE], metrics[Col.CHRONIC_U]),
        Col.EWMA: ewma_ratio,
        Col.EWMA_PROVISIONAL: pd.array(np.where(ratio_ok, provisional, False), dtype="boolean"),
        Col.EWMA_ACUTE: e_acute,
        Col.EWMA_CHRONIC: e_chronic,
        Col.CHANNEL: pd.Categorical.from_codes(np.zeros(len(cal), dtype=np.int8),
                                               categories=[cal.channel]),
    }, copy=False)
    frame[Col.EWMA_PROVISIONAL] = frame[Col.EWMA_PROVISIONAL].where(ratio_ok)
    return frame[list(DAILY_COLUMNS)]


def daily_metrics(
    log: pd.DataFrame, channel: str = Channel.SRPE, *, config: Config | None = None
) -> pd.DataFrame:
    """Per athlete and calendar day: load, acute/chronic means, RAC, RAU, EWMA, monotony, strain.

    Implements spec §4.1 (RAC, 7:28 coupled), §4.2 (RAU, 7 vs the 21 days before), §4.5 (EWMA,
    Williams et al. 2017: λ = 2/(N+1) over calendar days, seeded with the first day), §4.7–§4.8
    (fewer than 28 complete days, or a zero denominator, gives a data status and no ratio),
    §5.1 (7-day change) and §5.2 (monotony and strain, Foster 1998, sample SD). Ratios are
    unrounded; what a person reads is rounded by :mod:`loadwatch.vocab` (§4.9).

    Parameters
    ----------
    log : DataFrame
        A session log (:func:`read_log`; load in AU, durations in minutes).
    channel : str, default 'srpe'
        Which series (spec §2.2): 'srpe' (AU/day), 'minutes' (minutes/day), 'extension'
        (reps/day, or minutes/day), 'deliveries' (balls/day).
    config : Config, optional
        Windows (acute 7 days, chronic 28 days), EWMA seed and minimum history; default: the
        shipped configuration.

    Returns
    -------
    DataFrame
        One row per athlete-day: athlete, date, status, load (unit/day), acute_load and
        chronic_load (7- and 28-day means, unit/day), chronic_load_uncoupled (days 8–28,
        unit/day), acwr_rac, acwr_rau, acwr_ewma (ratios), ewma_provisional (days 28–42),
        week_change_pct (%), week_change_au (unit), monotony, strain (unit), data_status,
        data_reason, ewma_acute and ewma_chronic (unit/day), days_recorded_28 (days), channel.

    Examples
    --------
    >>> import loadwatch as lw
    >>> loads = [257] * 20 + [250] + [373] * 6 + [372]            # AU, 2024-01-01 … 01-28
    >>> csv = "athlete,date,load\\n" + "".join(
    ...     f"A1,2024-01-{day:02d},{au}\\n" for day, au in enumerate(loads, start=1))
    >>> log = lw.read_log(csv.encode())
    >>> last = lw.daily_metrics(log).iloc[-1]
    >>> print(round(last["acute_load"], 2), round(last["chronic_load"], 2), last["acwr_rac"])
    372.86 285.71 1.305
    >>> from loadwatch.vocab import ratio
    >>> ratio(last["acwr_rac"])                 # spec §4.9: half up, as the flags compare
    '1.31'
    """
    w = Windows.from_config(config or default_config())
    cal = daily_calendar(log, channel, absent_as=w.absent_as)
    return compute_daily(cal, w)


@dataclass
class _Weeks:
    """Calendar weeks of a daily calendar, as flat arrays (athletes contiguous)."""

    code: np.ndarray
    week: np.ndarray
    pos: np.ndarray
    columns: dict[str, np.ndarray]


def _weekly_from_daily(cal: Calendar, sessions: pd.DataFrame, w: Windows) -> _Weeks:
    """Calendar-week totals of a daily calendar, with counts of sessions, rest and gaps, and
    the week's monotony and strain, by integer bin counts (no grouping of 22 M rows)."""
    period = cal.period.astype(np.int64)
    week = week_of(period, w.week_start)
    starts = np.flatnonzero(cal.pos == 0)
    first_week = week[starts]
    code = cal.code.astype(np.int64)
    local = (week - first_week[code]) // 7
    n_weeks = np.maximum.reduceat(local, starts) + 1
    week_starts = np.concatenate(([0], np.cumsum(n_weeks)[:-1]))
    wid = week_starts[code] + local
    total = int(n_weeks.sum())

    def per_week(weights: np.ndarray | None = None, rows: np.ndarray = wid) -> np.ndarray:
        return np.bincount(rows, weights=weights, minlength=total)

    def days_where(mask: np.ndarray) -> np.ndarray:  # whole counts, as float64 like a sum
        return np.bincount(wid[mask], minlength=total).astype(np.float64)

    x = np.nan_to_num(cal.value)
    sums = per_week(x)
    np.multiply(x, x, out=x)
    squares = per_week(x)
    del x
    missing = days_where(cal.status == MISSING) + 7 - per_week()
    rest = days_where(cal.status == REST)
    load = np.where(missing > 0, np.nan, sums)
    mean = sums / 7
    variance = np.maximum(squares - sums * mean, 0.0) / (7 - w.ddof)
    variance[variance <= (1e-6 * mean) ** 2] = 0.0  # identical days (see foster.py)
    monotony = divide(mean, np.sqrt(variance))
    monotony[(mean == 0) | (missing > 0)] = np.nan
    session_wid = wid[cal.session_row]
    is_session = sessions[Col.DAY_STATUS].isna().to_numpy(bool)
    extra = {}
    for name, column in (("minutes", Col.DURATION), ("ext", Col.EXT_EXPOSURE)):
        values = sessions[column].to_numpy(float)
        known = np.bincount(session_wid[~np.isnan(values)], minlength=total) > 0
        summed = np.where(known, per_week(np.nan_to_num(values), session_wid), np.nan)
        summed[rest == 7] = 0.0
        summed[missing > 0] = np.nan
        extra[name] = summed
    w_code = np.repeat(np.arange(len(starts)), n_weeks)
    w_pos = np.arange(total) - np.repeat(week_starts, n_weeks)
    return _Weeks(
        code=w_code, week=first_week[w_code] + 7 * w_pos, pos=w_pos,
        columns={"value": load, "missing": missing.astype(np.int64), "rest": rest.astype(
            np.int64), "monotony": monotony, "strain": load * monotony,
            "sessions": np.bincount(session_wid[is_session], minlength=total).astype(np.int64),
            **extra},
    )


def _weekly_ratios(code: np.ndarray, pos: np.ndarray, load: np.ndarray, channel: str,
                   w: Windows) -> dict[str, object]:
    """Weekly coupled, uncoupled-3/-4 ratios, change and status (spec §4.4, §4.7, §5.1)."""
    missing = np.isnan(load)
    s4 = window_sum(load, pos, 4)
    prev3 = window_sum(load, pos, 3, lag=1)
    prev4 = window_sum(load, pos, 4, lag=1)
    ok4 = window_count(missing, pos, 4) == 0
    ok5 = window_count(missing, pos, 5) == 0
    ok2 = window_count(missing, pos, 2) == 0
    prev = window_sum(load, pos, 1, lag=1)
    coupled = np.where(ok4, divide(load, s4 / 4), np.nan)
    unc3 = np.where(ok4, divide(load, prev3 / 3), np.nan)
    unc4 = np.where(ok5, divide(load, prev4 / 4), np.nan)
    change_au = np.where(ok2, load - prev, np.nan)
    change_pct = np.where(ok2 & (prev > 0), divide(change_au, prev) * 100, np.nan)
    reasons = _Reasons(len(load))
    reasons.set(missing, DataStatus.MISSING, "week not complete (days or the week not recorded)")
    history = [f"needs 4 complete weeks, has {k}" for k in range(1, 4)]
    reasons.set_indexed(pos < 3, DataStatus.INSUFFICIENT, history, pos)
    holes = [f"{k} of the last 4 weeks not complete" for k in range(5)]
    reasons.set_indexed(~ok4, DataStatus.INSUFFICIENT, holes,
                        np.maximum(window_count(missing, pos, 4), 0))
    reasons.set(s4 == 0, DataStatus.NO_TRAINING, "no training in the last 4 weeks")
    unit = _unit(channel)
    reasons.set_values((prev3 == 0) & (load > 0), DataStatus.RETURN_FROM_REST, lambda a: (
        f"return after complete rest: {a:,.0f} {unit} this week after 0 {unit} in the previous "
        "3 weeks"), load)
    if channel == Channel.SRPE:
        base = s4 / 4
        reasons.set_values(base < w.min_chronic_week, DataStatus.LOW_BASE, lambda b: (
            f"low base: average week {b:,.0f} AU over 4 weeks (< {w.min_chronic_week:,.0f} AU); "
            "ratio not used for flags"), base)
    data_status, data_reason = reasons.columns()
    return {
        Col.W_COUPLED: coupled, Col.W_UNCOUPLED3: unc3, Col.W_UNCOUPLED4: unc4,
        Col.CHANGE_PCT: change_pct, Col.CHANGE_AU: change_au,
        Col.DATA_STATUS: data_status, Col.DATA_REASON: data_reason,
    }


def weekly_metrics(
    log: pd.DataFrame, channel: str = Channel.SRPE, *, config: Config | None = None
) -> pd.DataFrame:
    """Per athlete and calendar week: load, minutes, sessions, weekly ratios, change, monotony.

    Weeks start on the team's ``calendar.week_start`` (Monday by default, spec §3.3). The
    weekly ratios are §4.4's coupled, uncoupled-3 and uncoupled-4 forms on four complete weeks;
    change is §5.1, monotony and strain §5.2 (Foster 1998). Works on session logs (weeks from
    the daily calendar; a week with any missing day is incomplete) and on weekly-totals logs (a
    week without a row is missing).

    Parameters
    ----------
    log : DataFrame
        A session or weekly-totals log (:func:`read_log`; load in AU, minutes).
    channel : str, default 'srpe'
        Which series (spec §2.2): 'srpe' (AU), 'minutes', 'extension' (reps or minutes),
        'deliveries' (balls).
    config : Config, optional
        Week start, completeness tolerance and minimum history; default: the shipped one.

    Returns
    -------
    DataFrame
        One row per athlete-week: athlete, week_start (date), weekly_load (unit/week),
        minutes (minutes/week), sessions, rest_days (days), acwr_weekly_coupled,
        acwr_weekly_uncoupled3, acwr_weekly_uncoupled4 (ratios), week_change_pct (%),
        week_change_au (unit), monotony, strain (unit), data_status, data_reason,
        days_missing (days), extension_exposure (reps or minutes/week), load_approximate,
        channel.

    Examples
    --------
    >>> import loadwatch as lw
    >>> loads = [257] * 20 + [250] + [373] * 6 + [372]            # AU, 2024-01-01 … 01-28
    >>> csv = "athlete,date,load\\n" + "".join(
    ...     f"A1,2024-01-{day:02d},{au}\\n" for day, au in enumerate(loads, start=1))
    >>> log = lw.read_log(csv.encode())
    >>> weeks = lw.weekly_metrics(log)
    >>> weeks["weekly_load"].tolist()                            # AU per week
    [1799.0, 1799.0, 1792.0, 2610.0]
    >>> print(weeks["acwr_weekly_coupled"].iloc[-1], weeks["data_status"].iloc[-1])
    1.305 ok
    """
    w = Windows.from_config(config or default_config())
    if Col.WEEK in log.columns:
        return _weekly_from_totals(log, channel, w)
    cal = daily_calendar(log, channel, absent_as=w.absent_as)
    weeks = _weekly_from_daily(cal, log, w)
    col = weeks.columns
    load = col["value"]
    out = pd.DataFrame({
        Col.ATHLETE: pd.Categorical.from_codes(weeks.code, categories=cal.athletes),
        Col.WEEK: pd.DatetimeIndex(weeks.week.astype("datetime64[D]").astype("datetime64[ns]")),
        Col.WEEKLY_LOAD: load,
        Col.MINUTES: col["minutes"],
        Col.SESSIONS: col["sessions"],
        Col.REST_DAYS: col["rest"],
        **_weekly_ratios(weeks.code, weeks.pos, load, channel, w),
        Col.MONOTONY: col["monotony"],
        Col.STRAIN: col["strain"],
        Col.DAYS_MISSING: col["missing"],
        Col.EXT_EXPOSURE: col["ext"],
        Col.LOAD_APPROX: False,
        Col.CHANNEL: channel,
    }, copy=False)
    return out[list(WEEKLY_COLUMNS)]


def check_week_starts(log: pd.DataFrame, week_start: int) -> None:
    """Refuse weekly totals whose weeks do not start on the team's weekday: summing or
    comparing them with the team's weeks would mix two calendars."""
    days = to_days(log[Col.WEEK].dropna())
    off = week_of(days, week_start) != days
    if off.any():
        first = pd.Timestamp(int(days[off][0]), unit="D")
        wanted = pd.Timestamp(int(week_of(days[off][:1], week_start)[0]), unit="D")
        raise LogError(
            f"week_start {first:%Y-%m-%d} is a {first:%A}, but this team's weeks start on a "
            f"{wanted:%A} (calendar.week_start); give each week's first day")


def _weekly_from_totals(log: pd.DataFrame, channel: str, w: Windows) -> pd.DataFrame:
    check_week_starts(log, w.week_start)
    cal = weekly_calendar(log, channel)
    keys = pd.MultiIndex.from_arrays([
        pd.Categorical(log[Col.ATHLETE], categories=cal.athletes).codes,
        to_days(log[Col.WEEK]),
    ])
    extra = pd.DataFrame({
        "minutes": log[Col.WEEK_MINUTES].to_numpy(float),
        "sessions": log[Col.SESSIONS].to_numpy(float),
        "rest": log[Col.REST_DAYS].to_numpy(float),
        "ext": log[Col.EXT_EXPOSURE].to_numpy(float),
        "approx": log[Col.LOAD_APPROX].to_numpy(bool),
    }, index=keys).groupby(level=[0, 1]).agg(
        minutes=("minutes", "sum"), sessions=("sessions", lambda s: s.sum(min_count=1)),
        rest=("rest", "min"), ext=("ext", "sum"), approx=("approx", "any"),
    )
    extra = extra.reindex(pd.MultiIndex.from_arrays([cal.code, cal.period]))
    missing = cal.status == MISSING
    out = pd.DataFrame({
        Col.ATHLETE: cal.athlete_column(),
        Col.WEEK: cal.dates(),
        Col.WEEKLY_LOAD: cal.value,
        Col.MINUTES: extra["minutes"].to_numpy(float),
        Col.SESSIONS: extra["sessions"].to_numpy(float),
        Col.REST_DAYS: extra["rest"].to_numpy(float),
        **_weekly_ratios(cal.code, cal.pos, cal.value, channel, w),
        Col.MONOTONY: np.nan,
        Col.STRAIN: np.nan,
        Col.DAYS_MISSING: np.where(missing, 7, 0),
        Col.EXT_EXPOSURE: extra["ext"].to_numpy(float),
        Col.LOAD_APPROX: extra["approx"].fillna(False).to_numpy(bool),
        Col.CHANNEL: channel,
    })
    return out[list(WEEKLY_COLUMNS)]
