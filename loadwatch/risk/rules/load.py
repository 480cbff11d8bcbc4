"""Load-change rules L1–L3 and the low-chronic-base modifier M2 (spec §10.2).

L1 compares the primary ratio (RAC for daily data, weekly coupled for weekly totals) with the
amber/red thresholds *after* rounding half-up to 2 dp (§4.9); RAU is converted to the RAC
scale first. The same ratio logic serves the extension channel (X1), so it lives here as
:func:`ratio_outcome`.
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
    setting,
    threshold_text,
)
from loadwatch.schema import Channel, Col, DataStatus
from loadwatch.series.gaps import data_note
from loadwatch.series.ratios import rac_from_rau, rau_from_rac, shift
from loadwatch.series.windows import longest_run, trailing_quantile

_EVALUABLE = (DataStatus.OK, DataStatus.RETURN_FROM_REST)


def primary_ratio(ctx: Context, metrics: pd.DataFrame) -> tuple[np.ndarray, str]:
    """The primary ratio on the RAC scale and its label (spec §4.9, §10.2 L1)."""
    method = str(ctx.config.get("acwr.primary_method"))
    if ctx.weekly_data:
        if method == "rau":
            return np.asarray(rac_from_rau(metrics[Col.W_UNCOUPLED3].to_numpy())), \
                "weekly uncoupled-3 on the coupled scale"
        return metrics[Col.W_COUPLED].to_numpy(), "weekly coupled"
    if method == "rau":
        return np.asarray(rac_from_rau(metrics[Col.RAU].to_numpy())), \
            "7:21 uncoupled on the coupled scale"
    if method == "ewma":
        return metrics[Col.EWMA].to_numpy(), "EWMA 7/28"
    return metrics[Col.RAC].to_numpy(), "7:28 rolling, coupled"


def ratio_outcome(ctx: Context, channel: str, amber_key: str, red_key: str,
                  low_key: str | None = None) -> Outcome:
    """Ratio rule on a channel: amber above, red at or above, optional info below."""
    metrics = ctx.channel(channel)
    n = len(ctx)
    if metrics is None:
        return Outcome(levels(n, Level.NOT_APPLICABLE), pd.DataFrame(index=range(n)),
                       lambda row, level: f"no {channel} values in the log")
    amber, red = float(ctx.config.get(amber_key)), float(ctx.config.get(red_key))
    low = float(ctx.config.get(low_key)) if low_key else None
    ratio, method = primary_ratio(ctx, metrics)
    dp = compare_dp(ctx)
    shown = round_half_up(ratio, dp)
    status = metrics[Col.DATA_STATUS].astype(str).to_numpy()
    evaluable = np.isin(status, _EVALUABLE) & np.isfinite(ratio)
    conditions = [(shown >= red, Level.RED), (shown > amber, Level.AMBER)]
    if low is not None:
        conditions.append((shown < low, Level.INFO))
    level = grade_levels(evaluable, *conditions, missing=Level.INSUFFICIENT_DATA)
    untouched = _never_loaded(ctx, metrics)
    level[untouched] = int(Level.NOT_APPLICABLE)
    numbers = _ratio_numbers(ctx, metrics, ratio, shown, method)
    leaning = numbers["unconfirmed"].to_numpy() > 0
    numbers["capped"] = leaning & (level == Level.RED)  # red on unconfirmed rest: amber
    level[numbers["capped"].to_numpy()] = int(Level.AMBER)
    unit = Channel.UNIT[channel] if channel != Channel.EXTENSION else ctx.extension_unit

    cut = _Cuts(ctx, amber_key, red_key, low_key, dp)

    def explain(row: pd.Series, lvl: Level) -> str:
        return _ratio_text(row, lvl, unit, cut, ctx.weekly_data)

    return Outcome(level, numbers, explain, unconfirmed=leaning)


def compare_dp(ctx: Context) -> int:
    """Decimals a ratio is rounded to before it is compared and shown (spec §4.9)."""
    return int(ctx.config.get("acwr.compare_rounded_dp"))


class _Cuts:
    """A ratio rule's thresholds as its text shows them: the number (to the comparison's
    decimals), and for a team's own setting "team setting 1.40 (default 1.30, grade …)"."""

    def __init__(self, ctx: Context, amber_key: str, red_key: str, low_key: str | None,
                 dp: int) -> None:
        config = ctx.config
        self.dp = dp
        self.amber, self.red = float(config.get(amber_key)), float(config.get(red_key))
        self.low = float(config.get(low_key)) if low_key else None
        self.amber_text = threshold_text(config, amber_key, fmt.ratio(self.amber, dp))
        self.red_text = threshold_text(config, red_key, fmt.ratio(self.red, dp))
        self.low_text = threshold_text(config, low_key, fmt.ratio(self.low, dp)) if low_key else ""


def _never_loaded(ctx: Context, metrics: pd.DataFrame) -> np.ndarray:
    """Athletes whose channel never had a non-zero value (e.g. no extension-heavy sport)."""
    values = metrics[Col.WEEKLY_LOAD if ctx.weekly_data else Col.VALUE].fillna(0).to_numpy()
    total = np.bincount(ctx.code, weights=values, minlength=len(ctx.athletes))
    return total[ctx.code] == 0


def _ratio_numbers(ctx: Context, m: pd.DataFrame, ratio: np.ndarray, shown: np.ndarray,
                   method: str) -> pd.DataFrame:
    if ctx.weekly_data:
        acute = m[Col.WEEKLY_LOAD].to_numpy()
        chronic = np.where(np.isfinite(m[Col.W_COUPLED]), acute / m[Col.W_COUPLED], np.nan)
        rau, ewma, provisional = m[Col.W_UNCOUPLED3].to_numpy(), np.nan, False
        recorded = 4 - np.minimum(4, m[Col.DAYS_MISSING].to_numpy() // 7)
    else:
        acute = m[Col.ACUTE].to_numpy() * 7
        chronic = m[Col.CHRONIC].to_numpy() * 7
        rau, ewma = m[Col.RAU].to_numpy(), m[Col.EWMA].to_numpy()
        provisional = m[Col.EWMA_PROVISIONAL].fillna(False).to_numpy(bool)
        recorded = m[Col.DAYS_RECORDED].to_numpy()
    gaps = ctx.completeness(28)  # spec §3.2: unconfirmed rest days inside the 28-day window
    return pd.DataFrame({
        "value": ratio, "shown": shown, "method": method, "acute_week": acute,
        "chronic_week": chronic, "rau": rau, "ewma": ewma, "ewma_provisional": provisional,
        "recorded": recorded - gaps["unconfirmed"].to_numpy(),
        "unconfirmed": gaps["unconfirmed"].to_numpy(), "gap_from": gaps["gap_from"].to_numpy(),
        "gap_to": gaps["gap_to"].to_numpy(),
        "reason": m[Col.DATA_REASON].astype(str).to_numpy(),
    })


def _ratio_text(row: pd.Series, level: Level, unit: str, cut: _Cuts, weekly: bool) -> str:
    if level == Level.NOT_APPLICABLE:
        return f"no {unit} logged for this athlete"
    if level == Level.INSUFFICIENT_DATA:
        need = "4 complete weeks" if weekly else "28 consecutive recorded days"
        return f"ACWR not shown: {row['reason']} (needs {need})."
    if level == Level.RED or row.get("capped", False):
        band = f"≥ {cut.red_text}"
    elif level == Level.AMBER:
        band = f"> {cut.amber_text}"
    elif level == Level.INFO and cut.low is not None:
        band = f"< {cut.low_text}, well below recent average"
    else:
        band = "in line with recent training"
    shown = fmt.ratio(row["shown"], cut.dp)
    acute, chronic = fmt.au(row["acute_week"], unit), fmt.au(row["chronic_week"], unit)
    if weekly:
        return (f"ACWR {shown} {band} ({row['method']}): {acute} this week vs {chronic} "
                f"average week over 4 weeks. Uncoupled-3 {fmt.ratio(row['rau'], cut.dp)}.")
    capped = bool(row.get("capped", False))
    rac_cut = cut.red if level == Level.RED or capped else (
        cut.low if level == Level.INFO and cut.low else cut.amber)
    provisional = " (provisional)" if row["ewma_provisional"] else ""
    held = " Red by the numbers; amber until the gap is resolved." if capped else ""
    return (f"ACWR {shown} {band} ({row['method']}): {acute} in the last 7 days vs {chronic} "
            f"average week over 28 days. Uncoupled {_fmt(row['rau'], cut.dp)} (equivalent "
            f"cut-off {_cut(float(rau_from_rac(rac_cut)))}), EWMA "
            f"{_fmt(row['ewma'], cut.dp)}{provisional}{_agreement(row, cut)}. "
            f"{data_note(row['recorded'], row['unconfirmed'], row['gap_from'], row['gap_to'], 28)}"
            f"{held}")


def _cut(value: float) -> str:
    """A converted cut-off with the digits that matter: 1.444, 1.80, 0.75."""
    text = fmt.ratio(value, 3)
    return text[:-1] if text.endswith("0") else text


def _fmt(value: float, dp: int) -> str:
    if np.isinf(value):
        return "∞ (nothing in the 3 weeks before)"
    return fmt.ratio(value, dp)


def _band(value: float, amber: float, red: float) -> int:
    return 2 if value >= red else 1 if value > amber else 0


def _agreement(row: pd.Series, cut: _Cuts) -> str:
    """Whether RAU (on its converted cut-offs) and EWMA put the day in the same band."""
    mine = _band(row["shown"], cut.amber, cut.red)
    rau_band = _band(float(round_half_up(rac_from_rau(row["rau"]), cut.dp)), cut.amber,
                     cut.red) if np.isfinite(row["rau"]) else 2
    ewma_band = _band(float(round_half_up(row["ewma"], cut.dp)), cut.amber, cut.red)
    if rau_band == mine and ewma_band == mine:
        return "; all three methods agree"
    return "; methods disagree"


@rule("L1", "L", "Acute:chronic workload ratio", daily_only=False,
      thresholds=("acwr.amber_above", "acwr.red_at_or_above", "acwr.min_chronic_week_au"))
def l1_acwr(ctx: Context) -> Outcome:
    """Primary ACWR > 1.30 amber, ≥ 1.50 red (Gabbett 2016; Hulin 2014, 2016)."""
    return ratio_outcome(ctx, Channel.SRPE, "acwr.amber_above", "acwr.red_at_or_above")


@rule("L2", "L", "Well below recent average", thresholds=("acwr.low_info_below",))
def l2_low_ratio(ctx: Context) -> Outcome:
    """Primary ACWR < 0.80 → info (under-loading before a return to full load)."""
    out = ratio_outcome(ctx, Channel.SRPE, "acwr.amber_above", "acwr.red_at_or_above",
                        "acwr.low_info_below")
    level = out.level.copy()
    level[(level == Level.AMBER) | (level == Level.RED)] = int(Level.GREEN)
    return Outcome(level, out.numbers, out.explain, unconfirmed=out.unconfirmed)


def change_outcome(ctx: Context, channel: str, amber_pct: float, info_pct: float | None,
                   min_prev: float, min_abs: float,
                   keys: tuple[str | None, str | None, str | None] = (None, None, None)
                   ) -> Outcome:
    """Week-to-week increase rule: rolling 7 days (daily data) or calendar weeks (weekly).
    `keys`: the config keys of the amber and info percentages and of the previous-week
    minimum, so the text can say when a number is the team's own setting."""
    metrics = ctx.channel(channel)
    n = len(ctx)
    if metrics is None:
        return Outcome(levels(n, Level.NOT_APPLICABLE), pd.DataFrame(index=range(n)),
                       lambda row, level: f"no {channel} values in the log")
    change_au = metrics[Col.CHANGE_AU].to_numpy()
    if ctx.weekly_data:
        this_week = metrics[Col.WEEKLY_LOAD].to_numpy()
    else:
        this_week = metrics[Col.ACUTE].to_numpy() * 7
    prev = this_week - change_au
    pct = np.where(prev > 0, change_au / np.where(prev > 0, prev, 1) * 100, np.nan)
    shown = round_half_up(pct, 1)
    evaluable = np.isfinite(change_au) & (prev >= min_prev)
    conditions = [((shown > amber_pct) & (change_au >= min_abs), Level.AMBER)]
    if info_pct is not None:
        conditions.append((shown > info_pct, Level.INFO))
    level = grade_levels(evaluable, *conditions, missing=Level.INSUFFICIENT_DATA)
    level[_never_loaded(ctx, metrics)] = int(Level.NOT_APPLICABLE)
    unit = Channel.UNIT[channel] if channel != Channel.EXTENSION else ctx.extension_unit
    gaps = ctx.completeness(14)  # this week and the one before (spec §3.2)
    numbers = pd.DataFrame({"pct": shown, "this_week": this_week, "last_week": prev,
                            "diff": change_au, **gaps})
    leaning = gaps["unconfirmed"].to_numpy() > 0
    span = "Weekly" if ctx.weekly_data else "7-day"
    before = "last week" if ctx.weekly_data else "the 7 days before"
    what = "extension load" if channel == Channel.EXTENSION else "load"
    cuts = {lvl: threshold_text(ctx.config, key, f"{setting(value)}%")
            for lvl, key, value in ((Level.AMBER, keys[0], amber_pct), (Level.INFO, keys[1],
                                                                         info_pct))
            if key and value is not None}
    floor = threshold_text(ctx.config, keys[2], fmt.au(min_prev, unit)) if keys[2] else \
        fmt.au(min_prev, unit)

    def explain(row: pd.Series, lvl: Level) -> str:
        if lvl == Level.NOT_APPLICABLE:
            return f"no {unit} logged for this athlete"
        if lvl == Level.INSUFFICIENT_DATA:
            if np.isfinite(row["diff"]):
                return (f"{span} change not judged: {fmt.au(row['last_week'], unit)} {before} "
                        f"is below {floor}.")
            return f"{span} change not computable: the previous week is not complete."
        direction = "up" if row["diff"] >= 0 else "down"
        limit = f" (> {cuts[lvl]})" if lvl in cuts else ""
        return (f"{span} {what} {direction} {fmt.pct(abs(row['pct']), sign=False, space=False)}"
                f"{limit}: {fmt.au(row['this_week'], unit)} vs {fmt.au(row['last_week'], unit)} "
                f"{before} ({fmt.signed_au(row['diff'], unit)}).{gap_suffix(row, 14)}")

    return Outcome(level, numbers, explain, unconfirmed=leaning)


def gap_suffix(row: pd.Series, width: int) -> str:
    """' Data: 4 recorded, 10 unconfirmed of 14 days; possible logging gap from … to …:
    confirm rest or mark not recorded.' when the row's window holds unconfirmed rest days
    (spec §3.2), else ''."""
    if not row.get("unconfirmed", 0):
        return ""
    return " " + data_note(row["recorded"], row["unconfirmed"], row["gap_from"],
                           row["gap_to"], width)


@rule("L3", "L", "Week-to-week increase",
      thresholds=("spike.amber_above_pct", "spike.info_above_pct", "spike.min_prev_week_au",
                  "spike.min_abs_increase_au"))
def l3_spike(ctx: Context) -> Outcome:
    """Increase > 15 % and ≥ 200 AU → amber; > 10 % → info (Gabbett 2016; AAP)."""
    c = ctx.config
    return change_outcome(ctx, Channel.SRPE, float(c.get("spike.amber_above_pct")),
                          float(c.get("spike.info_above_pct")),
                          float(c.get("spike.min_prev_week_au")),
                          float(c.get("spike.min_abs_increase_au")),
                          ("spike.amber_above_pct", "spike.info_above_pct",
                           "spike.min_prev_week_au"))


@rule("M2", "M", "Low chronic base or return from a break", modifier="low_chronic",
      thresholds=("low_chronic.fraction_of_median", "low_chronic.median_lookback_weeks",
                  "low_chronic.min_history_weeks", "low_chronic.break_days"))
def m2_low_chronic(ctx: Context) -> Outcome:
    """Chronic week < 50 % of own 12-week median, ≥ 14 zero days in 28, or return from rest."""
    c = ctx.config
    metrics = ctx.channel(Channel.SRPE)
    n = len(ctx)
    if metrics is None:
        return Outcome(levels(n, Level.NOT_APPLICABLE), pd.DataFrame(index=range(n)),
                       lambda row, level: "no sRPE load in the log")
    step = 7 if ctx.weekly_data else 1
    if ctx.weekly_data:
        base = metrics[Col.WEEKLY_LOAD].rolling(4).mean().to_numpy(copy=True)
        base[ctx.pos < 3] = np.nan
        values = metrics[Col.WEEKLY_LOAD].to_numpy()
        back = np.isinf(metrics[Col.W_UNCOUPLED3].to_numpy())
    else:
        base = metrics[Col.CHRONIC].to_numpy() * 7
        values = metrics[Col.VALUE].to_numpy()
        back = np.isinf(metrics[Col.RAU].to_numpy())
    lookback = int(c.get("low_chronic.median_lookback_weeks")) * 7 // step
    need = int(c.get("low_chronic.min_history_weeks")) * 7 // step
    before = shift(base, 1)
    before[ctx.pos < 1] = np.nan
    median = trailing_quantile(before, ctx.code, lookback, need)
    fraction = float(c.get("low_chronic.fraction_of_median"))
    low_base = base < fraction * median
    break_days = int(c.get("low_chronic.break_days"))
    if ctx.weekly_data:
        run = longest_run(values == 0, ctx.pos, 4) * 7
        window_ok = ctx.pos >= 3
        run_needed = 14
    else:
        run = longest_run(values == 0, ctx.pos, 28)
        window_ok = metrics[Col.DAYS_RECORDED].to_numpy() >= 28
        run_needed = break_days
    long_break = window_ok & (run >= run_needed)
    active = low_base | long_break | back
    evaluable = np.isfinite(median) | window_ok | back
    level = grade_levels(evaluable, (active, Level.INFO), missing=Level.INSUFFICIENT_DATA)
    gaps = ctx.completeness(28)  # a "break" may be a logging gap (spec §3.2)
    numbers = pd.DataFrame({"base": base, "median": median, "run": run, "back": back,
                            "low_base": low_base, "long_break": long_break, **gaps})
    share = threshold_text(c, "low_chronic.fraction_of_median", f"{setting(fraction * 100)}%")

    def explain(row: pd.Series, lvl: Level) -> str:
        if lvl == Level.INSUFFICIENT_DATA:
            return "Chronic base not judged: needs 28 recorded days (or 8 weeks for the median)."
        if lvl != Level.INFO:
            return f"Chronic base {fmt.au(row['base'])} per week: no break or low base."
        parts = []
        if row["back"]:
            parts.append("return after complete rest (nothing in the 3 weeks before)")
        if row["long_break"]:
            parts.append(f"{fmt.whole(row['run'])} consecutive days without load in the last 28")
        if row["low_base"]:
            parts.append(f"chronic base {fmt.au(row['base'])} per week is below {share} of the "
                         f"athlete's usual {fmt.au(row['median'])}")
        return ("Low chronic base: " + "; ".join(parts)
                + ". Increases weigh more now; build back gradually." + gap_suffix(row, 28))

    return Outcome(level, numbers, explain, modifier=active & evaluable,
                   unconfirmed=gaps["unconfirmed"].to_numpy() > 0)
