"""A per-athlete view of the latest week: the table a coach reads first (issue #2 summary)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from loadwatch.config import Config, default_config
from loadwatch.ingest.log import is_weekly
from loadwatch.schema import Channel, Col
from loadwatch.series.metrics import daily_metrics, weekly_metrics

WEEK_LABEL = "week"
SUMMARY_COLUMNS = (
    Col.ATHLETE, WEEK_LABEL, Col.WEEKLY_LOAD, Col.CHANGE_PCT, Col.RAC, Col.RAU, Col.EWMA,
    Col.MONOTONY, Col.EXT_EXPOSURE, Col.DAYS_MISSING, Col.DATA_STATUS, Col.DATA_REASON,
)


def latest_week(log: pd.DataFrame, *, config: Config | None = None) -> pd.DataFrame:
    """One row per athlete for the last ISO week in the log: weekly load and change, the three
    ratios on the week's last day (weekly forms for weekly logs), monotony, extension exposure
    and data status."""
    cfg = config or default_config()
    weekly = weekly_metrics(log, Channel.SRPE, config=cfg)
    last_week = weekly[Col.WEEK].max()
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
    week[WEEK_LABEL] = week[Col.WEEK].dt.strftime("%G-W%V")
    return week[list(SUMMARY_COLUMNS)].reset_index(drop=True)


def format_summary(table: pd.DataFrame) -> str:
    """The summary as aligned text: AU whole, ratios 2 dp, percentages 1 dp (spec §4.9)."""
    shown = pd.DataFrame({
        "athlete": table[Col.ATHLETE].astype(str),
        "week": table[WEEK_LABEL],
        "load AU": table[Col.WEEKLY_LOAD].map(_au),
        "change": table[Col.CHANGE_PCT].map(lambda v: "—" if pd.isna(v) else f"{v:+.1f}%"),
        "ACWR": table[Col.RAC].map(_ratio),
        "RAU": table[Col.RAU].map(_ratio),
        "EWMA": table[Col.EWMA].map(_ratio),
        "monotony": table[Col.MONOTONY].map(_ratio),
        "extension": table[Col.EXT_EXPOSURE].map(_au),
        "data": [
            "—" if pd.isna(s) else (str(s) if pd.isna(r) or not r else f"{s}: {r}")
            for s, r in zip(table[Col.DATA_STATUS], table[Col.DATA_REASON], strict=True)
        ],
    })
    return shown.to_string(index=False)


def _au(value: float) -> str:
    return "—" if pd.isna(value) else f"{value:,.0f}"


def _ratio(value: float) -> str:
    if pd.isna(value):
        return "—"
    return "∞" if np.isinf(value) else f"{value:.2f}"
