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
    last_week = default_week(log, cfg.week_start_day).week  # most athletes' week (§3.3)
    week = weekly[weekly[Col.WEEK] == last_week].copy()
    if is_weekly(log):
        week[Col.RAC] = week[Col.W_COUPLED]
        week[Col.RAU] = week[Col.W_UNCOUPLED3]
        week[Col.EWMA] = np.nan
    else:
        daily = daily_metrics(log, Channel.SRPE, config=cfg)
        last_day = daily[daily[Col.DATE] == last_week + pd.Timedelta(days=6)]
        ratios = last_day.set_index(Col.ATHLETE)[[Col.RAC, Col.RAU, Col.EWMA, Col.DATA_STATUS,
                                                   Col.DATA_REASON]]
        week = week.drop(columns=[Col.DATA_STATUS, Col.DATA_REASON]).join(
            ratios, on=Col.ATHLETE)
    week[WEEK_LABEL] = week_labels(week[Col.WEEK], cfg.week_start_day)
    return week[list(SUMMARY_COLUMNS)].reset_index(drop=True)


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
    return shown.to_string(index=False)
