"""Extension-exposure rules X1 and X2 (spec §9.4, §10.2; E3, extrapolated from bowling data).

The extension channel is computed like any channel: explicit extension reps, else explicit
extension minutes, else minutes of sessions in extension-heavy sports.
"""

from __future__ import annotations

from loadwatch.risk.context import Context
from loadwatch.risk.rules.base import Outcome, rule
from loadwatch.risk.rules.load import change_outcome, ratio_outcome
from loadwatch.schema import Channel

_MIN_PREV_MINUTES = 30.0  # spec §10.2 X2: previous week ≥ 30 min when exposure is in minutes


@rule("X1", "X", "Extension-exposure ratio",
      thresholds=("extension.amber_above", "extension.red_at_or_above"))
def x1_extension_ratio(ctx: Context) -> Outcome:
    """Extension ACWR > 1.30 amber, ≥ 1.50 red (same methods and completeness rules as L1)."""
    return ratio_outcome(ctx, Channel.EXTENSION, "extension.amber_above",
                         "extension.red_at_or_above")


@rule("X2", "X", "Extension week-to-week increase",
      thresholds=("extension.spike_amber_above_pct", "extension.min_prev_week_reps"))
def x2_extension_spike(ctx: Context) -> Outcome:
    """Extension increase > 15 % with a previous week ≥ 20 reps (or ≥ 30 min) → amber."""
    c = ctx.config
    min_prev = (float(c.get("extension.min_prev_week_reps")) if ctx.extension_unit == "reps"
                else _MIN_PREV_MINUTES)
    prev_key = "extension.min_prev_week_reps" if ctx.extension_unit == "reps" else None
    return change_outcome(ctx, Channel.EXTENSION, float(c.get("extension.spike_amber_above_pct")),
                          None, min_prev, 0.0, ("extension.spike_amber_above_pct", None, prev_key))
