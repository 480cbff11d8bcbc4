"""What-if planner: the largest load next week that stays at or below amber (issue #3), and
the plan that obeys every flag of the selected week (:func:`plan_week`, issue 14).

For the week after the last complete week, with next week's total X spread over its seven
days, the coupled ratio at the end of that week is

    RAC = (X / 7) / ((X + S21) / 28) = 4X / (X + S21),

where S21 is the load of the last 21 days of history (the part of the chronic window that is
already known). RAC ≤ a  ⇔  X ≤ a·S21 / (4 − a). The week-to-week limit is X ≤ W·(1 + p/100)
with W the last week's load and p the amber percentage; the absolute floor of L3 is ignored
here, which keeps the number on the cautious side. The same holds for weekly totals with the
weekly coupled ratio (S21 = the last three weeks). The matching extension exposure uses the
extension channel and its own thresholds. Rounding is not used: the plan keeps the raw ratio
at or below the threshold. Daily rules still evaluate every day, so spread the load evenly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.api.typing import DataFrameGroupBy

from loadwatch.config import Config, default_config
from loadwatch.ingest.log import is_weekly
from loadwatch.risk.advice import PlanLine, sentence
from loadwatch.risk.engine import Assessment, Out
from loadwatch.risk.rules.base import Level
from loadwatch.schema import Channel, Col
from loadwatch.series.metrics import weekly_metrics

PLAN_COLUMNS = (
    Col.ATHLETE, "next_week_start", "max_load_au", "limited_by", "last_week_au",
    "max_extension", "extension_unit", "status",
)


def _limits(weekly: pd.DataFrame, ratio: float, pct: float, min_prev: float
            ) -> pd.DataFrame:
    """Per athlete (indexed by id): both limits from the last four weeks of a weekly table."""
    load = weekly[Col.WEEKLY_LOAD]
    earlier = load.groupby(weekly[Col.ATHLETE], observed=True)
    s21 = load + earlier.shift(1) + earlier.shift(2)  # NaN unless all three weeks complete
    complete = (s21 + earlier.shift(3)).notna()
    table = pd.DataFrame({Col.ATHLETE: weekly[Col.ATHLETE].astype(str), "week": weekly[Col.WEEK],
                          "last_week": load, "s21": s21, "complete": complete})
    last = table.groupby(Col.ATHLETE, sort=True).tail(1).set_index(Col.ATHLETE)
    by_ratio = ratio * last["s21"] / (4 - ratio)
    by_change = np.where(last["last_week"] >= min_prev, last["last_week"] * (1 + pct / 100),
                         np.inf)
    last["limit"] = np.where(last["complete"], np.minimum(by_ratio, by_change), np.nan)
    last["limited_by"] = np.where(by_ratio <= by_change, "ACWR", "weekly increase")
    return last


def max_safe_load(log: pd.DataFrame, *, config: Config | None = None) -> pd.DataFrame:
    """Per athlete, the largest sRPE load (AU) next week that keeps ACWR and increase ≤ amber.

    The what-if of the module docstring: RAC ≤ a ⇔ X ≤ a·S21/(4 − a) (spec §4.1, §4.3) and
    X ≤ W·(1 + p/100) (§5.1), with a = ``acwr.amber_above`` (1.30) and p =
    ``spike.amber_above_pct`` (15 %) from the thresholds of §6.1/§10.3. 'insufficient_data'
    without 4 complete weeks of history (§4.7).

    Parameters
    ----------
    log : DataFrame
        A session or weekly-totals log (:func:`read_log`; load in AU, extension in reps or
        minutes).
    config : Config, optional
        The team's thresholds; default: the shipped ones.

    Returns
    -------
    DataFrame
        One row per athlete: athlete, next_week_start (date), max_load_au (AU/week; NaN when
        insufficient), limited_by ('ACWR' or 'weekly increase'), last_week_au (AU),
        max_extension (reps or minutes per week), extension_unit ('reps' or 'min'), status.

    Examples
    --------
    >>> import loadwatch as lw
    >>> loads = [257] * 20 + [250] + [373] * 6 + [372]            # AU, 2024-01-01 … 01-28
    >>> csv = "athlete,date,load\\n" + "".join(
    ...     f"A1,2024-01-{day:02d},{au}\\n" for day, au in enumerate(loads, start=1))
    >>> log = lw.read_log(csv.encode())
    >>> plan = lw.max_safe_load(log).iloc[0]
    >>> round(plan["max_load_au"]), plan["limited_by"], plan["status"]
    (2986, 'ACWR', 'ok')
    """
    cfg = config or default_config()
    srpe = _limits(
        weekly_metrics(log, Channel.SRPE, config=cfg), float(cfg.get("acwr.amber_above")),
        float(cfg.get("spike.amber_above_pct")), float(cfg.get("spike.min_prev_week_au")))
    ext = _limits(
        weekly_metrics(log, Channel.EXTENSION, config=cfg),
        float(cfg.get("extension.amber_above")),
        float(cfg.get("extension.spike_amber_above_pct")),
        float(cfg.get("extension.min_prev_week_reps")))
    unit = "reps" if not is_weekly(log) and log[Col.EXT_REPS].notna().any() else "min"
    plan = pd.DataFrame({
        Col.ATHLETE: srpe.index.to_numpy(),
        "next_week_start": srpe["week"].to_numpy() + pd.Timedelta(days=7),
        "max_load_au": srpe["limit"].to_numpy(),
        "limited_by": np.where(srpe["complete"], srpe["limited_by"], ""),
        "last_week_au": srpe["last_week"].to_numpy(),
        "max_extension": ext["limit"].where(ext["s21"] + ext["last_week"] > 0)
        .reindex(srpe.index).to_numpy(),
        "extension_unit": unit,
        "status": np.where(srpe["complete"], "ok", "insufficient_data"),
    })
    return plan[list(PLAN_COLUMNS)]


# --- the plan that obeys every flag (issue 14) -----------------------------------------------

class Plan:
    """Column names of :func:`plan_week` (one row per athlete)."""

    ATHLETE = Col.ATHLETE
    WEEK = "week_start"              # the selected week
    PLAN_WEEK = "plan_week_start"    # the week the plan is for (the one after)
    LEVEL = "level"
    ACTION = "action"                # see_clinician | reduce | hold | increase | no_plan
    THIS_AU = "this_week_au"
    MAX_AU = "max_load_au"
    THIS_MIN = "this_week_minutes"
    MAX_MIN = "max_minutes"
    THIS_EXT = "this_week_extension"
    MAX_EXT = "max_extension"
    EXT_UNIT = "extension_unit"
    REST_DAYS = "rest_days"
    REST_RULE = "rest_rule"          # the rule that asked for the rest days ('R1', 'Y3', '')
    NO_BOWLING = "no_bowling"
    AGE = "age"
    LIMITED_BY = "limited_by"
    STATUS = "status"                # ok | insufficient_data | referred
    ADVICE = "advice"


PLAN_WEEK_COLUMNS = tuple(v for k, v in vars(Plan).items() if k.isupper())
_REFERRED = (Level.REFER.label, Level.REFER_URGENT.label)
#: What limits a plan, in the order a tie is named.
_LIMITS = ("ACWR", "weekly increase", "red: no increase", "clinician cap", "hours ≤ age")
_S4 = "S4"
_LOAD_CAP, _EXT_CAP = "cap_load_au_per_week", "cap_extension_reps_per_week"
_NO_EXT, _NO_BOWL = "no_extension_loading", "no_bowling"


def _tail_sum(groups: DataFrameGroupBy, values: pd.Series, *, min_count: int,
              tail: int = 4) -> pd.Series:
    """Per group, the sum of its last `tail` values (NaN as 0; NaN with fewer than `min_count`
    recorded), as ``s.tail(4).sum(min_count=…)`` per group but for every group at once: the
    values are laid into a groups × 4 array, padded at the end, and each row is summed by the
    same numpy reduction as a Series of its values, so the floats are the same bit for bit."""
    from_end = groups.cumcount(ascending=False).to_numpy()
    keep = from_end < tail
    code = groups.ngroup().to_numpy()[keep]
    sizes = groups.size()
    shown = np.minimum(sizes.to_numpy(), tail)
    column = shown[code] - 1 - from_end[keep]
    raw = values.to_numpy(dtype=float)[keep]
    grid = np.zeros((len(sizes), tail))
    grid[code, column] = np.nan_to_num(raw, nan=0.0)
    counted = np.bincount(code, weights=~np.isnan(raw), minlength=len(sizes))
    return pd.Series(np.where(counted >= min_count, grid.sum(axis=1), np.nan), index=sizes.index)


def _limits_at(weekly: pd.DataFrame, start: pd.Timestamp, ratio: float, pct: float,
               min_prev: float, athletes: pd.Index) -> pd.DataFrame:
    """Both limits of :func:`_limits`, from the four weeks ending with the week `start`, per
    athlete of `athletes`; also the 4-week sums of load and minutes (for AU per minute)."""
    upto = weekly[weekly[Col.WEEK] <= start]
    last = _limits(upto, ratio, pct, min_prev)
    own = upto.groupby(upto[Col.ATHLETE].astype(str), observed=True)
    last["load28"] = _tail_sum(own, upto[Col.WEEKLY_LOAD], min_count=4)
    last["minutes28"] = _tail_sum(own, upto[Col.MINUTES], min_count=1)
    last["minutes"] = own[Col.MINUTES].last()
    last = last[last["week"] == start]          # an athlete without this week has no limits
    return last.reindex(athletes.astype(str))


def _clinician(assessment: Assessment, last_rows: np.ndarray) -> dict[str, np.ndarray]:
    """The restrictions active on each athlete's last day of the week (S4's numbers):
    load cap (AU), extension cap (reps; 0 for no extension loading) and no bowling."""
    n = len(last_rows)
    outcome = assessment.outcomes.get(_S4)
    numbers = outcome.numbers if outcome is not None else pd.DataFrame()

    def column(name: str, default: float | bool) -> np.ndarray:
        if name not in numbers.columns:
            return np.full(n, default)
        return numbers[name].to_numpy()[last_rows]

    def cap(kind: str) -> np.ndarray:
        active = column(f"{kind}_active", False).astype(bool)
        return np.where(active, column(f"{kind}_cap", np.nan).astype(float), np.nan)

    ext = cap(_EXT_CAP)
    ext = np.where(column(f"{_NO_EXT}_active", False).astype(bool), 0.0, ext)
    return {"load": cap(_LOAD_CAP), "extension": ext,
            "no_bowling": column(f"{_NO_BOWL}_active", False).astype(bool)}


def _rest_days(week: pd.DataFrame, config: Config) -> tuple[np.ndarray, np.ndarray]:
    """Rest days the plan keeps: the guideline's minimum (Y3's threshold), two when monotony
    is amber (R1: 'add a second rest day'); and the rule that asked for them."""
    minimum = int(config.get("youth.min_rest_days_per_7"))
    r1 = week.get("R1", pd.Series("", index=week.index)).astype(str).to_numpy() == "amber"
    y3 = week.get("Y3", pd.Series("", index=week.index)).astype(str).to_numpy() == "amber"
    days = np.where(r1, max(minimum, 2), minimum)
    return days, np.where(r1, "R1", np.where(y3, "Y3", ""))


def plan_week(assessment: Assessment, week_start: pd.Timestamp | None = None) -> pd.DataFrame:
    """Per athlete, next week's plan that obeys every flag of the week `week_start`.

    The base is :func:`max_safe_load`'s what-if (ACWR ≤ amber, spec §4.1/§4.3; weekly increase
    ≤ amber, §5.1), taken at the selected week. Then, in this order: referred or referred
    urgently (§8.5) → no load plan, "see the clinician first"; red (§10.1) → no increase
    (hold at this week's load, or reduce to the base when it is lower); a clinician's cap
    (§1.4, S4) → caps the channel it names (no extension loading → 0); organised hours never
    above age (Y1, §7.1: AU per minute of the last four weeks); rest days: the guideline's
    minimum (Y3), two when monotony is amber (R1). Maxima are rounded down to whole units so
    no face shows a number above the limit.

    Parameters
    ----------
    assessment : Assessment
        :func:`evaluate`'s result (log and side tables; loads in AU, minutes, reps).
    week_start : Timestamp, optional
        First day of the selected week (default: the latest week); the plan is for the
        week after it.

    Returns
    -------
    DataFrame
        One row per athlete of the week: see :class:`Plan` (AU/week, minutes/week, reps or
        minutes of extension per week, rest days per week, advice: one plain sentence).

    Examples
    --------
    >>> import loadwatch as lw
    >>> loads = [257] * 20 + [250] + [373] * 6 + [372]            # AU, 2024-01-01 … 01-28
    >>> csv = "athlete,date,load\\n" + "".join(
    ...     f"A1,2024-01-{day:02d},{au}\\n" for day, au in enumerate(loads, start=1))
    >>> row = plan_week(lw.evaluate(lw.read_log(csv.encode()))).iloc[0]
    >>> print(row["level"], row["action"], row["this_week_au"], row["max_load_au"])
    red hold 2610.0 2610.0
    >>> print(row["advice"].replace(" in the", "\n in the"))
    Do not increase: at most 2,610 AU
     in the week of 2024-01-29 (2024-W05), with at least 1 rest day.
    """
    ctx = assessment.ctx
    cfg = ctx.config
    start = pd.Timestamp(week_start) if week_start is not None else assessment.latest_week()
    week = assessment.week(start).set_index(Out.ATHLETE)
    rows = assessment.week_rows(start)
    last_rows = pd.Series(rows).groupby(ctx.code[rows]).max()
    last_rows.index = ctx.athletes[last_rows.index].astype(str)
    last_rows = last_rows.reindex(week.index.astype(str)).to_numpy()
    srpe = _limits_at(ctx.weekly(Channel.SRPE), start,
                      float(cfg.get("acwr.amber_above")), float(cfg.get("spike.amber_above_pct")),
                      float(cfg.get("spike.min_prev_week_au")), week.index)
    has_ext = ctx.channel(Channel.EXTENSION) is not None
    ext = _limits_at(ctx.weekly(Channel.EXTENSION), start,
                     float(cfg.get("extension.amber_above")),
                     float(cfg.get("extension.spike_amber_above_pct")),
                     float(cfg.get("extension.min_prev_week_reps")), week.index) if has_ext \
        else None
    caps = _clinician(assessment, last_rows)
    age = ctx.age_years(rows=last_rows)
    level = week[Out.LEVEL].astype(str).to_numpy()
    load, extension = _load_limits(srpe, level, caps, age), _extension_limits(ext, level, caps)
    rest, rest_rule = _rest_days(week, cfg)
    table = pd.DataFrame({
        Plan.ATHLETE: week.index.astype(str), Plan.WEEK: start,
        Plan.PLAN_WEEK: start + pd.Timedelta(days=7), Plan.LEVEL: level, **load, **extension,
        Plan.EXT_UNIT: ctx.extension_unit, Plan.REST_DAYS: rest, Plan.REST_RULE: rest_rule,
        Plan.NO_BOWLING: caps["no_bowling"], Plan.AGE: age,
    })
    table[Plan.ADVICE] = advice_sentences(table, cfg.week_start_day)
    return table[list(PLAN_WEEK_COLUMNS)]


def _load_limits(srpe: pd.DataFrame, level: np.ndarray, caps: dict[str, np.ndarray],
                 age: np.ndarray) -> dict[str, np.ndarray]:
    """Next week's maximum load and minutes, what limits them, the action and status."""
    this = srpe["last_week"].to_numpy(float)
    base = srpe["limit"].to_numpy(float)
    ratio_cap = np.where(srpe["limited_by"].to_numpy() == "ACWR", base, np.nan)
    change_cap = np.where(srpe["limited_by"].to_numpy() == "ACWR", np.nan, base)
    red = level == Level.RED.label
    referred = np.isin(level, _REFERRED)
    with np.errstate(invalid="ignore", divide="ignore"):
        per_minute = srpe["load28"].to_numpy(float) / srpe["minutes28"].to_numpy(float)
        per_minute[~np.isfinite(per_minute) | (per_minute <= 0)] = np.nan
    hold = np.where(red, this, np.nan)
    candidates = np.vstack([ratio_cap, change_cap, hold, caps["load"],
                            age * 60 * per_minute])
    known = np.isfinite(base) | red          # a plan needs the base, or red's hold
    best = np.where(known | np.isfinite(caps["load"]), np.fmin.reduce(candidates, axis=0),
                    np.nan)
    best = np.where(referred, np.nan, np.floor(best))
    minutes_cap = np.where(np.isfinite(age), age * 60, np.nan)
    with np.errstate(invalid="ignore"):
        minutes = np.floor(np.fmin(best / per_minute, minutes_cap))
    minutes = np.where(referred, np.nan, minutes)
    which = np.argmin(np.where(np.isnan(candidates), np.inf, candidates), axis=0)
    limited = np.where(np.isfinite(best), np.asarray(_LIMITS, dtype=object)[which], "")
    action = np.select(
        [referred, np.isnan(best), best < np.floor(this), red | (best <= this)],
        ["see_clinician", "no_plan", "reduce", "hold"], "increase")
    status = np.select([referred, np.isfinite(base) | red], ["referred", "ok"],
                       "insufficient_data")
    return {Plan.THIS_AU: this, Plan.MAX_AU: best,
            Plan.THIS_MIN: srpe["minutes"].to_numpy(float), Plan.MAX_MIN: minutes,
            Plan.LIMITED_BY: np.where(referred, "referred", limited), Plan.ACTION: action,
            Plan.STATUS: status}


def _extension_limits(ext: pd.DataFrame | None, level: np.ndarray,
                      caps: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Next week's maximum extension exposure: its what-if, red's hold, the clinician's cap."""
    n = len(level)
    if ext is None:
        return {Plan.THIS_EXT: np.full(n, np.nan),
                Plan.MAX_EXT: np.where(np.isfinite(caps["extension"]), caps["extension"],
                                       np.nan)}
    this = ext["last_week"].to_numpy(float)
    used = (ext["s21"] + ext["last_week"] > 0).to_numpy()   # no exposure: nothing to plan
    base = np.where(used, ext["limit"].to_numpy(float), np.nan)
    hold = np.where((level == Level.RED.label) & used, this, np.nan)
    best = np.floor(np.fmin(np.fmin(base, hold), caps["extension"]))
    return {Plan.THIS_EXT: this,
            Plan.MAX_EXT: np.where(np.isin(level, _REFERRED), np.nan, best)}


def advice_sentences(table: pd.DataFrame, week_start: int = 0) -> list[str]:
    """The plain sentence of each plan row (:func:`loadwatch.risk.advice.sentence`)."""
    columns = (Plan.ACTION, Plan.PLAN_WEEK, Plan.MAX_AU, Plan.MAX_MIN, Plan.MAX_EXT,
               Plan.EXT_UNIT, Plan.REST_DAYS, Plan.REST_RULE, Plan.NO_BOWLING, Plan.LIMITED_BY,
               Plan.AGE)
    # text per athlete: output only; mypy cannot count the 11 columns that fill PlanLine's
    # fields before week_start
    return [sentence(PlanLine(*values, week_start=week_start))  # type: ignore[misc]
            for values in zip(*(table[c].tolist() for c in columns), strict=True)]
