"""Every red and referral says why and what to do (issue 14): the escalation's signs or the
referral first, then the planner's sentence, then the numbers; grades have a legend; items
no athlete can be judged on are one line per team."""

from __future__ import annotations

import pandas as pd

import loadwatch as lw
from loadwatch.ingest.side_tables import read_roster, read_symptoms
from loadwatch.views.explain import explain_week, grade_legend, team_note
from loadwatch.views.text import format_week

LOADS = [257] * 20 + [250] + [373] * 6 + [372]     # the spec's worked example, AU


def worked_example() -> pd.DataFrame:
    return lw.read_log(("athlete,date,load,sport\n" + "".join(
        f"A,2024-01-{d:02d},{au},gymnastics\n" for d, au in enumerate(LOADS, start=1))).encode())


VARIED = (200, 400, 300, 500, 200, 200, 0)          # 1,800 AU a week


def modifier_red() -> lw.Assessment:
    """Four weeks of 1,800 AU, then +20 % (L3 amber) with a clinician-recorded lumbar history
    (M3): red by escalation during an active modifier."""
    days = pd.date_range("2024-01-01", periods=35)
    loads = list(VARIED) * 4 + [1.2 * x for x in VARIED]
    log = lw.read_log(("athlete,date,load_au,duration_min\n" + "".join(
        f"A,{d:%Y-%m-%d},{x:g},{x / 5:g}\n" for d, x in zip(days, loads, strict=True))).encode())
    return lw.evaluate(log, roster=read_roster(b"athlete,prior_lumbar_bsi\nA,yes\n"))


def test_red_by_escalation_names_its_modifier_and_sign_then_the_plan_then_numbers() -> None:
    explained = explain_week(modifier_red())["A"]
    assert explained.why == ("RED — Load increase during an active modifier (clinician-"
                             "recorded history): L3 week-to-week increase (Thu 01 Feb).")
    assert explained.advice == ("Do not increase: at most 2,160 AU (≈ 7.2 h) in the week of "
                                "2024-02-05 (2024-W06), with at least 1 rest day.")
    assert [line.split(":")[0] for line in explained.numbers] == [
        "L3 amber", "Y3 info", "M3 info"]
    clinician = explain_week(modifier_red(), clinical=True)["A"]
    assert clinician.why.startswith("RED — Load increase during an active modifier (previous "
                                    "lumbar bone stress injury (clinician-recorded)): L3 ")


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
    text = format_week(modifier_red()).splitlines()
    block = text.index("A — red — adjust load now and discuss with the physiotherapist")
    assert text[block + 1].startswith("  why: RED — Load increase during an active modifier")
    assert text[block + 2].startswith("  next week: Do not increase: at most 2,160 AU")
    assert text[block + 3].startswith("  • L3 amber: 7-day load up 20.0% (> 15%)")
    assert grade_legend() in text
    assert grade_legend() == (
        "Evidence grades: E1 = prospective cohort or trial data support the number; E2 = "
        "governing-body or consensus guideline; E3 = a convention chosen for loadwatch, "
        "not validated.")
