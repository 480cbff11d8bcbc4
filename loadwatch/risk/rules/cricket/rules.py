"""The registered cricket fast-bowling rules C1–C7 and their texts (spec §9.1, §10.2, §10.4;
E2 governing-body guidance).

Each rule reads its limit from the team's pack (:mod:`.limits`, :mod:`.packs`) and the
bowling per athlete-day (:mod:`.days`), and is evaluated for every grid row at once. A rule
that cannot be decided because of unrecorded days is ``insufficient_data`` (never green).
Every number in a text goes through :mod:`loadwatch.vocab`; a pack the team chose is cited as
the team's setting (Config.setting_note). Decision support, not diagnosis: texts say
"review"/"consider"; limits describe workload guidance, never an athlete's injury.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from loadwatch import vocab as fmt
from loadwatch.risk.context import Context
from loadwatch.risk.rules.base import Level, Outcome, grade_levels, rule
from loadwatch.risk.rules.cricket.days import BALLS_PER_OVER, days, overs_text
from loadwatch.risk.rules.cricket.limits import Limits, daily_context, limits, outcome
from loadwatch.risk.rules.cricket.packs import (
    BLOCK,
    CONSECUTIVE,
    DAYS,
    MATCH,
    PACK_KEY,
    PRESEASON,
    WEEKLY,
)
from loadwatch.risk.rules.cricket.roles import athletes
from loadwatch.schema import Channel, Col
from loadwatch.series.ratios import shift
from loadwatch.series.windows import (
    last_true,
    next_true,
    run_length,
    trailing_count,
    trailing_sum,
)

THRESHOLDS = (PACK_KEY,)


def _day(value: Any) -> str:
    """A grid date as texts show it: 2024-01-06."""
    return f"{pd.Timestamp(value):%Y-%m-%d}"


def _cited(lim: Limits, row: pd.Series) -> str:
    """'U15, Cricket Australia': the row's group, the youngest-group note, the table's body
    and, for a pack the team chose, that it is the team's setting."""
    return f"{row['group']}{lim.youngest_note(row)}, {lim.body}{lim.pack_note}"


def _bad(ctx: Context, row: pd.Series) -> str:
    """" ('four and two' is not overs per spell)" for an unreadable spells text, else ''."""
    if not np.isfinite(row.get("bad_text", np.nan)):
        return ""
    text = ctx.log[Col.SPELLS].iloc[int(row["bad_text"])]
    return f" ('{text}' is not overs per spell)"


@rule("C1", "C", "Overs per match spell", daily_only=True, thresholds=THRESHOLDS)
def c1_match_spell(ctx: Context) -> Outcome:
    """Overs in any match spell > the age group's maximum (CA 2019/20; ECB directives)."""
    prepared = daily_context(ctx, MATCH)
    if isinstance(prepared, Outcome):
        return prepared
    lim, d = prepared
    limit = lim.value("spell")
    spell = d.match_spell
    over = np.nan_to_num(spell, nan=-1.0) > limit * BALLS_PER_OVER
    match_bowl = d.match & d.bowl
    evaluable = d.known & ~(match_bowl & d.match_unknown)
    level = grade_levels(evaluable, (over, Level.AMBER), missing=Level.INSUFFICIENT_DATA)
    numbers = {"date": ctx.dates, "longest_spell_balls": spell, "limit_overs": limit,
               "match_bowling": match_bowl, "bad_text": d.bad_text}

    def judged(row: pd.Series, lvl: Level) -> str:
        day = _day(row["date"])
        limit_text = f"limit {fmt.whole(row['limit_overs'])} overs per spell for {_cited(lim, row)}"
        if lvl == Level.INSUFFICIENT_DATA:
            if not row["match_bowling"]:
                return f"Nothing recorded on {day}."
            return (f"Match bowling on {day} without readable spells{_bad(ctx, row)}: "
                    f"log overs per spell, e.g. 4,3 ({limit_text}).")
        if lvl == Level.AMBER:
            return (f"{overs_text(row['longest_spell_balls'])}-over spell in the match on {day} "
                    f"({limit_text}). Review the bowling plan with the coach.")
        if not row["match_bowling"]:
            return f"No match bowling on {day} ({limit_text})."
        return (f"Longest match spell {overs_text(row['longest_spell_balls'])} overs on {day} "
                f"({limit_text}).")

    return outcome(lim, level, numbers, judged)


@rule("C2", "C", "Overs in a day", daily_only=True, thresholds=THRESHOLDS)
def c2_day_overs(ctx: Context) -> Outcome:
    """Overs in a day > the age group's match-day maximum (CA 2019/20; ECB directives).

    All spells of the day count, match and training; on a day without a match the text says
    that the comparison is with the match-day maximum."""
    prepared = daily_context(ctx, MATCH)
    if isinstance(prepared, Outcome):
        return prepared
    lim, d = prepared
    limit = lim.value("day")
    over = d.overs > limit * BALLS_PER_OVER
    evaluable = d.known & ~(d.bowl & d.overs_unknown)
    level = grade_levels(evaluable, (over, Level.AMBER), missing=Level.INSUFFICIENT_DATA)
    numbers = {"date": ctx.dates, "overs_balls": d.overs, "limit_overs": limit,
               "match_day": d.match, "bowling": d.bowl, "bad_text": d.bad_text}

    def judged(row: pd.Series, lvl: Level) -> str:
        day = _day(row["date"])
        limit_text = (f"limit {fmt.whole(row['limit_overs'])} overs per match day for "
                      f"{_cited(lim, row)}")
        what = "a match day" if row["match_day"] else "a day without a match"
        if lvl == Level.INSUFFICIENT_DATA:
            if not row["bowling"]:
                return f"Nothing recorded on {day}."
            return (f"Bowling on {day} without readable spells{_bad(ctx, row)}: overs for the "
                    f"day unknown ({limit_text}).")
        overs = overs_text(row["overs_balls"])
        if lvl == Level.AMBER:
            return (f"{overs} overs on {day}, {what} ({limit_text}). Review the bowling plan "
                    "with the coach.")
        if not row["bowling"]:
            return f"No bowling on {day} ({limit_text})."
        return f"{overs} overs on {day}, {what} ({limit_text})."

    return outcome(lim, level, numbers, judged)


@rule("C3", "C", "Bowling days in 7 days", daily_only=True, thresholds=THRESHOLDS)
def c3_bowling_days(ctx: Context) -> Outcome:
    """Bowling days in any 7-day window > max (CA: 3 for U13–U17, 4 for U19; ECB guidance 4)."""
    prepared = daily_context(ctx, DAYS)
    if isinstance(prepared, Outcome):
        return prepared
    lim, d = prepared
    width = int(lim.table.settings.get("window_days", 7)) if lim.table else 7
    limit = lim.value("max_days")
    count = trailing_count(d.bowl, ctx.pos, width, partial=True)
    unknown = width - trailing_count(d.known, ctx.pos, width, partial=True)
    over = count > limit
    level = grade_levels(count + unknown <= limit, (over, Level.AMBER),
                         missing=Level.INSUFFICIENT_DATA)
    level[over] = int(Level.AMBER)
    numbers = {"date": ctx.dates, "bowling_days": count, "unknown_days": unknown,
               "limit_days": limit, "window_days": np.full(len(ctx), width)}

    def judged(row: pd.Series, lvl: Level) -> str:
        limit_text = f"limit {fmt.whole(row['limit_days'])} for {_cited(lim, row)}"
        core = (f"{fmt.whole(row['bowling_days'])} bowling days in the {fmt.whole(width)} days "
                f"to {_day(row['date'])} ({limit_text}).")
        if lvl == Level.AMBER:
            return core + " Review the bowling plan; spread bowling days with days off between."
        if lvl == Level.INSUFFICIENT_DATA:
            return core + f" {fmt.whole(row['unknown_days'])} of those days not recorded."
        return core

    return outcome(lim, level, numbers, judged)


def _c4_text(lim: Limits, row: pd.Series, lvl: Level) -> str:
    """C4's explanation of one row."""
    k, day = int(row["days_in_a_row"]), _day(row["date"])
    if row["limit_in_a_row"] <= 1:
        rule_text = ("at least 1 day off between bowling days; consecutive match days only "
                     "when fixtures force it")
    else:
        rule_text = f"no more than {fmt.whole(row['limit_in_a_row'])} bowling days in a row"
    limit_text = (f"{lim.body} for {row['group']}{lim.youngest_note(row)}: {rule_text}"
                  f"{lim.pack_note}")
    if lvl == Level.AMBER:
        return (f"{fmt.whole(k)} bowling days in a row ({_day(row['first_day'])} to {day}); "
                f"{limit_text}. Review the bowling plan.")
    if lvl == Level.INSUFFICIENT_DATA:
        if k == 0:
            return f"Nothing recorded on {day}."
        return f"Bowling on {day}; the day before is not recorded ({limit_text})."
    if k == 0:
        return f"No bowling on {day} ({limit_text})."
    return (f"{fmt.whole(k)} bowling day{'s' if k > 1 else ''} in a row to {day} "
            f"({limit_text}).")


@rule("C4", "C", "Consecutive bowling days", daily_only=True, thresholds=THRESHOLDS)
def c4_consecutive(ctx: Context) -> Outcome:
    """Bowling days in a row: U13–U17 any two (unless both are match days), U19 more than two
    (CA 2019/20). Not checked with the ECB pack (unverified wording, spec §13)."""
    prepared = daily_context(ctx, CONSECUTIVE)
    if isinstance(prepared, Outcome):
        return prepared
    lim, d = prepared
    pos = ctx.pos
    most = lim.value("max_in_a_row")
    exempt = lim.value("match_days_exempt") == 1
    prev_bowl = (shift(d.bowl.astype(float), 1) == 1) & (pos >= 1)
    prev_match = (shift(d.match.astype(float), 1) == 1) & (pos >= 1)
    link = d.bowl & prev_bowl & ~(exempt & d.match & prev_match)
    in_a_row = np.where(d.bowl, run_length(link, pos) + 1, 0)
    over = in_a_row > most
    first = np.arange(len(ctx)) - np.maximum(in_a_row - 1, 0)
    before = first - 1
    before_known = (pos - (in_a_row - 1) >= 1) & d.known[np.maximum(before, 0)]
    # a run at or under the limit may continue into an unknown day before it
    evaluable = d.known & (~d.bowl | before_known)
    level = grade_levels(evaluable, (over, Level.AMBER), missing=Level.INSUFFICIENT_DATA)
    level[over] = int(Level.AMBER)
    dates = ctx.dates
    numbers = {"date": dates, "days_in_a_row": in_a_row, "first_day": dates[first],
               "limit_in_a_row": most, "match_days_exempt": exempt}
    return outcome(lim, level, numbers, lambda row, lvl: _c4_text(lim, row, lvl))


def _weekly_deliveries(ctx: Context, lim: Limits) -> tuple[np.ndarray, np.ndarray]:
    """Deliveries in the week (weekly totals) or the 7 days to each row (daily log), and the
    days of that span without a recorded value; rows without any deliveries are marked."""
    n = len(ctx)
    if ctx.weekly_data:
        metrics = ctx.channel(Channel.DELIVERIES)
        if metrics is None:
            lim.status[lim.checked] = "no_deliveries"
            total = np.full(n, np.nan)
        else:
            total = metrics[Col.WEEKLY_LOAD].to_numpy(float)
        return np.nan_to_num(total), np.where(np.isfinite(total), 0, 7)
    if Col.DELIVERIES not in ctx.log.columns or ctx.log[Col.DELIVERIES].isna().all():
        lim.status[lim.checked] = "no_deliveries"
    d = days(ctx)
    counted = d.known & ~d.deliveries_unknown
    total = trailing_sum(np.where(counted, d.deliveries, 0.0), ctx.pos, 7, partial=True)
    return total, 7 - trailing_count(counted, ctx.pos, 7, partial=True)


@rule("C5", "C", "Weekly deliveries", thresholds=THRESHOLDS)
def c5_weekly_deliveries(ctx: Context) -> Outcome:
    """Deliveries in 7 days (daily data) or in the week (weekly totals) > the older CA Junior
    Cricket Policy cap 108/132/204/246 (U13/U15/U17/U19; via Dennis et al. 2005)."""
    lim = limits(ctx, athletes(ctx), WEEKLY)
    cap = lim.value("max_week")
    total, unknown = _weekly_deliveries(ctx, lim)
    over = total > cap
    level = grade_levels(unknown == 0, (over, Level.AMBER), missing=Level.INSUFFICIENT_DATA)
    level[over] = int(Level.AMBER)
    numbers = {"date": ctx.dates, "deliveries": total, "unknown_days": unknown, "cap": cap}
    span = "in the week of" if ctx.weekly_data else "in the 7 days to"

    def judged(row: pd.Series, lvl: Level) -> str:
        cap_text = (f"cap {fmt.reps(row['cap'], unit='')} for {row['group']}"
                    f"{lim.youngest_note(row)}, {lim.body} as tabulated by Dennis et al. 2005"
                    f"{lim.pack_note}")
        day = _day(row["date"])
        delivered = fmt.reps(row["deliveries"], unit="deliveries")
        if lvl == Level.INSUFFICIENT_DATA:
            if ctx.weekly_data:
                return f"No deliveries recorded for the week of {day} ({cap_text})."
            return (f"{delivered} on the recorded days of the 7 days to {day}; "
                    f"{fmt.whole(row['unknown_days'])} of those days not recorded, so not "
                    f"judged ({cap_text}).")
        core = f"{delivered} {span} {day} ({cap_text})."
        if lvl == Level.AMBER:
            return core + " Review the week's bowling volume."
        return core

    return outcome(lim, level, numbers, judged)


@rule("C6", "C", "Weeks of bowling without a break", daily_only=True, thresholds=THRESHOLDS)
def c6_bowling_block(ctx: Context) -> Outcome:
    """More than 12 weeks of bowling without a break of ≥ 5 days → info (CA 2019/20, 2023)."""
    prepared = daily_context(ctx, BLOCK)
    if isinstance(prepared, Outcome):
        return prepared
    lim, d = prepared
    settings = lim.table.settings if lim.table else {}
    max_weeks = int(settings.get("max_weeks", 12))
    break_days = int(settings.get("break_days", 5))
    pos = ctx.pos
    idx = np.arange(len(ctx))
    # unrecorded days may have been a break: the stretch is a lower bound, never a guess
    resting = run_length(~d.bowl, pos)
    last_break = last_true(resting >= break_days, pos)
    start = next_true(d.bowl)[np.where(last_break >= 0, last_break + 1, idx - pos)]
    in_stretch = (resting < break_days) & (start <= idx)
    length = np.where(in_stretch, idx - start + 1, 0)
    long = length > max_weeks * 7
    unseen = in_stretch & (last_break < 0)
    level = grade_levels(~(unseen & ~long), (long, Level.INFO), missing=Level.INSUFFICIENT_DATA)
    dates = ctx.dates
    numbers = {"date": dates, "stretch_days": length,
               "stretch_start": dates[np.minimum(start, len(ctx) - 1)],
               "max_weeks": max_weeks, "break_days": break_days, "resting_days": resting}
    guide = (f"{lim.body}: a week off bowling after every 10–12 weeks; a break is "
             f"{fmt.whole(break_days)} or more days without bowling{lim.pack_note}")

    def judged(row: pd.Series, lvl: Level) -> str:
        day, since = _day(row["date"]), _day(row["stretch_start"])
        weeks = fmt.one_dp(row["stretch_days"] / 7)
        if lvl == Level.INFO:
            return (f"Bowling for {weeks} weeks ({since} to {day}) without a break, more than "
                    f"{fmt.whole(max_weeks)} weeks ({guide}). Consider planning a week off "
                    "bowling.")
        if lvl == Level.INSUFFICIENT_DATA:
            return (f"Bowling since {since} ({weeks} weeks); the log does not show a break "
                    f"before that ({guide}).")
        if row["stretch_days"] == 0:
            return (f"No bowling recorded on {day} ({fmt.whole(row['resting_days'])} days "
                    "without bowling so far).")
        return f"Bowling for {weeks} weeks since the last break ({guide})."

    return outcome(lim, level, numbers, judged)


def _c7_text(lim: Limits, row: pd.Series, lvl: Level) -> str:
    """C7's explanation of one row."""
    day, since = _day(row["date"]), _day(row["season_start"])
    guide = (f"{lim.body}: {fmt.whole(row['weeks_needed'])} weeks of gradual pre-season "
             f"bowling for {row['group']}{lim.youngest_note(row)}{lim.pack_note}")
    weeks = fmt.one_dp(row["weeks_bowled"])
    if lvl == Level.INFO:
        return (f"Match bowling on {day} after {weeks} weeks of bowling since {since}, after "
                f"{fmt.whole(row['off_season_days'])}+ days without bowling ({guide}). "
                "Consider a graded build-up before more match bowling.")
    if lvl == Level.INSUFFICIENT_DATA:
        if not row["match_bowling"]:
            return f"Nothing recorded on {day}."
        return (f"Match bowling on {day} after {weeks} weeks of recorded bowling since "
                f"{since}; the log does not show whether bowling started earlier ({guide}).")
    if not row["match_bowling"]:
        return f"No match bowling on {day}."
    return f"Match bowling on {day} after {weeks} weeks of bowling since {since} ({guide})."


@rule("C7", "C", "Pre-season bowling before matches", daily_only=True, thresholds=THRESHOLDS)
def c7_preseason(ctx: Context) -> Outcome:
    """Match bowling after < 2/4/6/8 weeks (U13/U15/U17/U19) of pre-season bowling → info.

    A season's bowling starts on the first bowling day after an off-season: a run of at least
    `off_season_days` (28, a loadwatch convention, E3) days without bowling. Info only when
    that off-season is fully recorded (otherwise the bowling may have started earlier);
    green when the bowler has bowled for the recommended weeks even counting every
    unrecorded run as a possible off-season."""
    prepared = daily_context(ctx, PRESEASON)
    if isinstance(prepared, Outcome):
        return prepared
    lim, d = prepared
    settings = lim.table.settings if lim.table else {}
    off_days = int(settings.get("off_season_days", 28))
    weeks = lim.value("weeks")
    pos = ctx.pos
    idx = np.arange(len(ctx))
    athlete_start = idx - pos
    # latest possible off-season (unrecorded days may be part of it) and the bowling after it
    possible = last_true(run_length(~d.bowl, pos) >= off_days, pos)
    start = next_true(d.bowl)[np.where(possible >= 0, possible + 1, athlete_start)]
    start = np.minimum(start, idx)
    bowled_days = idx - start
    # was the off-season before `start` recorded as such (no unrecorded day in it)?
    quiet = run_length(d.known & ~d.bowl, pos)
    recorded_off = (start > athlete_start) & (quiet[np.maximum(start - 1, 0)] >= off_days)
    match_bowl = d.match & d.bowl
    enough = bowled_days >= weeks * 7
    short = match_bowl & ~enough & recorded_off
    evaluable = d.known & (~match_bowl | enough | recorded_off)
    level = grade_levels(evaluable, (short, Level.INFO), missing=Level.INSUFFICIENT_DATA)
    dates = ctx.dates
    numbers = {"date": dates, "match_bowling": match_bowl, "season_start": dates[start],
               "off_season_recorded": recorded_off, "weeks_bowled": bowled_days / 7,
               "weeks_needed": weeks, "off_season_days": np.full(len(ctx), off_days)}
    return outcome(lim, level, numbers, lambda row, lvl: _c7_text(lim, row, lvl))
