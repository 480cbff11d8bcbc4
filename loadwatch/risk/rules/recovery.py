"""Recovery rules R1 (monotony) and R2 (strain against the athlete's own history), spec §5.2.

Both need the seven daily loads of a week, so they are `not_applicable` on weekly totals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from loadwatch import vocab as fmt
from loadwatch.risk.context import Context
from loadwatch.risk.rules.base import (
    Level,
    Outcome,
    grade_levels,
    levels,
    round_half_up,
    rule,
    threshold_text,
)
from loadwatch.risk.rules.load import gap_suffix
from loadwatch.schema import Channel, Col
from loadwatch.series.ratios import shift
from loadwatch.series.windows import trailing_quantile


def _weekly_only(ctx: Context, what: str) -> Outcome | None:
    if ctx.weekly_data or ctx.channel(Channel.SRPE) is None:
        n = len(ctx)
        return Outcome(levels(n, Level.NOT_APPLICABLE), pd.DataFrame(index=range(n)),
                       lambda row, level: f"{what} needs daily sRPE loads (weekly totals given)")
    return None


@rule("R1", "R", "Monotony", daily_only=True, thresholds=("monotony.amber_above",))
def r1_monotony(ctx: Context) -> Outcome:
    """Monotony > 2.0 (or every day the same) over the last 7 days → amber (Foster 1998)."""
    skipped = _weekly_only(ctx, "monotony")
    if skipped:
        return skipped
    metrics = ctx.channel(Channel.SRPE)
    assert metrics is not None
    limit = float(ctx.config.get("monotony.amber_above"))
    monotony = metrics[Col.MONOTONY].to_numpy()
    shown = round_half_up(monotony)
    evaluable = metrics[Col.ACUTE].notna().to_numpy()
    level = grade_levels(evaluable, (np.isinf(monotony) | (shown > limit), Level.AMBER),
                         missing=Level.INSUFFICIENT_DATA)
    values = metrics[Col.VALUE].to_numpy()
    week = np.column_stack([shift(values, k) for k in range(6, -1, -1)])
    gaps = ctx.completeness(7)  # the week's days (spec §3.2: unconfirmed rest)
    numbers = pd.DataFrame({"monotony": monotony, "shown": shown, **gaps})
    cut = threshold_text(ctx.config, "monotony.amber_above", fmt.one_dp(limit))

    def explain(row: pd.Series, lvl: Level) -> str:
        if lvl == Level.INSUFFICIENT_DATA:
            return "Monotony not shown: needs 7 recorded days."
        loads = ", ".join(fmt.au(v, "") for v in week[row.name])
        if np.isinf(row["monotony"]):
            return (f"Every day had the same load ({loads}): no easy or rest day; add an "
                    "easier day or a rest day.")
        if lvl == Level.AMBER:
            return (f"Monotony {fmt.ratio(row['shown'])} > {cut}: daily loads this week "
                    f"{loads}; add an easier day or a second rest day.{gap_suffix(row, 7)}")
        if np.isnan(row["monotony"]):
            return "No load in the last 7 days." + gap_suffix(row, 7)
        return (f"Monotony {fmt.ratio(row['shown'])} ≤ {cut}: daily loads {loads}."
                + gap_suffix(row, 7))

    return Outcome(level, numbers, explain, unconfirmed=gaps["unconfirmed"].to_numpy() > 0)


@rule("R2", "R", "Strain above own history", daily_only=True,
      thresholds=("monotony.strain_info_percentile", "low_chronic.min_history_weeks"))
def r2_strain(ctx: Context) -> Outcome:
    """Weekly strain above the athlete's own 90th percentile (≥ 8 weeks of history) → info."""
    skipped = _weekly_only(ctx, "strain")
    if skipped:
        return skipped
    metrics = ctx.channel(Channel.SRPE)
    assert metrics is not None
    pct = float(ctx.config.get("monotony.strain_info_percentile"))
    weeks = int(ctx.config.get("low_chronic.min_history_weeks"))
    strain = metrics[Col.STRAIN].to_numpy()
    finite = np.where(np.isfinite(strain), strain, np.nan)
    before = shift(finite, 1)
    before[ctx.pos < 1] = np.nan
    threshold = trailing_quantile(before, ctx.code, 12 * 7, weeks * 7, pct / 100)
    evaluable = np.isfinite(threshold) & ~np.isnan(strain)
    level = grade_levels(evaluable, (strain > threshold, Level.INFO),
                         missing=Level.INSUFFICIENT_DATA)
    gaps = ctx.completeness(7)
    numbers = pd.DataFrame({"strain": strain, "threshold": threshold, **gaps})
    centile = threshold_text(ctx.config, "monotony.strain_info_percentile",
                             f"{fmt.whole(pct)}th percentile")
    history = threshold_text(ctx.config, "low_chronic.min_history_weeks", fmt.whole(weeks))

    def explain(row: pd.Series, lvl: Level) -> str:
        if lvl == Level.INSUFFICIENT_DATA:
            return f"Strain not compared: needs {history} weeks of the athlete's own history."
        relation = "above" if lvl == Level.INFO else "within"
        return (f"Weekly strain {fmt.au(row['strain'], '')} is {relation} the athlete's own "
                f"{centile} ({fmt.au(row['threshold'], '')}) of the last 12 weeks."
                + gap_suffix(row, 7))

    return Outcome(level, numbers, explain, unconfirmed=gaps["unconfirmed"].to_numpy() > 0)
