"""The report explains every red and referral (issue 14): why, then next week's plan (the
planner's sentence, the same as the CLI and dashboard), then the numbers; the appendix has
the method check and the grade legend; Y4/Y5 are one line per team."""

from __future__ import annotations

from io import BytesIO

import pandas as pd
from openpyxl import load_workbook

import loadwatch as lw
from loadwatch.ingest.side_tables import read_roster
from loadwatch.report import ReportData, ReportOptions, build_report, render
from loadwatch.risk.planner import Plan, plan_week
from loadwatch.views.explain import explain_week, grade_legend

VARIED = (200, 400, 300, 500, 200, 200, 0)          # 1,800 AU a week
ROSTER = b"athlete,prior_lumbar_bsi\nA,yes\n"     # M3: a modifier that escalates L3 amber


def _log() -> pd.DataFrame:
    """Four weeks of 1,800 AU, then +20 % (L3 amber): red with the M3 modifier."""
    days = pd.date_range("2024-01-01", periods=35)
    loads = list(VARIED) * 4 + [1.2 * x for x in VARIED]
    return lw.read_log(("athlete,date,load_au,duration_min\n" + "".join(
        f"A,{d:%Y-%m-%d},{x:g},{x / 5:g}\n" for d, x in zip(days, loads, strict=True))).encode())


def _report(**options: object) -> ReportData:
    return build_report(_log(), roster=read_roster(ROSTER),
                        options=ReportOptions(**options))  # type: ignore[arg-type]


def test_red_athlete_says_why_and_next_week_in_every_format() -> None:
    data = _report(team="T")
    (athlete,) = data.details
    expected = explain_week(lw.evaluate(_log(), roster=read_roster(ROSTER)))["A"]
    assert athlete.why == expected.why == (
        "RED — Load increase during an active modifier (clinician-recorded history): L3 "
        "week-to-week increase (Thu 01 Feb).")
    assert athlete.advice == ("Do not increase: at most 2,160 AU (≈ 7.2 h) in the week of "
                              "2024-02-05 (2024-W06), with at least 1 rest day.")
    assert (athlete.row["this_week_au"], athlete.row["next_week_max_au"]) == (2160.0, 2160.0)
    html = render(data, "html").decode()
    assert f"<b>Why:</b> {athlete.why}" in html
    assert f"<b>Next week:</b> {athlete.advice}" in html
    csv = pd.read_csv(BytesIO(render(data, "csv")), comment="#")
    assert csv.loc[0, "next_week"] == athlete.advice and csv.loc[0, "next_week_max_au"] == 2160
    book = load_workbook(BytesIO(render(data, "xlsx")))
    header = [c.value for c in book["Athletes"][1]]
    assert book["Athletes"].cell(2, header.index("why") + 1).value == athlete.why


def test_the_plan_in_the_report_is_the_planners() -> None:
    data = _report()
    plan = plan_week(lw.evaluate(_log(), roster=read_roster(ROSTER))).iloc[0]
    assert data.details[0].advice == plan[Plan.ADVICE]


def test_appendix_has_the_method_check_and_the_grade_legend() -> None:
    data = _report()
    assert data.method[-1] == grade_legend()
    assert data.method[-3].startswith("Rescaling check: on this team's data the ratio ")
    assert data.method[-2].startswith("Window sensitivity: ")
    html = render(data, "html").decode()
    assert "Rescaling check: on this team&#x27;s data" in html or \
        "Rescaling check: on this team's data" in html
    assert data.team_note == ("Not judged for anyone on this team yet — R2 strain above own "
                              "history: not enough data for any athlete.")
