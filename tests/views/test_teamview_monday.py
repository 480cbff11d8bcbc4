"""Issue 15 (a club trusts the dashboard on Monday morning), at the view layer: after a
partial upload (3 of 20 athletes in a new week) every page opens on the same week, the latest
with data for most athletes; athletes without data in a week are named; open referrals and
active restrictions stand whatever the week, until a clinician clears them."""

from __future__ import annotations

import pandas as pd
import pytest

import loadwatch as lw
from loadwatch.config import default_config
from loadwatch.ingest.side_tables import read_plans, read_symptoms
from loadwatch.schema import Col
from loadwatch.views.team import Standing, level_words
from loadwatch.views.teamview import TeamFrames, TeamView
from tests.report.support import PLANS, SESSIONS, SYMPTOMS

NEW_WEEK = pd.Timestamp("2026-11-23")  # W48: only three athletes have logged it
LAST_FULL = pd.Timestamp("2026-11-16")  # W47: all 20
PARTIAL = ("GYM-05", "GYM-06", "GYM-07")


def _partial_log() -> pd.DataFrame:
    log = lw.read_log(SESSIONS)
    new = log[log[Col.ATHLETE].isin(PARTIAL) & (log[Col.DATE] >= LAST_FULL)].copy()
    new[Col.DATE] = new[Col.DATE] + pd.Timedelta(days=7)  # the same sessions, a week later
    return pd.concat([log, new], ignore_index=True)


def _view(*, symptoms: pd.DataFrame | None = None, plans: pd.DataFrame | None = None,
          clinical: bool = False) -> TeamView:
    return TeamView("Gymnastics club", TeamFrames(
        _partial_log(), symptoms=read_symptoms(SYMPTOMS) if symptoms is None else symptoms,
        plans=read_plans(PLANS) if plans is None else plans), default_config(),
        clinical=clinical)


@pytest.fixture(scope="module")
def view() -> TeamView:
    return _view()


def test_a_partial_week_does_not_become_the_default(view: TeamView) -> None:
    assert view.weeks[0] == NEW_WEEK
    assert view.default_week == LAST_FULL
    assert view.week_index() == 1
    assert view.week_coverage(NEW_WEEK) == (3, 20)
    assert view.week_coverage(LAST_FULL) == (20, 20)


def test_athletes_without_data_are_named_with_their_last_day(view: TeamView) -> None:
    missing = view.without_data(NEW_WEEK)
    assert len(missing) == 17 and missing[:3] == ["GYM-01", "GYM-02", "GYM-03"]
    assert not set(PARTIAL) & set(missing)
    assert view.without_data(LAST_FULL) == []
    assert view.last_logged("GYM-01") == pd.Timestamp("2026-11-21")
    assert not view.has_week("GYM-01", NEW_WEEK) and view.has_week("GYM-05", NEW_WEEK)
    assert view.last_logged("NOBODY") is None


def test_the_standing_list_names_referrals_and_restrictions_for_a_coach(view: TeamView) -> None:
    table = view.standing()
    assert table[Standing.ATHLETE].tolist() == ["GYM-10", "GYM-03", "GYM-09"]
    assert table[Standing.KIND].tolist() == ["refer_urgent", "refer", "restricted"]
    assert table[Standing.TEXT].tolist() == [
        "referred urgently to a clinician (check-in of 20 Nov); listed until a clinician "
        "records a new check-in",
        "referred to a clinician (check-in of 18 Nov); listed until a clinician records a "
        "new check-in",
        "restricted: at most 300 extension reps a week (clinician plan)",
    ]


def test_a_therapist_reads_why_and_the_plan_dates() -> None:
    texts = _view(clinical=True).standing()[Standing.TEXT].tolist()
    assert "night pain or pain at rest that wakes" in texts[0]
    assert "left-sided, worse when arching" in texts[1]
    assert texts[2] == ("restricted: at most 300 extension reps a week (clinician plan) since "
                        "07 Sep 2026, review 07 Dec 2026")


def test_a_pain_free_check_in_and_a_cleared_plan_end_them() -> None:
    symptoms = read_symptoms(SYMPTOMS)
    clear = symptoms[symptoms[Col.ATHLETE] == "GYM-03"].tail(1).copy()
    clear[Col.DATE] = pd.Timestamp("2026-11-24")
    clear["low_back_pain"] = False
    for column in ("side", "worse_when_arching", "onset_date", "limits_training"):
        clear[column] = None
    clear["pain_0_10"] = 0.0
    plans = read_plans(PLANS)
    cleared = plans.tail(1).assign(start_date=pd.Timestamp("2026-11-20"), review_date=pd.NaT,
                                   restriction="cleared", cap=float("nan"))
    view = _view(symptoms=pd.concat([symptoms, clear], ignore_index=True),
                 plans=pd.concat([plans, cleared], ignore_index=True))
    assert view.standing()[Standing.ATHLETE].tolist() == ["GYM-10"]


def test_levels_in_reasons_are_words() -> None:
    assert level_words("S1 refer_urgent: pain | L3 amber: up | Y1 insufficient_data: x") == (
        "S1 REFER URGENTLY: pain | L3 AMBER: up | Y1 NOT ENOUGH DATA: x")


def test_tables_and_legends_carry_no_code_words(view: TeamView) -> None:
    days = view.athlete_daily("GYM-05")
    assert sorted(view.load_lines(days)["series"].unique()) == [
        "acute load (7-day mean)", "chronic load (28-day mean)"]
    assert view.ratio_series(days, [Col.RAC, Col.EWMA])["method"].unique().tolist() == [
        "rolling ACWR, 7:28 coupled", "EWMA ACWR, 7/28 days"]
    adherence = _view(clinical=True).plan_adherence("GYM-09")
    assert adherence.columns.tolist() == ["Week", "Extension (reps)", "Plan check"]
    assert adherence["Week"].iloc[-1] == "2026-W47 (16 Nov)"  # GYM-09 has no W48 data
    assert set(adherence["Plan check"]) <= {"GREEN", "RED", "NOT ENOUGH DATA"}
    heat = view.heatmap_table()
    assert heat.loc[heat[Col.WEEK] == NEW_WEEK, "week_name"].iloc[0] == "2026-W48 (23 Nov)"


def test_the_athlete_charts_span_the_chosen_weeks_and_always_the_week_looked_at(
        view: TeamView) -> None:
    """Issue 15 item 8: the Athlete page draws the last 26 weeks unless asked for more; the
    log ends on Sunday 29 Nov, so 4 weeks start on Monday 2 Nov (28 days)."""
    assert view.last_day == pd.Timestamp("2026-11-29")
    start = view.chart_start(LAST_FULL, 4)
    assert start == pd.Timestamp("2026-11-02")
    assert view.chart_start(pd.Timestamp("2026-09-07"), 4) == pd.Timestamp("2026-09-07")
    assert view.chart_start(LAST_FULL, None) is None
    whole = view.athlete_daily("GYM-05")
    days = view.athlete_daily("GYM-05", start)
    assert (len(whole), len(days)) == (189, 28)
    assert days[Col.DATE].tolist() == pd.date_range("2026-11-02", "2026-11-29").tolist()
    # the first day's 28-day mean is the whole series' (weeks before it count), not restarted
    pd.testing.assert_frame_equal(days, whole.iloc[-28:].reset_index(drop=True))
    assert view.athlete_hours("GYM-05", start)[Col.WEEK].tolist() == list(
        pd.date_range("2026-11-02", "2026-11-23", freq="7D"))
    assert len(view.athlete_hours("GYM-05")) == 27
