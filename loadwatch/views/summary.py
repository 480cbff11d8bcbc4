"""A per-athlete view of the latest week: the table a coach reads first (issue #2 summary)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from loadwatch.config import Config, default_config
from loadwatch.ingest.log import is_weekly
from loadwatch.schema import Channel, Col
from loadwatch.series.calendar import week_labels
from loadwatch.series.metrics import daily_metrics, weekly_metrics
from loadwatch.series.weeks import default_week
from loadwatch.vocab import MISSING, au, pct, ratio

WEEK_LABEL = "week"
WEEK_NOTE = "week_note"  # table.attrs key: why this week (a partial week says so)
SUMMARY_COLUMNS = (
    Col.ATHLETE, WEEK_LABEL, Col.WEEKLY_LOAD, Col.CHANGE_PCT, Col.RAC, Col.RAU, Col.EWMA,
    Col.MONOTONY, Col.EXT_EXPOSURE, Col.DAYS_MISSING, Col.DATA_STATUS, Col.DATA_REASON,
)


def latest_week(log: pd.DataFrame, *, config: Config | None = None) -> pd.DataFrame:
    """One row per athlete for the last week in the log: the table a coach reads first.

    Weekly load and change (spec §5.1), the three ratios on the week's last day (§4.1, §4.2,
    §4.5; the weekly forms of §4.4 for weekly logs), monotony (§5.2), extension exposure and
    data status (§4.7). Values are unrounded; faces format them with :mod:`loadwatch.vocab`.

    Parameters
    ----------
    log : DataFrame
        A session or weekly-totals log (:func:`read_log`; load in AU, durations in minutes).
    config : Config, optional
        Team configuration (week start, windows); default: the shipped one.

    Returns
    -------
    DataFrame
        athlete, week (ISO label such as '2024-W04'), weekly_load (AU/week), week_change_pct
        (%), acwr_rac, acwr_rau, acwr_ewma (ratios), monotony, extension_exposure (reps or
        minutes/week), days_missing (days), data_status, data_reason.

    Examples
    --------
    >>> import loadwatch as lw
    >>> loads = [257] * 20 + [250] + [373] * 6 + [372]            # AU, 2024-01-01 … 01-28
    >>> csv = "athlete,date,load\\n" + "".join(
    ...     f"A1,2024-01-{day:02d},{au}\\n" for day, au in enumerate(loads, start=1))
    >>> log = lw.read_log(csv.encode())
    >>> week = lw.latest_week(log).iloc[0]
    >>> print(week["week"], week["weekly_load"], round(week["week_change_pct"], 1))
    2024-W04 2610.0 45.6
    """
    cfg = config or default_config()
    weekly = weekly_metrics(log, Channel.SRPE, config=cfg)
    chosen = default_week(log, cfg.week_start_day)  # most athletes' week (§3.3)
    last_week, note = summary_week(log, chosen.week, weekly[Col.WEEK])
    if last_week == chosen.week:
        note = f"{note}; {chosen.reason}"
    week = weekly[weekly[Col.WEEK] == last_week].copy()
    if is_weekly(log):
        week[Col.RAC] = week[Col.W_COUPLED]
        week[Col.RAU] = week[Col.W_UNCOUPLED3]
        week[Col.EWMA] = np.nan
    else:
        daily = daily_metrics(log, Channel.SRPE, config=cfg)
        week_end = min(last_week + pd.Timedelta(days=6), _last_day(log))
        last_day = daily[daily[Col.DATE] == week_end]
        ratios = last_day.set_index(Col.ATHLETE)[[Col.RAC, Col.RAU, Col.EWMA, Col.DATA_STATUS,
                                                   Col.DATA_REASON]]
        week = week.drop(columns=[Col.DATA_STATUS, Col.DATA_REASON]).join(
            ratios, on=Col.ATHLETE)
    week[WEEK_LABEL] = week_labels(week[Col.WEEK], cfg.week_start_day)
    table = week[list(SUMMARY_COLUMNS)].reset_index(drop=True)
    table.attrs[WEEK_NOTE] = note
    return table


def _last_day(log: pd.DataFrame) -> pd.Timestamp:
    """The last day the log covers (its period's end, else its last session)."""
    if Col.COVER_END in log.columns and log[Col.COVER_END].notna().any():
        return max(log[Col.COVER_END].max(), log[Col.DATE].max())
    return log[Col.DATE].max()


def summary_week(log: pd.DataFrame, week: pd.Timestamp, weeks: pd.Series
                 ) -> tuple[pd.Timestamp, str]:
    """The week the summary shows and why (issue 13 item 7): `week` (the team's default
    week) when it is complete; when the log ends inside it, the week before it (complete),
    or `week` itself as a partial week with its reason when the log has no earlier week.

    Examples
    --------
    >>> import loadwatch as lw
    >>> csv = "athlete,date,load\\n" + "".join(
    ...     f"A1,2024-01-{day:02d},300\\n" for day in range(1, 18))      # Mon 1 … Wed 17
    >>> weeks = pd.Series(pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-15"]))
    >>> week, note = summary_week(lw.read_log(csv.encode()), weeks.max(), weeks)
    >>> print(f"{week:%Y-%m-%d}", note)
    2024-01-08 last complete week (the log ends on Wednesday 2024-01-17, day 3 of the next week)
    """
    if is_weekly(log):
        return week, "last week in the log"
    end = _last_day(log)
    if end >= week + pd.Timedelta(days=6):
        return week, "last complete week"
    days = (end - week).days + 1
    before = weeks[weeks < week]
    if before.empty:
        return week, (f"partial week: the log ends on {end:%A %Y-%m-%d}, day {days} of 7, and "
                      "has no complete week yet; ratios are those of that day, the week's load is "
                      "totalled once the week is complete")
    return before.max(), (f"last complete week (the log ends on {end:%A %Y-%m-%d}, day {days} "
                          "of the next week)")


def format_summary(table: pd.DataFrame) -> str:
    """The summary as aligned text, every number by the vocabulary's formatters (spec §4.9:
    AU whole, ratios and monotony rounded half up to 2 dp, percentages 1 dp)."""
    shown = pd.DataFrame({
        "athlete": table[Col.ATHLETE].astype(str),
        "week": table[WEEK_LABEL],
        "load AU": table[Col.WEEKLY_LOAD].map(lambda v: au(v, "")),
        "change": table[Col.CHANGE_PCT].map(lambda v: pct(v, space=False)),
        "ACWR": table[Col.RAC].map(ratio),
        "RAU": table[Col.RAU].map(ratio),
        "EWMA": table[Col.EWMA].map(ratio),
        "monotony": table[Col.MONOTONY].map(ratio),
        "extension": table[Col.EXT_EXPOSURE].map(lambda v: au(v, "")),
        "data": [
            MISSING if pd.isna(s) else (str(s) if pd.isna(r) or not r else f"{s}: {r}")
            for s, r in zip(table[Col.DATA_STATUS], table[Col.DATA_REASON], strict=True)
        ],
    })
    note = table.attrs.get(WEEK_NOTE)
    text = shown.to_string(index=False)
    return f"{note}\n{text}" if note else text
