"""How results are shown: terminal tables, the flags CSV and the flags JSON.

Every number is written by :mod:`loadwatch.vocab`'s formatters (spec §4.9: ratios rounded half
up to 2 dp, AU whole), so the table shows the number the flag text under it cites. Every view
carries the decision-support sentence; texts use athlete ids, never names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from loadwatch.risk.advice import for_the_week
from loadwatch.risk.engine import Assessment, Out, jsonable
from loadwatch.risk.planner import PLAN_WEEK_COLUMNS, Plan
from loadwatch.risk.rules.base import REGISTRY, Level
from loadwatch.schema import AvailabilityCol
from loadwatch.series.calendar import week_label
from loadwatch.views.explain import Explanation, explain_week, grade_legend, team_note
from loadwatch.vocab import DISCLAIMER, MISSING, au, hours, ratio, reps

FLAGS_CSV_COLUMNS = (Out.ATHLETE, Out.WEEK, Out.LEVEL, Out.PRIMARY, Out.REASONS)


def flags_csv(table: pd.DataFrame, explained: Mapping[str, Explanation] | None = None,
              availability: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The flags table for CSV: athlete, week_start, level, primary_acwr, reasons, then one
    column per evaluated rule with its level; with `explained`, also `why` (red and
    referred) and `next_week` (the planner's sentence), as the terminal text says them; with
    `availability` (issue 17), the athlete's availability sentence (never a diagnosis)."""
    rules = [r.id for r in REGISTRY if r.id in table.columns]
    extra = [Out.LEVEL_DAY, Out.LOAD_LEVEL, Out.ESCALATION, Out.MODIFIERS]
    out = table[[*FLAGS_CSV_COLUMNS, *rules, *extra]]
    if availability is not None:
        out = out.assign(**{AvailabilityCol.AVAILABILITY: out[Out.ATHLETE].astype(str).map(
            availability).fillna("full")})
    if explained is None:
        return out
    athletes = out[Out.ATHLETE].astype(str)
    return out.assign(
        why=athletes.map(lambda a: explained[a].why if a in explained else ""),
        next_week=athletes.map(lambda a: explained[a].advice if a in explained else ""))


def flags_json(result: Assessment, week: pd.Timestamp | None,
               availability: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Full structured explanation: per athlete, every rule's level, numbers, thresholds,
    evidence grade and text, why (red and referred) and next week's plan sentence (and, with
    `availability`, its sentence); plus the configuration used. The CLI reads the user's own
    files, so clinical texts are kept."""
    start = week or result.latest_week()
    explained = explain_week(result, start, clinical=True)
    shown = {} if availability is None else {AvailabilityCol.AVAILABILITY: availability}
    return {
        "week_start": str(start.date()),
        "iso_week": week_label(start, result.ctx.config.week_start_day),
        "disclaimer": DISCLAIMER,
        "configuration": [{k: jsonable(v) for k, v in row.items()}
                          for row in result.ctx.config.thresholds_table()],
        "athletes": [
            {**athlete, **_explained_fields(explained.get(str(athlete.get(Out.ATHLETE)))),
             **{k: v.get(str(athlete.get(Out.ATHLETE)), "full") for k, v in shown.items()}}
            for athlete in result.week_detail(start)],
    }


def _explained_fields(explanation: Explanation | None) -> dict[str, str]:
    """`why` and `next_week` of one athlete for the JSON (empty when not explained)."""
    if explanation is None:
        return {"why": "", "next_week": ""}
    return {"why": explanation.why, "next_week": explanation.advice}


def format_flags(table: pd.DataFrame, explained: Mapping[str, Explanation] | None = None,
                 note: str = "") -> str:
    """A per-athlete table a coach reads on a terminal, worst first, then per flagged athlete:
    why (red and referred: the escalation's signs or the referral), what to do next week
    (the planner's sentence), then the reasons with their numbers. `note`: one line above the
    table (items no athlete can be judged on yet)."""
    if table.empty:
        return "No athletes in this week."
    order = {"refer_urgent": 0, "refer": 1, "red": 2, "amber": 3, "insufficient_data": 4,
             "green": 5}
    shown = table.assign(_order=table[Out.LEVEL].map(order)).sort_values(
        ["_order", Out.ATHLETE])
    week = pd.Timestamp(shown[Out.WEEK].iloc[0])
    lines = [f"loadwatch — week {week_label(week)} (from {week:%Y-%m-%d}), {len(shown)} athletes",
             ""]
    grid = pd.DataFrame({
        "athlete": shown[Out.ATHLETE].astype(str),
        "level": shown[Out.LEVEL].str.upper().str.replace("_", " "),
        "reached": pd.to_datetime(shown[Out.LEVEL_DAY]).dt.strftime("%a %d %b"),
        "ACWR": shown[Out.PRIMARY].map(ratio),
        "load context": shown[Out.LOAD_LEVEL].str.replace("_", " "),
        "modifiers": shown[Out.MODIFIERS].replace("", MISSING),
    })
    if note:
        lines.append(note)
    lines.append(grid.to_string(index=False))
    lines.append("")
    for _, row in shown.iterrows():  # one block per athlete: output formatting only
        lines.extend(_athlete_block(row, (explained or {}).get(str(row[Out.ATHLETE]))))
    lines += ["", grade_legend(), DISCLAIMER]
    return "\n".join(lines)


def _athlete_block(row: pd.Series, explained: Explanation | None) -> list[str]:
    """One athlete's lines under the flags table (none without reasons)."""
    reasons = (list(explained.numbers) if explained is not None
               else [r for r in str(row[Out.REASONS]).split(" | ") if r])
    if not reasons and (explained is None or not explained.why):
        return []
    lines = [f"{row[Out.ATHLETE]} — {row[Out.LEVEL_WORDS]}"]
    if explained is None:
        if row[Out.ESCALATION]:
            lines.append(f"  escalated: {row[Out.ESCALATION]}")
    else:
        if explained.why:
            lines.append(f"  why: {explained.why}")
        if explained.needs_action or explained.level == Level.AMBER:
            lines.append(f"  next week: {explained.advice}")
    return lines + [f"  • {reason}" for reason in reasons]


def format_week(result: Assessment, week: pd.Timestamp | None = None, *,
                clinical: bool = True) -> str:
    """:func:`format_flags` of a week with every red and referral explained (why, what to
    do, the numbers) and the team-wide note (the CLI reads the user's own files: clinical)."""
    start = week or result.latest_week()
    return format_flags(result.week(start), explain_week(result, start, clinical=clinical),
                        team_note(result, start))


def format_levels(shares: pd.DataFrame) -> str:
    """The alarm budget a coach reads under the flags (issue 14): per level, the athlete-weeks
    and their share of all athlete-weeks in the data (:meth:`Assessment.level_shares`).

    >>> import pandas as pd
    >>> print(format_levels(pd.DataFrame({"level": ["red", "green"],
    ...                                   "athlete_weeks": [1, 3], "share": [0.25, 0.75]})))
    Alarm budget — 4 athlete-weeks (every week in the data):
      RED                   1   25.0 %
      GREEN                 3   75.0 %
    """
    total = int(shares["athlete_weeks"].sum())
    lines = [f"Alarm budget — {total:,} athlete-weeks (every week in the data):"]
    for row in shares.itertuples(index=False):  # one line per level
        name = Level[str(row.level).upper()].display
        lines.append(f"  {name:<18}{int(row.athlete_weeks):>6,}  {row.share * 100:5.1f} %")
    return "\n".join(lines)


def format_plan(plan: pd.DataFrame, week_start: int = 0) -> str:
    """The plan for the week after the selected one (:func:`~loadwatch.risk.planner.plan_week`)
    as a terminal table, then each athlete's plain sentence."""
    if plan.empty:
        return "No athletes in this week."
    first = pd.Timestamp(plan[Plan.PLAN_WEEK].iloc[0])
    selected = pd.Timestamp(plan[Plan.WEEK].iloc[0])
    shown = pd.DataFrame({
        "athlete": plan[Plan.ATHLETE].astype(str),
        "level": plan[Plan.LEVEL].str.upper().str.replace("_", " "),
        "this week AU": plan[Plan.THIS_AU].map(lambda v: au(v, "")),
        "next week max AU": plan[Plan.MAX_AU].map(lambda v: au(v, "")),
        "max hours": plan[Plan.MAX_MIN].map(lambda v: hours(v / 60, "")),
        "max extension": [exposure(v, u) for v, u in zip(plan[Plan.MAX_EXT],
                                                         plan[Plan.EXT_UNIT], strict=True)],
        "rest days": plan[Plan.REST_DAYS].astype(int),
        "limited by": plan[Plan.LIMITED_BY].replace("", MISSING),
    })
    lines = [f"loadwatch plan — for {for_the_week(first, week_start)}, after the week of "
             f"{selected:%Y-%m-%d} ({week_label(selected, week_start)})", "",
             shown.to_string(index=False), ""]
    lines += [f"{a}: {text}" for a, text in zip(plan[Plan.ATHLETE], plan[Plan.ADVICE],
                                                  strict=True)]
    lines += ["", "Limits keep the ACWR and the week-to-week increase at or below amber and "
              "obey every flag of the week (red: no increase; referred: the clinician decides; "
              "a clinician's cap; hours no more than age); spread the load evenly. "
              + DISCLAIMER]
    return "\n".join(lines)


def plan_csv(plan: pd.DataFrame) -> pd.DataFrame:
    """The plan for a CSV: one row per athlete, this week's load and next week's maxima as
    numbers (AU, minutes, reps or minutes of extension), the rest days and the sentence."""
    return plan[[c for c in PLAN_WEEK_COLUMNS if c != Plan.AGE]]


def exposure(value: float, unit: str) -> str:
    """Extension exposure in its unit: 379.0, 'reps' → '379 reps'; 42.5, 'min' → '43 min'."""
    return reps(value, unit) if unit == "reps" else au(value, unit)
