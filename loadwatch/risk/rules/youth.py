"""Youth rules Y1–Y5 and the modifiers M1 (growth window) and M3 (prior lumbar bone stress
injury), spec §7 and §10.2.

- Y1 organised hours per week against age in completed years (Jayanthi et al. 2015, OR 2.07):
  the 4-week average above age → amber; a single week (the last 7 days, or the logged week)
  above age → info. Hours and age are compared as shown, to 1 decimal.
- Y2 organised sport : free play above 2 : 1 over the same 4 weeks (Jayanthi 2015, OR 1.87).
- Y3 days without organised sport in the last 7 days: fewer than the minimum → amber, exactly
  the minimum → info (AAP suggests 1–2). Weekly totals only with reported rest days.
- Y4 sessions in the main sport in more than 8 of the last 12 months, or a high score on the
  3-item specialisation scale → info (Post et al. 2017). A "month" is one twelfth of the last
  365 days (52 weeks for weekly totals), so every day has the same window.
- Y5 fewer than 60 days away from the main sport in the last 12 months → info (AAP).
- M1 growth window: measured growth ≥ 7.2 cm/year between the last two measurements at least
  90 days apart, or, without such a pair, an estimated maturity offset in [−1.0, +1.5] years
  (Mirwald with sitting height and mass, else Moore). Only measurements dated on or before
  the day count, so a report never uses a later measurement.
- M3 a previous lumbar bone stress injury recorded by a clinician.

Days that were not recorded are never counted as rest or as days away: where they could
change a verdict, the rule says "not enough data" instead. Every threshold comes from the
configuration; the 7-day week and the 12-month year are the spec's own windows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from loadwatch import vocab as fmt
from loadwatch.config import normalise_sport
from loadwatch.risk.context import Context
from loadwatch.risk.rules.base import (
    HISTORY,
    Level,
    Outcome,
    cite,
    grade_levels,
    levels,
    round_half_up,
    rule,
    setting,
    threshold_text,
)
from loadwatch.schema import UNSPECIFIED_SPORT, Channel, Col, DayStatus, GrowthCol, RosterCol
from loadwatch.series.calendar import MISSING, to_days
from loadwatch.series.growth import (
    DAYS_PER_YEAR,
    in_growth_window,
    maturity_offset_mirwald,
    maturity_offset_moore,
)
from loadwatch.series.ratios import divide
from loadwatch.series.windows import complete_sum, trailing_count, trailing_sum

WEEK_DAYS = 7  # spec §7.1/§7.2: hours and rest days per week
YEAR_DAYS = 365  # spec §10.2 Y4/Y5: "the last 12 months" on daily data
YEAR_WEEKS = 52  # the same window on weekly totals
MONTHS = 12  # Y4 counts months of that year
HOURS_DP = 1  # hours, ages and the play ratio are compared as shown (spec §4.9)
GROWTH_DP = 2  # growth velocity and maturity offset as shown

NEEDS_BIRTH_DATE = "needs the athlete's birth date in the roster"
NEEDS_MINUTES = "needs session minutes (durations) in the log"
NEEDS_MAIN_SPORT = "needs the athlete's main sport in the roster"
NEEDS_SESSION_SPORT = "needs the sport of each session in the log"
GUIDELINE_HOURS = "guideline: weekly hours ≤ age"
_LOG_REASONS = ("", NEEDS_MAIN_SPORT, NEEDS_SESSION_SPORT)
_FREE_PLAY_SOURCES = ("roster", "weekly log")
_METHODS = ("Mirwald et al. 2002", "Moore et al. 2015")

def _not_applicable(ctx: Context, text: str) -> Outcome:
    n = len(ctx)
    return Outcome(levels(n, Level.NOT_APPLICABLE), pd.DataFrame(index=range(n)),
                   lambda row, level: text)


# --- shared inputs --------------------------------------------------------------------------


def _periods_per_week(ctx: Context) -> int:
    return 1 if ctx.weekly_data else WEEK_DAYS


def _last_day(ctx: Context) -> np.ndarray:
    """The last calendar day of each grid row (the Sunday for weekly totals)."""
    return ctx.day + (WEEK_DAYS - 1 if ctx.weekly_data else 0)


def _organised_minutes(ctx: Context) -> np.ndarray | None:
    """Organised-sport minutes per grid row (day or week), NaN where not recorded."""
    metrics = ctx.channel(Channel.MINUTES)
    if metrics is None:
        return None
    minutes = metrics[Col.WEEKLY_LOAD if ctx.weekly_data else Col.VALUE].to_numpy(float)
    return None if np.isnan(minutes).all() else minutes


def _organised_hours(ctx: Context, minutes: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """(average hours/week over the configured window, hours in the last week, weeks)."""
    weeks = int(ctx.config.get("youth.hours_vs_age_window_weeks"))
    per_week = _periods_per_week(ctx)
    average = complete_sum(minutes, ctx.pos, weeks * per_week) / weeks / 60
    week = complete_sum(minutes, ctx.pos, per_week) / 60
    return average, week, weeks


def _recorded(values: np.ndarray, pos: np.ndarray, width: int) -> np.ndarray:
    return trailing_count(~np.isnan(values), pos, width, partial=True)


def _roster_flag(ctx: Context, column: str) -> tuple[np.ndarray, np.ndarray]:
    """(known, true) per grid row for a yes/no roster column."""
    flags = pd.array(_roster_column(ctx, column).to_numpy(object), dtype="boolean")
    known = ~np.asarray(flags.isna(), dtype=bool)
    return known[ctx.code], np.asarray(flags.fillna(False), dtype=bool)[ctx.code]


def _text_per_row(ctx: Context, by_code: np.ndarray) -> pd.Categorical:
    """A per-athlete text spread onto the grid without one string per row."""
    codes, uniques = pd.factorize(pd.Series(by_code, dtype=object))
    return pd.Categorical.from_codes(codes[ctx.code], categories=pd.Index(uniques, dtype=object))


def _labels(codes: np.ndarray, texts: tuple[str, ...]) -> pd.Categorical:
    """Small integer codes as their texts (a categorical column of the numbers table)."""
    return pd.Categorical.from_codes(np.asarray(codes, dtype=np.int64),
                                     categories=pd.Index(texts, dtype=object))


def _sport_keys(ctx: Context, names: pd.Series) -> pd.Series:
    """Comparable sport names: normalised spelling, configured aliases resolved."""
    aliases = {normalise_sport(a): normalise_sport(t)
               for a, t in ctx.config.get("sports.aliases").items()}
    text = names.astype(object)
    unique = pd.unique(text[text.notna()])
    keys = {name: aliases.get(normalise_sport(name), normalise_sport(name)) for name in unique}
    keys.pop(UNSPECIFIED_SPORT, None)
    return text.map(keys)


class _SportDays:
    """Per grid row: in the athlete's main sport, known to be away from it, or unknown.

    Daily data: a day with a main-sport session is `main`; a day with only other sports, or a
    recorded day without sessions, is away (1 day); a day without information, or with only
    sessions of unspecified sport, is unknown. Weekly totals: a week with main-sport minutes
    is `main` and counts its reported rest days as away; a logged week without the main sport
    is 7 days away; a week without a row is 7 unknown days.
    """

    def __init__(self, ctx: Context) -> None:
        main_by_code = _sport_keys(ctx, _roster_column(ctx, RosterCol.MAIN_SPORT))
        self.main_sport = _text_per_row(
            ctx, _roster_column(ctx, RosterCol.MAIN_SPORT).astype(object).to_numpy())
        log = ctx.log
        date_col = Col.WEEK if ctx.weekly_data else Col.DATE
        if ctx.weekly_data:
            amounts = log[[Col.WEEK_MINUTES, Col.WEEK_LOAD, Col.SESSIONS]]
            session = (amounts.fillna(0).sum(axis=1) > 0).to_numpy()
            blank = amounts.isna().all(axis=1).to_numpy()
        else:
            status = log[Col.DAY_STATUS].astype(object)
            session = ~status.isin([DayStatus.REST, DayStatus.MISSING]).to_numpy()
            blank = np.zeros(len(log), dtype=bool)
        keys = _sport_keys(ctx, log[Col.SPORT])
        codes, rows = _grid_rows(ctx, log, date_col)
        main_key = main_by_code.to_numpy()[np.maximum(codes, 0)]
        known = session & keys.notna().to_numpy()
        is_main = known & (keys.to_numpy() == main_key)
        placed = {name: _any_on_rows(len(ctx), rows, flag) for name, flag in (
            ("session", session), ("known", known), ("main", is_main), ("blank", blank))}
        any_known = np.bincount(codes[known & (codes >= 0)], minlength=len(ctx.athletes)) > 0
        by_athlete = np.where(main_by_code.isna().to_numpy(), 1, np.where(any_known, 0, 2))
        self.reason = _labels(by_athlete[ctx.code], _LOG_REASONS)
        self.judged = by_athlete[ctx.code] == 0
        self.main = placed["main"]
        unspecified_only = placed["session"] & ~placed["known"]
        if ctx.weekly_data:
            row = _any_on_rows(len(ctx), rows, np.ones(len(log), dtype=bool))
            unsure = ~self.main & (~row | unspecified_only | placed["blank"])
            rest = np.nan_to_num(_weekly_rest_days(ctx))
            self.away = np.where(self.main, rest, np.where(unsure, 0, WEEK_DAYS))
            self.unknown = np.where(unsure, WEEK_DAYS, 0)
        else:
            recorded = (ctx.cal.status != MISSING) | placed["known"]
            self.away = (recorded & ~self.main & ~unspecified_only).astype(np.int64)
            self.unknown = (~self.main & (~recorded | unspecified_only)).astype(np.int64)
        self.away = np.asarray(self.away, dtype=np.int64)
        self.unknown = np.asarray(self.unknown, dtype=np.int64)



def _grid_rows(ctx: Context, table: pd.DataFrame, date_col: str
               ) -> tuple[np.ndarray, np.ndarray]:
    """Athlete code and grid row of each table row (−1 where the athlete or date is not on
    the grid). The grid holds each athlete's periods as one contiguous, consecutive block."""
    codes = pd.Categorical(table[Col.ATHLETE], categories=ctx.athletes).codes.astype(np.int64)
    first = np.flatnonzero(np.r_[True, ctx.code[1:] != ctx.code[:-1]])
    start = np.full(len(ctx.athletes), -1, dtype=np.int64)
    start[ctx.code[first]] = first
    length = np.bincount(ctx.code, minlength=len(ctx.athletes))
    ok = codes >= 0
    safe = np.where(ok, codes, 0)
    step = WEEK_DAYS if ctx.weekly_data else 1
    offset = (to_days(table[date_col]) - ctx.day[np.maximum(start[safe], 0)]) // step
    ok &= (start[safe] >= 0) & (offset >= 0) & (offset < length[safe])
    return np.where(ok, codes, -1), np.where(ok, start[safe] + offset, -1)


def _any_on_rows(n: int, rows: np.ndarray, flag: np.ndarray) -> np.ndarray:
    """True on grid rows where any table row placed there has the flag."""
    hit = (rows >= 0) & np.asarray(flag, dtype=bool)
    return np.bincount(rows[hit], minlength=n) > 0


def _roster_column(ctx: Context, column: str) -> pd.Series:
    """A roster column by athlete code (NA where unknown)."""
    if column not in ctx.roster.columns:
        return pd.Series(pd.NA, index=range(len(ctx.athletes)), dtype=object)
    return ctx.roster[column].reindex(ctx.athletes).reset_index(drop=True)


def _weekly_rest_days(ctx: Context) -> np.ndarray:
    """Reported rest days per week row (NaN where not given)."""
    metrics = ctx.channel(Channel.MINUTES)
    if metrics is None:
        metrics = ctx.channel(Channel.SRPE)
    if metrics is None:
        return np.full(len(ctx), np.nan)
    return metrics[Col.REST_DAYS].to_numpy(float)


def _year(ctx: Context) -> int:
    return YEAR_WEEKS if ctx.weekly_data else YEAR_DAYS


# --- Y1 -------------------------------------------------------------------------------------


@rule("Y1", "Y", "Organised hours per week above age",
      thresholds=("youth.hours_vs_age_window_weeks",))
def y1_hours_vs_age(ctx: Context) -> Outcome:
    """Weekly organised hours > age: 4-week average → amber, a single week → info."""
    minutes = _organised_minutes(ctx)
    if minutes is None:
        return _not_applicable(ctx, NEEDS_MINUTES)
    average, week, weeks = _organised_hours(ctx, minutes)
    age = ctx.age_years(_last_day(ctx))
    shown_avg, shown_week = round_half_up(average, HOURS_DP), round_half_up(week, HOURS_DP)
    over_avg, over_week = shown_avg > age, shown_week > age
    evaluable = np.isfinite(average) | over_week
    level = grade_levels(evaluable, (over_avg, Level.AMBER), (over_week, Level.INFO),
                         missing=Level.INSUFFICIENT_DATA)
    level[~np.isfinite(age)] = int(Level.NOT_APPLICABLE)
    window = weeks * _periods_per_week(ctx)
    numbers = pd.DataFrame({
        "h4": shown_avg, "h_week": shown_week, "age": age, "average_raw": average,
        "week_raw": week, "recorded": _recorded(minutes, ctx.pos, window), "window": window,
    })
    span = "this week" if ctx.weekly_data else "in the last 7 days"
    unit = "weeks" if ctx.weekly_data else "days"
    guide = (f"{GUIDELINE_HOURS}, averaged over "
             f"{cite(ctx.config, 'youth.hours_vs_age_window_weeks', f'{weeks} weeks')}")

    def explain(row: pd.Series, lvl: Level) -> str:
        if lvl == Level.NOT_APPLICABLE:
            return f"Organised hours not compared with age: {NEEDS_BIRTH_DATE}."
        age_text = fmt.whole(row["age"])
        if lvl == Level.INSUFFICIENT_DATA:
            return (f"Organised hours not judged: needs {window} recorded {unit} (has "
                    f"{fmt.whole(row['recorded'])} of the last {window}).")
        if lvl == Level.AMBER:
            return (f"Organised sport {fmt.hours(row['h4'], 'h/week')} over the last {weeks} "
                    f"weeks, more than age {age_text} ({guide}).")
        average_text = (f"{fmt.hours(row['h4'], 'h/week')} over the last {weeks} weeks"
                        if np.isfinite(row["h4"]) else f"{weeks}-week average not available yet")
        if lvl == Level.INFO:
            return (f"Organised sport {fmt.hours(row['h_week'])} {span}, more than age "
                    f"{age_text}; {average_text} ({guide}).")
        return (f"Organised sport {fmt.hours(row['h4'], 'h/week')} over the last {weeks} weeks "
                f"and {fmt.hours(row['h_week'])} {span}, not more than age {age_text} "
                f"({guide}).")

    return Outcome(level, numbers, explain)


# --- Y2 -------------------------------------------------------------------------------------


def _free_play(ctx: Context, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Free-play hours per week for each row and where they come from.

    A weekly log's free-play column (mean of the weeks reported in the window) wins over the
    roster's usual hours per week."""
    roster = pd.to_numeric(pd.Series(ctx.per_row(RosterCol.FREE_PLAY)), errors="coerce") \
        .to_numpy(float)
    source = np.where(np.isfinite(roster), 0, -1)
    if not ctx.weekly_data or Col.FREE_PLAY not in ctx.log.columns:
        return roster, source
    reported = ctx.log[[Col.ATHLETE, Col.WEEK, Col.FREE_PLAY]].dropna(subset=[Col.FREE_PLAY])
    reported = reported.groupby([Col.ATHLETE, Col.WEEK], as_index=False, observed=True)[
        Col.FREE_PLAY].max()
    weekly = ctx.by_athlete_day(reported, Col.WEEK, reported[Col.FREE_PLAY].to_numpy(float))
    count = trailing_count(np.isfinite(weekly), ctx.pos, width, partial=True)
    total = trailing_sum(weekly, ctx.pos, width, partial=True)
    logged = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    use = np.isfinite(logged)
    return np.where(use, logged, roster), np.where(use, 1, source)


@rule("Y2", "Y", "Organised sport versus free play",
      thresholds=("youth.organised_to_free_play_max", "youth.hours_vs_age_window_weeks"))
def y2_free_play(ctx: Context) -> Outcome:
    """Organised : free-play hours above 2 : 1 over the 4-week window → amber."""
    minutes = _organised_minutes(ctx)
    if minutes is None:
        return _not_applicable(ctx, NEEDS_MINUTES)
    limit = float(ctx.config.get("youth.organised_to_free_play_max"))
    average, _, weeks = _organised_hours(ctx, minutes)
    free, source = _free_play(ctx, weeks)
    ratio = divide(average, free)
    shown = round_half_up(ratio, HOURS_DP)
    level = grade_levels(np.isfinite(average), (shown > limit, Level.AMBER),
                         missing=Level.INSUFFICIENT_DATA)
    level[~np.isfinite(free)] = int(Level.NOT_APPLICABLE)
    numbers = pd.DataFrame({
        "ratio": shown, "ratio_raw": ratio, "organised_h": round_half_up(average, HOURS_DP),
        "free_play_h": round_half_up(free, HOURS_DP),
        "free_play_source": _labels(source, _FREE_PLAY_SOURCES),
    })
    span = f"over the last {weeks} weeks"
    note = cite(ctx.config, "youth.organised_to_free_play_max", fmt.one_dp(limit))

    def explain(row: pd.Series, lvl: Level) -> str:
        if lvl == Level.NOT_APPLICABLE:
            return ("Organised sport not compared with free play: needs free-play hours per "
                    "week (roster or weekly log).")
        if lvl == Level.INSUFFICIENT_DATA:
            return (f"Organised sport versus free play not judged: needs {weeks} complete "
                    "weeks of session minutes.")
        hours = (f"organised sport {fmt.hours(row['organised_h'], 'h/week')} vs free play "
                 f"{fmt.hours(row['free_play_h'], 'h/week')} {span} ({row['free_play_source']})")
        if np.isinf(row["ratio"]):
            return (f"No free play reported: {hours}; guideline at most "
                    f"{fmt.one_dp(limit)} : 1 (limit {note}).")
        if np.isnan(row["ratio"]):
            return f"No organised sport {span}; nothing to compare with free play."
        relation = "above" if lvl == Level.AMBER else "within"
        return (f"Organised : free play {fmt.one_dp(row['ratio'])} : 1, {relation} "
                f"{fmt.one_dp(limit)} : 1 — {hours} (limit {note}).")

    return Outcome(level, numbers, explain)


# --- Y3 -------------------------------------------------------------------------------------


@rule("Y3", "Y", "Days without organised sport", thresholds=("youth.min_rest_days_per_7",))
def y3_rest_days(ctx: Context) -> Outcome:
    """Days without organised sport in the last 7: below the minimum → amber, at it → info."""
    minimum = int(ctx.config.get("youth.min_rest_days_per_7"))
    n = len(ctx)
    if ctx.weekly_data:
        rest = _weekly_rest_days(ctx)
        given = np.bincount(ctx.code, weights=np.isfinite(rest), minlength=len(ctx.athletes))
        if not (given > 0).any():
            return _not_applicable(ctx, "Rest days need daily sessions or reported rest days "
                                        "per week (weekly totals without rest days given).")
        applicable = (given > 0)[ctx.code]
    else:
        metrics = ctx.channel(Channel.MINUTES)
        if metrics is None:
            metrics = ctx.channel(Channel.SRPE)
        if metrics is None:
            return _not_applicable(ctx, NEEDS_MINUTES)
        values = metrics[Col.VALUE].to_numpy(float)
        rest = trailing_count(values == 0, ctx.pos, WEEK_DAYS).astype(float)
        rest[trailing_count(np.isnan(values), ctx.pos, WEEK_DAYS) != 0] = np.nan
        applicable = np.ones(n, dtype=bool)
    level = grade_levels(np.isfinite(rest), (rest < minimum, Level.AMBER),
                         (rest == minimum, Level.INFO), missing=Level.INSUFFICIENT_DATA)
    level[~applicable] = int(Level.NOT_APPLICABLE)
    numbers = pd.DataFrame({"rest_days": rest})
    span = "this week (reported)" if ctx.weekly_data else "in the last 7 days"

    def explain(row: pd.Series, lvl: Level) -> str:
        if lvl == Level.NOT_APPLICABLE:
            return "Rest days not judged: this athlete's weekly totals give no rest days."
        if lvl == Level.INSUFFICIENT_DATA:
            return ("Rest days not judged: needs the last 7 days recorded." if not
                    ctx.weekly_data else "Rest days not judged: no rest days reported this week.")
        days = int(row["rest_days"])
        noun = "day" if days == 1 else "days"
        advice = ("guideline 1–2 days off organised sport per week; minimum "
                  f"{cite(ctx.config, 'youth.min_rest_days_per_7', fmt.whole(minimum))}")
        if lvl == Level.AMBER:
            return (f"{days} {noun} without organised sport {span} ({advice}); plan a day "
                    "off.")
        return f"{days} {noun} without organised sport {span} ({advice})."

    return Outcome(level, numbers, explain)


# --- Y4 -------------------------------------------------------------------------------------


def _month_bounds(ctx: Context) -> list[int]:
    """Row offsets splitting the last 12 months into 12 equal-ish blocks (0 … year)."""
    year = _year(ctx)
    return [round(k * year / MONTHS) for k in range(MONTHS + 1)]


@rule("Y4", "Y", "Months in the main sport / specialisation",
      thresholds=("youth.months_in_main_sport_max",))
def y4_specialisation(ctx: Context) -> Outcome:
    """> 8 of the last 12 months with sessions in the main sport, or high specialisation."""
    limit = int(ctx.config.get("youth.months_in_main_sport_max"))
    sport = _SportDays(ctx)
    items = [_roster_flag(ctx, c) for c in (RosterCol.SPEC_MAIN_SPORT,
                                            RosterCol.SPEC_QUIT_OTHERS,
                                            RosterCol.SPEC_OVER_8_MONTHS)]
    answered = np.logical_and.reduce([known for known, _ in items])
    yes = np.sum([known & true for known, true in items], axis=0)
    high = answered & (yes == len(items))
    bounds = _month_bounds(ctx)
    surely = np.zeros(len(ctx), dtype=np.int64)
    maybe = np.zeros(len(ctx), dtype=np.int64)
    unknown = np.zeros(len(ctx), dtype=np.int64)
    for start, stop in zip(bounds[:-1], bounds[1:], strict=True):  # the 12 months
        in_sport = trailing_count(sport.main, ctx.pos, stop - start, lag=start) > 0
        unsure = trailing_count(sport.unknown, ctx.pos, stop - start, lag=start)
        surely += in_sport
        maybe += in_sport | (unsure > 0)
        unknown += np.maximum(unsure, 0)
    covered = ctx.pos >= bounds[-1] - 1
    log_ok = sport.judged
    level = grade_levels(covered & ((surely > limit) | (maybe <= limit)),
                         (surely > limit, Level.INFO), missing=Level.INSUFFICIENT_DATA)
    level[~log_ok] = int(Level.NOT_APPLICABLE)
    by_questionnaire = answered & np.isin(level, (Level.NOT_APPLICABLE, Level.INSUFFICIENT_DATA))
    level[by_questionnaire] = int(Level.GREEN)
    level[high] = int(Level.INFO)
    numbers = pd.DataFrame({
        "months": np.where(covered, surely, -1), "months_max": np.where(covered, maybe, -1),
        "unknown_days": unknown, "sport": sport.main_sport, "log_reason": sport.reason,
        "scale_yes": np.where(answered, yes, -1), "scale_high": high,
        "by_questionnaire": by_questionnaire, "periods": ctx.pos + 1,
    })
    unit = "weeks" if ctx.weekly_data else "days"
    note = cite(ctx.config, "youth.months_in_main_sport_max", fmt.whole(limit))

    def explain(row: pd.Series, lvl: Level) -> str:
        return _y4_text(row, lvl, limit, note, _year(ctx), unit)

    return Outcome(level, numbers, explain)


def _y4_text(row: pd.Series, lvl: Level, limit: int, limit_note: str, year: int, unit: str
             ) -> str:
    parts = []
    if row["months"] >= 0 and row["months"] == row["months_max"]:
        relation = "more than" if row["months"] > limit else "not more than"
        parts.append(f"sessions in {row['sport']} in {fmt.whole(row['months'])} of the last 12 "
                     f"months ({relation} {limit_note})")
    elif row["months"] > limit:
        parts.append(f"sessions in {row['sport']} in at least {fmt.whole(row['months'])} of "
                     f"the last 12 months (more than {limit_note})")
    if row["scale_yes"] >= 0:
        band = "high" if row["scale_high"] else "moderate" if row["scale_yes"] == 2 else "low"
        parts.append(f"specialisation scale {band} ({fmt.whole(row['scale_yes'])} of 3 yes; "
                     "Jayanthi et al. 2015)")
    if lvl == Level.NOT_APPLICABLE:
        return (f"Specialisation not judged: {row['log_reason']}, or the three specialisation "
                "questions in the roster.")
    if lvl == Level.INSUFFICIENT_DATA:
        if row["log_reason"]:
            return f"Months in the main sport not judged: {row['log_reason']}."
        if row["months"] >= 0:
            return (f"Months in {row['sport']} not judged: {fmt.whole(row['unknown_days'])} days "
                    f"not recorded in the last 12 months (sessions in at least "
                    f"{fmt.whole(row['months'])}, at most {fmt.whole(row['months_max'])} months).")
        return (f"Months in {row['sport']} not judged: needs 12 months of logs ({year} {unit}; "
                f"has {fmt.whole(row['periods'])}).")
    text = "; ".join(parts) if parts else "no specialisation noted"
    if lvl == Level.INFO:
        return (f"Early specialisation: {text}. Consider time in other sports and planned "
                "breaks from the main sport.")
    if row["by_questionnaire"] and row["log_reason"] == "":
        text += " (months in the main sport need 12 months of logs)"
    return text[0].upper() + text[1:] + "."


# --- Y5 -------------------------------------------------------------------------------------


@rule("Y5", "Y", "Time away from the main sport",
      thresholds=("youth.min_days_off_main_sport_per_year",))
def y5_time_away(ctx: Context) -> Outcome:
    """< 60 days away from the main sport in the last 12 months → info (AAP)."""
    minimum = int(ctx.config.get("youth.min_days_off_main_sport_per_year"))
    sport = _SportDays(ctx)
    year = _year(ctx)
    away = trailing_count(sport.away, ctx.pos, year).astype(float)
    unknown = trailing_count(sport.unknown, ctx.pos, year).astype(float)
    covered = ctx.pos >= year - 1
    away[~covered] = np.nan
    unknown[~covered] = np.nan
    surely_few = away + unknown < minimum
    enough = away >= minimum
    level = grade_levels(surely_few | enough, (surely_few, Level.INFO),
                         missing=Level.INSUFFICIENT_DATA)
    level[~sport.judged] = int(Level.NOT_APPLICABLE)
    numbers = pd.DataFrame({"days_away": away, "unknown_days": unknown,
                            "sport": sport.main_sport, "log_reason": sport.reason,
                            "periods": ctx.pos + 1})
    unit = "weeks" if ctx.weekly_data else "days"
    weekly_note = (" (weekly totals: whole weeks without it plus reported rest days)"
                   if ctx.weekly_data else "")
    least = cite(ctx.config, "youth.min_days_off_main_sport_per_year", fmt.whole(minimum))

    def explain(row: pd.Series, lvl: Level) -> str:
        if lvl == Level.NOT_APPLICABLE:
            return f"Time away from the main sport not judged: {row['log_reason']}."
        if lvl == Level.INSUFFICIENT_DATA:
            if np.isfinite(row["days_away"]):
                return (f"Time away from {row['sport']} not judged: "
                        f"{fmt.whole(row['days_away'])} days away and "
                        f"{fmt.whole(row['unknown_days'])} days not recorded in the last 12 "
                        f"months (guideline at least {least}).")
            return (f"Time away from {row['sport']} not judged: needs 12 months of logs "
                    f"({year} {unit}; has {fmt.whole(row['periods'])}).")
        relation = "fewer than" if lvl == Level.INFO else "at least"
        return (f"{fmt.whole(row['days_away'])} days away from {row['sport']} in the last 12 "
                f"months{weekly_note}, {relation} {least} (guideline 2–3 months a year away from "
                "the main sport).")

    return Outcome(level, numbers, explain)


# --- M1 -------------------------------------------------------------------------------------


def _measurements(ctx: Context) -> pd.DataFrame:
    """Growth measurements of the grid's athletes: code, day, height, sitting height, mass;
    same-day repeats averaged, sorted by day."""
    g = ctx.growth
    needed = (GrowthCol.ATHLETE, GrowthCol.DATE, GrowthCol.HEIGHT)
    if g is None or g.empty or any(c not in g.columns for c in needed):
        return pd.DataFrame(columns=["code", "day", "height", "sitting", "mass"])

    def column(name: str) -> np.ndarray:
        if name not in g.columns:
            return np.full(len(g), np.nan)
        return pd.to_numeric(g[name], errors="coerce").to_numpy(dtype=float, na_value=np.nan)

    dates = pd.to_datetime(g[GrowthCol.DATE])
    table = pd.DataFrame({
        "code": ctx.athletes.get_indexer(g[GrowthCol.ATHLETE].astype(object)).astype(np.int64),
        "day": to_days(dates.fillna(pd.Timestamp(0))), "dated": dates.notna().to_numpy(),
        "height": column(GrowthCol.HEIGHT), "sitting": column(GrowthCol.SITTING_HEIGHT),
        "mass": column(GrowthCol.MASS),
    })
    table = table[(table["code"] >= 0) & table["dated"] & np.isfinite(table["height"])]
    table = table.drop(columns="dated").groupby(["code", "day"], as_index=False).mean()
    return table.sort_values("day", kind="stable").reset_index(drop=True)


def _velocities(m: pd.DataFrame, min_days: int) -> pd.DataFrame:
    """For each measurement, the velocity since the most recent one ≥ min_days earlier."""
    earlier = m[["code", "day", "height"]].rename(columns={"day": "day_from",
                                                           "height": "height_from"})
    keyed = m.assign(key=m["day"] - min_days).sort_values("key", kind="stable")
    paired = pd.merge_asof(keyed, earlier, left_on="key", right_on="day_from", by="code",
                           direction="backward")
    years = (paired["day"] - paired["day_from"]) / DAYS_PER_YEAR
    paired["velocity"] = (paired["height"] - paired["height_from"]) / years
    return paired.drop(columns="key").sort_values("day", kind="stable").reset_index(drop=True)


def _offsets(ctx: Context, m: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Maturity offset at each measurement (Mirwald with sitting height and mass, else Moore)
    and the method (index into _METHODS, −1 for none); NaN without sex or birth date."""
    n = len(m)
    if n == 0:
        return np.full(0, np.nan), np.full(0, -1)
    code = m["code"].to_numpy()
    birth = _roster_column(ctx, RosterCol.BIRTH_DATE)
    birth_day = pd.to_datetime(birth.to_numpy()[code])
    age = (m["day"].to_numpy() - to_days(pd.Series(birth_day).fillna(pd.Timestamp(0)))) \
        / DAYS_PER_YEAR
    age = np.where(pd.isna(birth_day) | (age <= 0), np.nan, age)
    sex = _roster_column(ctx, RosterCol.SEX).astype(object).to_numpy()[code]
    sex = np.where(pd.isna(sex), None, sex)
    height = m["height"].to_numpy(float)
    sitting = m["sitting"].to_numpy(float)
    sitting = np.where(sitting < height, sitting, np.nan)
    mass = m["mass"].to_numpy(float)
    mirwald = np.asarray(maturity_offset_mirwald(sex, age, height, sitting, mass), dtype=float)
    moore = np.asarray(maturity_offset_moore(sex, age, height, sitting), dtype=float)
    use_mirwald = np.isfinite(mirwald)
    offset = np.where(use_mirwald, mirwald, moore)
    method = np.where(use_mirwald, 0, np.where(np.isfinite(moore), 1, -1))
    return offset, method


@rule("M1", "M", "Growth window", modifier="growth_window",
      thresholds=("growth.offset_window", "growth.rapid_growth_cm_per_year",
                  "growth.min_interval_days"))
def m1_growth_window(ctx: Context) -> Outcome:
    """Measured growth ≥ 7.2 cm/year, or an estimated maturity offset in [−1.0, +1.5] years."""
    c = ctx.config
    low, high = (float(v) for v in c.get("growth.offset_window"))
    rapid = float(c.get("growth.rapid_growth_cm_per_year"))
    min_days = int(c.get("growth.min_interval_days"))
    rapid_text = threshold_text(c, "growth.rapid_growth_cm_per_year", setting(rapid))
    m = _measurements(ctx)
    if m.empty:
        return _not_applicable(ctx, "Growth window not judged: no growth measurements.")
    m = _velocities(m, min_days)
    m["offset"], m["method"] = _offsets(ctx, m)
    grid = pd.DataFrame({"code": ctx.code.astype(np.int64), "day": _last_day(ctx),
                         "row": np.arange(len(ctx))}).sort_values("day", kind="stable")
    latest = m.rename(columns={"day": "measured"})
    on_grid = pd.merge_asof(grid, latest, left_on="day", right_on="measured", by="code",
                            direction="backward").sort_values("row").reset_index(drop=True)
    velocity = on_grid["velocity"].to_numpy(float)
    offset = np.where(np.isnan(velocity), on_grid["offset"].to_numpy(float), np.nan)
    active = np.asarray(in_growth_window(offset, velocity, offset_window=(low, high),
                                         rapid_cm_per_year=rapid, decimals=GROWTH_DP), bool)
    measured = on_grid["measured"].notna().to_numpy()
    evaluable = np.isfinite(velocity) | np.isfinite(offset)
    level = grade_levels(evaluable, (active, Level.INFO), missing=Level.INSUFFICIENT_DATA)
    has_growth = np.bincount(m["code"], minlength=len(ctx.athletes)) > 0
    level[~has_growth[ctx.code]] = int(Level.NOT_APPLICABLE)

    def dates(column: str) -> pd.Series:
        return pd.to_datetime(on_grid[column].to_numpy(float).astype("datetime64[D]")
                              .astype("datetime64[ns]"))

    numbers = pd.DataFrame({
        "velocity": round_half_up(velocity, GROWTH_DP), "velocity_raw": velocity,
        "date_from": dates("day_from"), "date_to": dates("measured"),
        "height_from": on_grid["height_from"].to_numpy(float),
        "height_to": on_grid["height"].to_numpy(float),
        "offset": round_half_up(offset, GROWTH_DP), "offset_raw": offset,
        "method": _labels(on_grid["method"].fillna(-1).to_numpy(), _METHODS), "measured": measured,
    })

    def explain(row: pd.Series, lvl: Level) -> str:
        return _m1_text(row, lvl, low, high, rapid_text, min_days)

    return Outcome(level, numbers, explain, modifier=level == int(Level.INFO))


def _signed(value: float, dp: int) -> str:
    """A signed offset: +0.40, −1.0 (the vocabulary's rounding, with an explicit plus)."""
    text = fmt.ratio(value, dp)
    return text if text.startswith("-") or text == fmt.MISSING else "+" + text


def _m1_text(row: pd.Series, lvl: Level, low: float, high: float, rapid: str,
             min_days: int) -> str:
    if lvl == Level.NOT_APPLICABLE:
        return "Growth window not judged: no growth measurements."
    if lvl == Level.INSUFFICIENT_DATA:
        if not row["measured"]:
            return "Growth window not judged yet: no growth measurement on or before this day."
        return (f"Growth window not judged: no measurement at least {fmt.whole(min_days)} days "
                f"before the one of {row['date_to']:%Y-%m-%d}, and the maturity estimate needs sex "
                "and birth date in the roster.")
    if np.isfinite(row["velocity"]):
        span = (f"{fmt.ratio(row['velocity'])} cm/year between {row['date_from']:%Y-%m-%d} and "
                f"{row['date_to']:%Y-%m-%d}")
        if lvl == Level.INFO:
            return f"Growth spurt: {span} (≥ {rapid} cm/year); load increases weigh more."
        return f"Growth {span} (< {rapid} cm/year): not in the growth window."
    estimate = (f"estimated maturity offset {_signed(row['offset'], GROWTH_DP)} years from peak "
                f"height velocity ({row['method']}, measurement of {row['date_to']:%Y-%m-%d}; an "
                "estimate, about ± 0.6 years)")
    window = f"{_signed(low, 1)} to {_signed(high, 1)} years"
    if lvl == Level.INFO:
        return f"Growth window: {estimate}, inside {window}; load increases weigh more."
    return f"Not in the growth window: {estimate}, outside {window}."


# --- M3 -------------------------------------------------------------------------------------


@rule("M3", "M", "Previous lumbar bone stress injury", modifier="prior_lbsi", thresholds=(),
      clinical=HISTORY)
def m3_prior_lbsi(ctx: Context) -> Outcome:
    """A previous lumbar bone stress injury recorded by a clinician → info + modifier."""
    known, prior = _roster_flag(ctx, RosterCol.PRIOR_LUMBAR_BSI)
    when = pd.to_datetime(pd.Series(ctx.per_row(RosterCol.PRIOR_LUMBAR_BSI_DATE)))
    since = np.where(when.isna(), np.iinfo(np.int64).min,
                     to_days(when.fillna(pd.Timestamp(0))))
    active = prior & (_last_day(ctx) >= since)
    level = np.where(active, int(Level.INFO), int(Level.GREEN)).astype(np.int8)
    level[~known] = int(Level.NOT_APPLICABLE)
    numbers = pd.DataFrame({"recorded": prior, "date": when.to_numpy()})

    def explain(row: pd.Series, lvl: Level) -> str:
        if lvl == Level.NOT_APPLICABLE:
            return ("Injury history not given: the roster does not say whether a clinician "
                    "recorded a previous lumbar bone stress injury.")
        dated = f" ({row['date']:%Y-%m})" if pd.notna(row["date"]) else ""
        if lvl == Level.INFO:
            return (f"Previous lumbar bone stress injury recorded by a clinician{dated}: load "
                    "increases weigh more; keep them gradual and discuss the plan with the "
                    "physiotherapist.")
        if row["recorded"]:
            return (f"Previous lumbar bone stress injury recorded by a clinician{dated}, after "
                    "this period.")
        return "No previous lumbar bone stress injury recorded by a clinician."

    return Outcome(level, numbers, explain, modifier=active & known)
