"""Team-level tables the dashboard and reports show: the weekly overview, the season heat map
and the therapist's watch list. Computed here, once, for every face of loadwatch.

Coach-facing tables never carry symptom details or clinician plans: the S-rule texts are
replaced by "referred to clinician — symptoms reported" unless `clinical=True` (spec §1.4).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from loadwatch.risk.engine import Assessment, Out
from loadwatch.risk.rules.base import Level
from loadwatch.schema import Channel, Col
from loadwatch.series.metrics import weekly_metrics
from loadwatch.views.privacy import modifier_words, redact
from loadwatch.vocab import LEVEL_COLOURS, LEVEL_NAMES, RATIO_DP, round_half_up

__all__ = ["LEVEL_COLOURS", "LEVEL_NAMES", "SHOWN_DP", "Overview", "as_shown", "heatmap",
           "level_counts", "overview", "severity", "watch_list", "weeks_available"]


class Overview:
    """Column names of the overview table."""

    ATHLETE = Col.ATHLETE
    LEVEL = Out.LEVEL
    LEVEL_NAME = "level_name"
    SEVERITY = "severity"
    PRIMARY = Out.PRIMARY
    WEEKLY_LOAD = Col.WEEKLY_LOAD
    CHANGE_PCT = Col.CHANGE_PCT
    CHANGE_AU = Col.CHANGE_AU
    EXTENSION = Col.EXT_EXPOSURE
    YOUTH = "youth_volume"
    COMPLETENESS = "days_recorded"
    TOP_REASON = "top_reason"
    REASONS = Out.REASONS
    REACHED = Out.LEVEL_DAY
    LOAD_LEVEL = Out.LOAD_LEVEL
    MODIFIERS = Out.MODIFIERS


def severity(levels: pd.Series) -> pd.Series:
    """Numeric seriousness of level labels (higher = worse) for sorting."""
    order = {lv.label: int(lv) for lv in Level}
    return levels.astype(str).map(order).fillna(-1).astype(int)


def overview(assessment: Assessment, week_start: pd.Timestamp | None = None, *,
             clinical: bool = False) -> pd.DataFrame:
    """One row per athlete for a week, worst first: level (word and label), primary ACWR,
    weekly load and change, extension exposure, youth-volume status, days recorded, reasons."""
    start = week_start or assessment.latest_week()
    week = assessment.week(start)
    weekly = weekly_metrics(assessment.ctx.log, Channel.SRPE, config=assessment.ctx.config)
    this = weekly[weekly[Col.WEEK] == start].set_index(Col.ATHLETE)
    table = week.set_index(Out.ATHLETE)
    reasons = table[Out.REASONS].map(lambda r: redact(r, clinical=clinical))
    out = pd.DataFrame({
        Overview.LEVEL: table[Out.LEVEL],
        Overview.LEVEL_NAME: table[Out.LEVEL].map(LEVEL_NAMES),
        Overview.PRIMARY: table[Out.PRIMARY],
        Overview.WEEKLY_LOAD: this[Col.WEEKLY_LOAD].reindex(table.index),
        Overview.CHANGE_PCT: this[Col.CHANGE_PCT].reindex(table.index),
        Overview.CHANGE_AU: this[Col.CHANGE_AU].reindex(table.index),
        Overview.EXTENSION: this[Col.EXT_EXPOSURE].reindex(table.index),
        Overview.YOUTH: table.get("Y1", pd.Series("not_applicable", index=table.index)).map(
            lambda label: str(label).replace("_", " ")),
        Overview.COMPLETENESS: (7 - this[Col.DAYS_MISSING]).reindex(table.index),
        Overview.TOP_REASON: reasons.map(lambda r: r.split(" | ")[0] if r else ""),
        Overview.REASONS: reasons,
        Overview.REACHED: table[Out.LEVEL_DAY],
        Overview.LOAD_LEVEL: table[Out.LOAD_LEVEL],
        Overview.MODIFIERS: table[Out.MODIFIERS].map(lambda m: modifier_words(m,
                                                                              clinical=clinical)),
    })
    out[Overview.SEVERITY] = severity(out[Overview.LEVEL])
    out = out.reset_index(names=Overview.ATHLETE)
    return out.sort_values([Overview.SEVERITY, Overview.ATHLETE], ascending=[False, True],
                           kind="stable").reset_index(drop=True)


#: Decimals of each number of the overview as a person reads it (spec §4.9).
SHOWN_DP: dict[str, int] = {
    Overview.PRIMARY: RATIO_DP, Overview.WEEKLY_LOAD: 0, Overview.CHANGE_PCT: 1,
    Overview.CHANGE_AU: 0, Overview.EXTENSION: 0, Overview.COMPLETENESS: 0,
}


def as_shown(table: pd.DataFrame) -> pd.DataFrame:
    """The overview with every number rounded half up as it is read (spec §4.9: ACWR 1.305 →
    1.31), so a table that formats numbers itself (the dashboard's "%.2f") shows the same
    digits as the vocabulary's formatters. Numbers stay numbers: the table still sorts."""
    rounded = {column: round_half_up(pd.to_numeric(table[column], errors="coerce"), dp)
               for column, dp in SHOWN_DP.items() if column in table.columns}
    return table.assign(**rounded)


def heatmap(assessment: Assessment) -> pd.DataFrame:
    """Athlete × ISO week: the highest level reached in each week (for the season heat map)."""
    ctx = assessment.ctx
    frame = pd.DataFrame({"code": ctx.code, "week": ctx.week, "level": assessment.level})
    weekly = frame.groupby(["code", "week"], sort=True)["level"].max().reset_index()
    return pd.DataFrame({
        Col.ATHLETE: ctx.athletes.to_numpy()[weekly["code"].to_numpy()],
        Col.WEEK: weekly["week"].to_numpy().astype("datetime64[D]").astype("datetime64[ns]"),
        Out.LEVEL: [Level(int(v)).label for v in weekly["level"].to_numpy()],
    })


def watch_list(assessment: Assessment, week_start: pd.Timestamp | None = None) -> pd.DataFrame:
    """The therapist's list: athletes referred or red this week, with full (clinical) reasons."""
    table = overview(assessment, week_start, clinical=True)
    serious = table[Overview.SEVERITY] >= int(Level.RED)
    return table[serious].reset_index(drop=True)


def level_counts(table: pd.DataFrame) -> dict[str, int]:
    """How many athletes are at each level (for the summary line)."""
    counts = table[Overview.LEVEL].value_counts()
    return {name: int(counts.get(label, 0)) for label, name in LEVEL_NAMES.items()}


def weeks_available(assessment: Assessment) -> list[pd.Timestamp]:
    """Mondays of the weeks with data, newest first."""
    return [pd.Timestamp(int(w), unit="D") for w in np.unique(assessment.ctx.week)[::-1]]
