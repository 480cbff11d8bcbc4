"""The therapist's record end to end in Chromium (issue 17): a therapist opens an injury
episode for a gymnast who reported one-sided back pain worse when arching, generates the
return plan from her own pre-injury weeks and approves it; the coach's overview then says
"modified — no back-arching skills, ≤ N h/week until <date>" for her and shows no diagnosis.
Then a coach uploads three sessions over stage 1's minutes cap: the coach's overview and the
therapist's adherence line both say so, with the numbers; the therapist enters a symptom-free
check-in and ticks the stage: stage 2 begins and the coach's availability line follows it.

Needs Chromium at /usr/bin/chromium (never `playwright install`); skipped without it, failing
under CI=true. Full-page screenshots land in test-artifacts/browser/ (ep-*.png).
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from loadwatch.app.service import Service
from loadwatch.store import add_symptom, open_store
from tests.dashboards.browser import (
    check_page,
    choose,
    go,
    main_area,
    shot,
    sign_in,
    sign_out,
)
from tests.dashboards.conftest import CLUB, USERS, seed_store

pytestmark = [pytest.mark.browser]
GYMNAST = "GYM-04"
DIAGNOSIS = "Left L5 pars stress reaction (MRI)"


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample club and one account per role; the gymnast's check-in of one-sided pain
    worse when arching (the reason she sees the therapist)."""
    url = seed_store(tmp_path_factory.mktemp("episode-browser"))
    with open_store(url) as store:
        add_symptom(store, GYMNAST, "2026-11-20", team=CLUB, side="left",
                    worse_when_arching=True, pain_0_10=4, limits_training=True,
                    by="physio1")
    return url


def _plan(url: str) -> tuple[dict[str, Any] | None, pd.DataFrame]:
    """The gymnast's stored return plan and its stages (None before an episode exists)."""
    svc = Service.open(url)
    try:
        therapist = USERS["therapist"]
        episodes = svc.episodes(CLUB, user=therapist, athlete=GYMNAST)
        if episodes.empty:
            return None, pd.DataFrame()
        return svc.return_plan(CLUB, int(episodes["episode_id"].iloc[0]), user=therapist)
    finally:
        svc.store.close()


def _expected(url: str, stage: int = 1) -> str:
    """A stage's sentence from the stored plan: half (stage 1) or 70 % (stage 2) of the
    typical week, rounded down; its review date."""
    plan, stages = _plan(url)
    assert plan is not None and plan["status"] == "approved" and plan["base_weeks"] == 4
    fraction = {1: 0.5, 2: 0.7}[stage]
    hours = math.floor(math.floor(plan["base_minutes"] * fraction + 1e-9) / 6) / 10
    review = stages["review_date"].iloc[stage - 1]
    return f"modified — no back-arching skills, ≤ {hours:g} h/week until {review.day} " \
           f"{review:%b}"


def _open_and_approve(page: Any, app_url: str) -> None:
    """The therapist opens the gymnast's episode, generates the plan and approves it."""
    sign_in(page, app_url, "therapist")
    go(page, "Injury episodes", "Injury episodes and return plans")
    choose(page, "episode_athlete", GYMNAST)
    check_page(page)
    choose(page, "ep_side", "left")
    page.locator(".st-key-ep_diagnosis input").fill(DIAGNOSIS)
    page.get_by_role("button", name="Open episode").click()
    page.get_by_text(f"Episode opened for {GYMNAST}.").wait_for()
    check_page(page)
    page.get_by_role("button", name="Generate a return plan").click()
    page.get_by_text("Return plan proposed").wait_for()
    check_page(page)
    shot(page, "ep-1-therapist-proposed-plan")
    page.get_by_role("button", name="Approve plan").click()
    page.get_by_text("Plan approved").wait_for()
    check_page(page)


def test_therapist_approves_the_return_plan_and_the_coach_sees_caps_not_diagnosis(
        app_url: str, store_url: str, page: Any) -> None:
    _open_and_approve(page, app_url)
    expected = _expected(store_url)
    main_area(page).get_by_text(f"Availability (what coaches see): {expected}").wait_for()
    shot(page, "ep-2-therapist-approved-plan")
    sign_out(page)

    sign_in(page, app_url, "coach")
    check_page(page)
    main = main_area(page)
    main.get_by_text(f"Availability — {GYMNAST}: {expected}").wait_for()
    text = main.inner_text()
    assert DIAGNOSIS not in text and "pars" not in text.lower() and "MRI" not in text
    assert page.get_by_test_id("stSidebarNav").get_by_role(
        "link", name="Injury episodes").count() == 0
    shot(page, "ep-3-coach-overview-availability")


def _over_cap_log(folder: Path, each: int) -> Path:
    """Three sessions of `each` minutes (RPE 4) for the gymnast: two days ago to today."""
    today = dt.date.today()
    path = folder / "gym04_over_the_cap.csv"
    path.write_text("athlete,date,sport,duration_min,rpe\n" + "".join(
        f"{GYMNAST},{today - dt.timedelta(days=d)},gymnastics,{each},4\n" for d in (2, 1, 0)))
    return path


def _over(total: int, cap: float) -> str:
    return f"over the return-plan cap on 1 day this week: {total:,} min vs ≤ {cap:,.0f}"


def test_an_upload_over_the_minutes_cap_reaches_both_roles_and_the_tick_moves_the_stage_on(
        app_url: str, store_url: str, page: Any, tmp_path: Path) -> None:
    if _plan(store_url)[0] is None:  # run on its own: the plan of the test above first
        _open_and_approve(page, app_url)
        sign_out(page)
    today = dt.date.today()
    cap = float(_plan(store_url)[1]["cap_minutes"].iloc[0])
    each = math.ceil((cap + 30) / 3)   # the stage began today: today's 7 days pass the cap
    sign_in(page, app_url, "coach")
    go(page, "Upload a log", "Upload a training log")
    page.locator("input[type=file]").set_input_files(str(_over_cap_log(tmp_path, each)))
    main = main_area(page)
    main.get_by_role("button", name=f"Store this upload for {CLUB}").click()
    main.locator("[data-testid=stAlertContentSuccess]").wait_for()
    check_page(page)
    go(page, "Team overview", "Team overview")
    stage1 = _expected(store_url)
    main.get_by_text(f"Availability — {GYMNAST}: {stage1}; {_over(3 * each, cap)}").wait_for()
    shot(page, "ep-4-coach-over-the-cap")
    sign_out(page)

    sign_in(page, app_url, "therapist")
    go(page, "Injury episodes", "Injury episodes and return plans")
    choose(page, "episode_athlete", GYMNAST)
    main.get_by_text(f"Over the stage's caps on 1 day(s): {today:%d %b} (minutes: "
                     f"{3 * each:,} min vs ≤ {cap:,.0f}").wait_for()
    check_page(page)
    shot(page, "ep-5-therapist-adherence")
    go(page, "Check-ins, plans & notes", "Check-ins, plans and notes")
    choose(page, "clinical_athlete", GYMNAST)
    main.get_by_role("button", name="Save check-in").click()
    main.get_by_text(f"Check-in saved for {GYMNAST}.").wait_for()
    go(page, "Injury episodes", "Injury episodes and return plans")
    choose(page, "episode_athlete", GYMNAST)
    main.get_by_role("button", name="Symptom-free back check done: move to the next "
                     "stage").click()
    main.get_by_text(f"Stage 2 begins (symptom-free back check on {today.isoformat()}).")\
        .wait_for()
    check_page(page)
    cap2 = float(_plan(store_url)[1]["cap_minutes"].iloc[1])
    stage2 = _expected(store_url, 2) + (f"; {_over(3 * each, cap2)}" if 3 * each > cap2
                                        else "")
    assert stage2 != stage1
    main.get_by_text(f"Availability (what coaches see): {stage2}").wait_for()
    shot(page, "ep-6-therapist-stage-2")
    sign_out(page)

    sign_in(page, app_url, "coach")
    main.get_by_text(f"Availability — {GYMNAST}: {stage2}").wait_for()
    check_page(page)
    shot(page, "ep-7-coach-stage-2")
