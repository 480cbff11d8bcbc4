"""The planner obeys every flag of the selected week (issue 14): referred → no plan, red → no
increase, a clinician's cap caps its channel, hours never above age, rest days the flags ask
for. Logs are hand-made (5 weeks from Monday 2024-01-01) and go through the real readers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

import loadwatch as lw
from loadwatch.ingest.side_tables import read_plans, read_roster, read_symptoms
from loadwatch.risk.planner import Plan, plan_week
from loadwatch.schema import PlanCol, SymptomCol

MONDAY = dt.date(2024, 1, 1)
VARIED = (200, 400, 300, 500, 200, 200, 0)          # 1,800 AU a week, monotony 1.66


def log(weeks: Sequence[Sequence[float]], minutes_per_au: float = 0.2,
        reps: Sequence[float] | None = None, athlete: str = "A") -> pd.DataFrame:
    """A session log: one row per day of the given weeks (load AU; minutes = load × 0.2;
    extension reps per day of week, the same every week)."""
    rows = ["athlete,date,load_au,duration_min,extension_reps"]
    for w, loads in enumerate(weeks):
        for d, load in enumerate(loads):
            date = MONDAY + dt.timedelta(days=7 * w + d)
            ext = "" if reps is None else f"{reps[d]:g}"
            rows.append(f"{athlete},{date},{load:g},{load * minutes_per_au:g},{ext}")
    return lw.read_log(("\n".join(rows) + "\n").encode())


def plan_of(data: pd.DataFrame, week: str | None = None, **side: pd.DataFrame) -> pd.Series:
    result = lw.evaluate(data, **side)
    start = None if week is None else pd.Timestamp(week)
    return plan_week(result, start).iloc[0]


def _plans(*rows: str) -> pd.DataFrame:
    header = ",".join((PlanCol.ATHLETE, PlanCol.START, PlanCol.REVIEW, PlanCol.RESTRICTION,
                       PlanCol.CAP))
    return read_plans(("\n".join((header, *rows)) + "\n").encode())


def test_green_athlete_may_increase_by_the_weekly_limit() -> None:
    row = plan_of(log([VARIED] * 5))
    assert (row[Plan.LEVEL], row[Plan.ACTION], row[Plan.LIMITED_BY]) == (
        "green", "increase", "weekly increase")
    assert (row[Plan.THIS_AU], row[Plan.MAX_AU]) == (1800.0, 2070.0)   # 1,800 × 1.15
    assert (row[Plan.THIS_MIN], row[Plan.MAX_MIN]) == (360.0, 414.0)   # 5 AU per minute
    assert row[Plan.PLAN_WEEK] == pd.Timestamp("2024-02-05")
    assert row[Plan.ADVICE] == ("Up to 2,070 AU (≈ 6.9 h) in the week of 2024-02-05 "
                                "(2024-W06), with at least 1 rest day.")


def test_red_athlete_is_reduced_to_the_ratio_limit_never_increased() -> None:
    # four weeks of 1,800 AU, then 3,600 AU: ACWR 1.60 (L1 red)
    row = plan_of(log([VARIED] * 4 + [[2 * x for x in VARIED]]))
    assert (row[Plan.LEVEL], row[Plan.ACTION], row[Plan.LIMITED_BY]) == ("red", "reduce", "ACWR")
    # S21 = 1,800 + 1,800 + 3,600 = 7,200; X ≤ 1.3 × 7,200 / 2.7 = 3,466.7 → 3,466
    assert (row[Plan.THIS_AU], row[Plan.MAX_AU], row[Plan.MAX_MIN]) == (3600.0, 3466.0, 693.0)
    assert row[Plan.ADVICE] == ("Reduce to at most 3,466 AU (≈ 11.6 h) in the week of "
                                "2024-02-05 (2024-W06), with at least 1 rest day.")


def test_red_by_escalation_holds_this_weeks_load() -> None:
    """+20 % (L3 amber) with a clinician-recorded lumbar history (M3 modifier) → red; the
    weekly limit alone would allow 2,160 × 1.15 = 2,484 AU."""
    roster = read_roster(b"athlete,prior_lumbar_bsi\nA,yes\n")
    row = plan_of(log([VARIED] * 4 + [[1.2 * x for x in VARIED]]), roster=roster)
    assert (row[Plan.LEVEL], row[Plan.ACTION], row[Plan.LIMITED_BY]) == (
        "red", "hold", "red: no increase")
    assert (row[Plan.THIS_AU], row[Plan.MAX_AU], row[Plan.MAX_MIN]) == (2160.0, 2160.0, 432.0)
    assert row[Plan.ADVICE] == ("Do not increase: at most 2,160 AU (≈ 7.2 h) in the week of "
                                "2024-02-05 (2024-W06), with at least 1 rest day.")


def test_red_by_a_breached_cap_holds_load_and_caps_extension() -> None:
    reps = (50, 50, 50, 50, 50, 100, 0)               # 350 reps a week over a 300 cap: S4 red
    plan = _plans("A,2024-01-01,,cap_extension_reps_per_week,300")
    row = plan_of(log([VARIED] * 5, reps=reps), plans=plan)
    assert (row[Plan.LEVEL], row[Plan.ACTION]) == ("red", "hold")
    assert (row[Plan.MAX_AU], row[Plan.THIS_EXT], row[Plan.MAX_EXT]) == (1800.0, 350.0, 300.0)


def test_urgent_referral_gets_no_load_plan() -> None:
    header = ",".join((SymptomCol.ATHLETE, SymptomCol.DATE, SymptomCol.BACK_PAIN,
                       SymptomCol.NIGHT_PAIN))
    checkin = read_symptoms(f"{header}\nA,2024-02-01,yes,yes\n".encode())
    row = plan_of(log([VARIED] * 5), symptoms=checkin)
    assert (row[Plan.LEVEL], row[Plan.ACTION], row[Plan.STATUS]) == (
        "refer_urgent", "see_clinician", "referred")
    assert np.isnan(row[Plan.MAX_AU]) and np.isnan(row[Plan.MAX_MIN])
    assert row[Plan.ADVICE] == ("See the clinician first: no load plan for the week of "
                                "2024-02-05 (2024-W06) until they have decided.")


def test_clinician_cap_caps_extension_reps() -> None:
    reps = (40, 40, 40, 40, 40, 80, 0)                # 280 reps a week, within the cap
    plan = _plans("A,2024-01-01,,cap_extension_reps_per_week,300")
    row = plan_of(log([VARIED] * 5, reps=reps), plans=plan)
    assert row[Plan.LEVEL] == "green"
    assert (row[Plan.THIS_EXT], row[Plan.MAX_EXT]) == (280.0, 300.0)   # 280 × 1.15 = 322
    assert row[Plan.MAX_AU] == 2070.0                  # the cap names extension only
    assert "and at most 300 extension reps in the week" in row[Plan.ADVICE]


def test_clinician_load_cap_and_no_extension_loading() -> None:
    plan = _plans("A,2024-01-01,,cap_load_au_per_week,1900",
                  "A,2024-01-01,,no_extension_loading,")
    row = plan_of(log([VARIED] * 5, reps=(0,) * 7), plans=plan)
    assert (row[Plan.MAX_AU], row[Plan.LIMITED_BY], row[Plan.MAX_EXT]) == (
        1900.0, "clinician cap", 0.0)
    assert row[Plan.ADVICE] == ("Up to 1,900 AU (≈ 6.3 h) and no extension loading in the "
                                "week of 2024-02-05 (2024-W06), with at least 1 rest day.")


def test_hours_above_age_cap_weekly_hours_at_the_age() -> None:
    week = (600, 300, 900, 600, 300, 900, 0)          # 3,600 AU, 12 h a week
    roster = read_roster(b"athlete,birth_date\nA,2013-06-01\n")   # age 10 in 2024
    result = lw.evaluate(log([week] * 5), roster=roster)
    assert result.week().iloc[0]["Y1"] == "amber"
    row = plan_week(result).iloc[0]
    # the weekly limit would allow 4,140 AU; 10 h × 60 min × 5 AU/min = 3,000 AU
    assert (row[Plan.MAX_AU], row[Plan.MAX_MIN], row[Plan.LIMITED_BY]) == (
        3000.0, 600.0, "hours ≤ age")
    assert row[Plan.ACTION] == "reduce"
    assert row[Plan.ADVICE].startswith("Reduce to at most 3,000 AU (≈ 10.0 h: hours no more "
                                       "than age 10) in the week of 2024-02-05")


def test_monotony_asks_for_a_second_rest_day() -> None:
    row = plan_of(log([(300,) * 6 + (0,)] * 5))        # monotony 2.27: R1 amber
    assert (row[Plan.LEVEL], row[Plan.REST_DAYS], row[Plan.REST_RULE]) == ("amber", 2, "R1")
    assert row[Plan.ADVICE] == ("Up to 2,070 AU (≈ 6.9 h) in the week of 2024-02-05 "
                                "(2024-W06); add a second rest day (2 rest days).")


def test_no_day_off_asks_for_one() -> None:
    row = plan_of(log([(100, 900, 100, 900, 100, 900, 100)] * 5))   # Y3 amber, monotony 1.1
    assert (row[Plan.LEVEL], row[Plan.REST_DAYS], row[Plan.REST_RULE]) == ("amber", 1, "Y3")
    assert row[Plan.ADVICE].endswith("; plan a day off (at least 1 rest day).")


def test_the_plan_is_for_the_week_after_the_selected_one() -> None:
    weeks = [VARIED] * 4 + [[2 * x for x in VARIED]]
    row = plan_of(log(weeks), week="2024-01-22")       # week 4, before the jump
    assert (row[Plan.WEEK], row[Plan.PLAN_WEEK]) == (pd.Timestamp("2024-01-22"),
                                                     pd.Timestamp("2024-01-29"))
    assert (row[Plan.LEVEL], row[Plan.THIS_AU], row[Plan.MAX_AU]) == ("green", 1800.0, 2070.0)


def test_without_four_weeks_there_is_no_load_number() -> None:
    row = plan_of(log([VARIED] * 2))
    assert (row[Plan.ACTION], row[Plan.STATUS]) == ("no_plan", "insufficient_data")
    assert np.isnan(row[Plan.MAX_AU])
    assert row[Plan.ADVICE] == ("No load plan for the week of 2024-01-15 (2024-W03) yet (needs "
                                "four complete weeks of history), with at least 1 rest day.")
