"""One athlete's series and flags, ready for charts: daily load with gaps kept as gaps,
acute and chronic means, the three ratios, extension exposure, weekly hours against age."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import numpy as np
import pandas as pd

from loadwatch.config import Config
from loadwatch.errors import LogError
from loadwatch.risk.engine import Assessment, Out
from loadwatch.risk.rules.base import Level
from loadwatch.schema import Channel, Col
from loadwatch.views.explain import not_judged_for_anyone
from loadwatch.views.privacy import REFERRED_TEXT, coach_title, is_clinical_rule, redact
from loadwatch.vocab import ACWR_BANDS, ratio, round_half_up

#: Descriptive ratio bands (spec §6.1, §6.3): never "safe".
BANDS = ACWR_BANDS
#: The ratio methods in words (selector and chart legend say the same), by column.
RATIO_COLUMNS = {"rolling ACWR, 7:28 coupled": Col.RAC,
                 "rolling ACWR, 7:21 uncoupled": Col.RAU, "EWMA ACWR, 7/28 days": Col.EWMA}
#: What the athlete charts can span, in words, with its weeks (None: the whole history). The
#: page opens on the first: two seasons of daily marks take the browser twice as long to
#: draw, and a 28-day ratio needs only a few weeks of context.
CHART_PERIODS: dict[str, int | None] = {"last 26 weeks": 26, "last 52 weeks": 52,
                                        "whole history": None}


def _rows(assessment: Assessment, athlete: str) -> np.ndarray:
    ctx = assessment.ctx
    if athlete not in set(ctx.athletes):
        raise KeyError(f"no athlete '{athlete}' in this team")
    code = int(ctx.athletes.get_loc(athlete))
    return np.flatnonzero(ctx.code == code)


def daily(assessment: Assessment, athlete: str) -> pd.DataFrame:
    """Per day: status, load (NaN when missing), acute/chronic means, RAC/RAU/EWMA, extension
    exposure and its ratio, and the athlete's level that day."""
    rows = _rows(assessment, athlete)
    ctx = assessment.ctx
    srpe = ctx.metrics.get(Channel.SRPE)
    if srpe is None or ctx.weekly_data:
        raise ValueError("daily charts need a session log with sRPE load")
    m = srpe.iloc[rows]
    ext = ctx.metrics.get(Channel.EXTENSION)
    out = pd.DataFrame({
        Col.DATE: m[Col.DATE].to_numpy(),
        Col.STATUS: m[Col.STATUS].astype(str).to_numpy(),
        Col.VALUE: m[Col.VALUE].to_numpy(),
        Col.ACUTE: m[Col.ACUTE].to_numpy(),
        Col.CHRONIC: m[Col.CHRONIC].to_numpy(),
        Col.RAC: m[Col.RAC].to_numpy(),
        Col.RAU: m[Col.RAU].to_numpy(),
        Col.EWMA: m[Col.EWMA].to_numpy(),
        "extension": ext[Col.VALUE].to_numpy()[rows] if ext is not None else np.nan,
        "extension_rac": ext[Col.RAC].to_numpy()[rows] if ext is not None else np.nan,
        Out.LEVEL: [Level(int(v)).label for v in assessment.level[rows]],
    })
    return out


def ratio_series(days: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Ratio columns of :func:`daily` as a long table (date, method, ratio) for a chart, with
    `ratio_shown`: the text a tooltip shows, rounded half up (1.305 → '1.31', spec §4.9)."""
    long = days.melt(Col.DATE, columns, "method", "ratio")
    return long.assign(ratio_shown=long["ratio"].map(ratio))


def weekly_hours(assessment: Assessment, athlete: str) -> pd.DataFrame:
    """Per ISO week: organised hours and the athlete's age (guideline: hours ≤ age)."""
    ctx = assessment.ctx
    weekly = ctx.weekly(Channel.SRPE)
    mine = weekly[weekly[Col.ATHLETE] == athlete]
    rows = _rows(assessment, athlete)
    ages = pd.Series(ctx.age_years(rows=rows), index=ctx.week[rows]).groupby(level=0).max()
    week_days = mine[Col.WEEK].to_numpy("datetime64[D]").astype(np.int64)
    return pd.DataFrame({
        Col.WEEK: mine[Col.WEEK].to_numpy(),
        "hours": mine[Col.MINUTES].to_numpy() / 60,
        "age": ages.reindex(week_days).to_numpy(),
    })


def flags(assessment: Assessment, athlete: str, week_start: pd.Timestamp | None = None, *,
          clinical: bool = False, team_wide: Collection[str] | None = None
          ) -> list[dict[str, Any]]:
    """Every rule of the athlete's week that is not green/not applicable, most serious first,
    with text, evidence and numbers; symptom details only with `clinical=True`. Rules no
    athlete of the team can be judged on yet are left out (:func:`explain.team_note`; the
    team's `team_wide` items when the assessment holds only some of its athletes)."""
    start = week_start or assessment.latest_week()
    try:
        detail = assessment.week_detail(start, athlete=athlete)[0]
    except LogError:  # no data for this athlete in that week
        return []
    order = {lv.label: int(lv) for lv in Level}
    if team_wide is None:  # one line per team, not per athlete
        team_wide = not_judged_for_anyone(assessment, start)
    shown = [r for r in detail["rules"] if r["id"] not in team_wide and (
        order[r["level"]] >= Level.INFO or r["level"] == Level.INSUFFICIENT_DATA.label)]
    if not clinical:
        shown = [{**r, "text": redact(f"{r['id']} {r['level']}: {r['text']}",
                                      clinical=False).split(": ", 1)[1],
                  "title": coach_title(r["id"], r["family"], r["title"]),
                  "numbers": {} if is_clinical_rule(r["id"], r["family"]) else r["numbers"]}
                 for r in shown]
    return sorted(shown, key=lambda r: -order[r["level"]])


def band(value: float, config: Config) -> str:
    """Descriptive band of a ratio on the coupled scale, with the configured thresholds and
    the rounding the user sees (spec §4.9, §6.3): never "safe"."""
    if value is None or not np.isfinite(value):
        return "not shown"
    shown = float(round_half_up(value))
    if shown < float(config.get("acwr.low_info_below")):
        return BANDS[0]
    if shown <= float(config.get("acwr.amber_above")):
        return BANDS[1]
    if shown < float(config.get("acwr.red_at_or_above")):
        return BANDS[2]
    return BANDS[3]


__all__ = ["BANDS", "RATIO_COLUMNS", "REFERRED_TEXT", "band", "daily", "flags", "ratio_series",
           "weekly_hours"]
