"""Every red and referral says why and what to do (issue 14): the escalation's signs or the
referral first, then the planner's sentence, then the numbers; grades have a legend; items
no athlete can be judged on are one line per team."""

from __future__ import annotations

import pandas as pd

import loadwatch as lw
from loadwatch.ingest.side_tables import read_symptoms
from loadwatch.views.explain import explain_week, grade_legend, team_note
from loadwatch.views.text import format_week

LOADS = [257] * 20 + [250] + [373] * 6 + [372]     # the spec's worked example, AU


def worked_example() -> pd.DataFrame:
    return lw.read_log(("athlete,date,load,sport\n" + "".join(
        f"A,2024-01-{d:02d},{au},gymnastics\n" for d, au in enumerate(LOADS, start=1))).encode())


def test_red_by_escalation_names_its_signs_then_the_plan_then_the_numbers() -> None:
    explained = explain_week(lw.evaluate(worked_example()))["A"]
    assert explained.why == (
        "RED — Two independent warning signs: L3 week-to-week increase (Wed 24 Jan), "
        "R1 monotony (Wed 24 Jan) and Y3 days without organised sport (Wed 24 Jan).")
    assert explained.advice == ("Do not increase: at most 2,610 AU in the week of 2024-01-29 "
                                "(2024-W05); add a second rest day (2 rest days).")
    assert [line.split(":")[0] for line in explained.numbers] == [
        "L1 amber", "L3 amber", "R1 amber", "Y3 amber"]


def test_urgent_referral_for_a_coach_names_no_symptom() -> None:
    checkin = read_symptoms(b"athlete,date,back_pain,night_pain\nA,2024-01-25,yes,yes\n")
    result = lw.evaluate(worked_example(), symptoms=checkin)
    coach = explain_week(result)["A"]
    assert coach.why == "REFER URGENTLY — S1: referred to clinician — symptoms reported."
    assert coach.advice.startswith("See the clinician first: no load plan for the week of "
                                   "2024-01-29")
    clinician = explain_week(result, clinical=True)["A"]
    assert clinician.why == "REFER URGENTLY — S1 back pain with red-flag symptoms."


def test_items_no_athlete_can_be_judged_on_are_one_team_line() -> None:
    result = lw.evaluate(worked_example())      # four weeks: R2 needs eight
    assert team_note(result) == ("Not judged for anyone on this team yet — R2 strain above "
                                 "own history: not enough data for any athlete.")
    assert not any(line.startswith("R2") for line in explain_week(result)["A"].numbers)


def test_the_cli_text_explains_every_red_and_carries_the_grade_legend() -> None:
    text = format_week(lw.evaluate(worked_example())).splitlines()
    block = text.index("A — red — adjust load now and discuss with the physiotherapist")
    assert text[block + 1].startswith("  why: RED — Two independent warning signs: L3 ")
    assert text[block + 2].startswith("  next week: Do not increase: at most 2,610 AU")
    assert text[block + 3].startswith("  • L1 amber: ACWR 1.31 > 1.30")
    assert grade_legend() in text
    assert grade_legend() == (
        "Evidence grades: E1 = prospective cohort or trial data support the number; E2 = "
        "governing-body or consensus guideline; E3 = a convention chosen for loadwatch, "
        "not validated.")
