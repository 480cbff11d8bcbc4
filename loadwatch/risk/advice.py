"""The plain next-week sentence a volunteer coach reads first (issue 14).

One sentence per athlete from the planner's numbers (:func:`loadwatch.risk.planner.plan_week`):
what to do ("Reduce to", "Do not increase", "Up to", "See the clinician first"), the week it
is for, the load in AU with the hours it means, extension exposure, and the rest days the
flags ask for. Every face shows this same sentence, so CLI, dashboard and report agree.

Decision support, not diagnosis: the sentence names no condition and no symptom.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from loadwatch.series.calendar import week_label
from loadwatch.vocab import au, hours, reps

#: What each planner action says first.
OPENINGS = {"reduce": "Reduce to at most", "hold": "Do not increase: at most",
            "increase": "Up to"}


def for_the_week(first_day: pd.Timestamp, week_start: int = 0) -> str:
    """'the week of 2024-01-29 (2024-W05)' (non-Monday weeks: their first date only)."""
    first_day = pd.Timestamp(first_day)
    label = week_label(first_day, week_start)
    named = f" ({label})" if label != f"{first_day:%Y-%m-%d}" else ""
    return f"the week of {first_day:%Y-%m-%d}{named}"


@dataclass(frozen=True)
class PlanLine:
    """One athlete's plan as the sentence needs it (numbers per week, already rounded down)."""

    action: str
    plan_week: pd.Timestamp
    max_au: float
    max_minutes: float
    max_extension: float
    extension_unit: str
    rest_days: int
    rest_rule: str
    no_bowling: bool
    limited_by: str
    age: float
    week_start: int = 0


def _finite(value: float) -> bool:
    return value is not None and not pd.isna(value) and math.isfinite(float(value))


def _extension(line: PlanLine) -> str:
    if not _finite(line.max_extension):
        return ""
    if float(line.max_extension) == 0:
        return " and no extension loading"
    amount = (reps(line.max_extension, "extension reps") if line.extension_unit == "reps"
              else au(line.max_extension, "min of extension work"))
    return f" and at most {amount}"


def _rest(line: PlanLine) -> str:
    days = int(line.rest_days)
    noun = "rest day" if days == 1 else "rest days"
    if line.rest_rule == "R1":
        return f"; add a second rest day ({days} {noun})"
    if line.rest_rule == "Y3":
        return f"; plan a day off (at least {days} {noun})"
    return f", with at least {days} {noun}" if days else ""


def _hours(line: PlanLine) -> str:
    if not _finite(line.max_minutes):
        return ""
    text = f" (≈ {hours(float(line.max_minutes) / 60)})"
    if line.limited_by == "hours ≤ age" and _finite(line.age):
        text = f" (≈ {hours(float(line.max_minutes) / 60)}: hours no more than age " \
               f"{int(line.age)})"
    return text


def sentence(line: PlanLine) -> str:
    r"""The plan in one sentence.

    >>> line = PlanLine("reduce", pd.Timestamp("2024-01-29"), 4800.0, 600.0, float("nan"),
    ...                 "reps", 2, "R1", False, "ACWR", 15.0)
    >>> print(sentence(line).replace("; ", ";\n"))
    Reduce to at most 4,800 AU (≈ 10.0 h) in the week of 2024-01-29 (2024-W05);
    add a second rest day (2 rest days).
    """
    week = for_the_week(line.plan_week, line.week_start)
    bowling = "; no bowling (clinician plan)" if line.no_bowling else ""
    if line.action == "see_clinician":
        return f"See the clinician first: no load plan for {week} until they have decided."
    if line.action == "no_plan":
        caps = _extension(line).removeprefix(" and ")
        hours_cap = (f"at most {hours(float(line.max_minutes) / 60)} of organised sport"
                     if _finite(line.max_minutes) else "")
        limits = " and ".join(t for t in (hours_cap, caps) if t)
        keep = f"; keep to {limits}" if limits else ""
        return (f"No load plan for {week} yet (needs four complete weeks of history){keep}"
                f"{_rest(line)}{bowling}.")
    return (f"{OPENINGS[line.action]} {au(line.max_au)}{_hours(line)}{_extension(line)} in "
            f"{week}{_rest(line)}{bowling}.")
