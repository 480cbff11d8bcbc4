"""The report explains every red and referral (issue 14): why, then next week's plan (the
planner's sentence, the same as the CLI and dashboard), then the numbers; the appendix has
the method check and the grade legend; Y4/Y5 are one line per team."""

from __future__ import annotations

from io import BytesIO

import pandas as pd
from openpyxl import load_workbook

import loadwatch as lw
from loadwatch.report import ReportOptions, build_report, render
from loadwatch.risk.planner import Plan, plan_week
from loadwatch.views.explain import explain_week, grade_legend

LOADS = [257] * 20 + [250] + [373] * 6 + [372]     # the spec's worked example, AU


def _log() -> pd.DataFrame:
    return lw.read_log(("athlete,date,load,sport\n" + "".join(
        f"A,2024-01-{d:02d},{au},gymnastics\n" for d, au in enumerate(LOADS, start=1))).encode())


def test_red_athlete_says_why_and_next_week_in_every_format() -> None:
    data = build_report(_log(), options=ReportOptions(team="T"))
    (athlete,) = data.details
    expected = explain_week(lw.evaluate(_log()))["A"]
    assert athlete.why == expected.why and athlete.why.startswith(
        "RED — Two independent warning signs: L3 week-to-week increase")
    assert athlete.advice == ("Do not increase: at most 2,610 AU in the week of 2024-01-29 "
                              "(2024-W05); add a second rest day (2 rest days).")
    assert (athlete.row["this_week_au"], athlete.row["next_week_max_au"]) == (2610.0, 2610.0)
    html = render(data, "html").decode()
    assert f"<b>Why:</b> {athlete.why}" in html
    assert f"<b>Next week:</b> {athlete.advice}" in html
    csv = pd.read_csv(BytesIO(render(data, "csv")), comment="#")
    assert csv.loc[0, "next_week"] == athlete.advice and csv.loc[0, "next_week_max_au"] == 2610
    book = load_workbook(BytesIO(render(data, "xlsx")))
    header = [c.value for c in book["Athletes"][1]]
    assert book["Athletes"].cell(2, header.index("why") + 1).value == athlete.why


def test_the_plan_in_the_report_is_the_planners() -> None:
    data = build_report(_log())
    plan = plan_week(lw.evaluate(_log())).iloc[0]
    assert data.details[0].advice == plan[Plan.ADVICE]


def test_appendix_has_the_method_check_and_the_grade_legend() -> None:
    data = build_report(_log())
    assert data.method[-1] == grade_legend()
    assert data.method[-3].startswith("Rescaling check: on this team's data the ratio ")
    assert data.method[-2].startswith("Window sensitivity: ")
    html = render(data, "html").decode()
    assert "Rescaling check: on this team&#x27;s data" in html or \
        "Rescaling check: on this team's data" in html
    assert data.team_note == ("Not judged for anyone on this team yet — R2 strain above own "
                              "history: not enough data for any athlete.")
