"""The therapist's record end to end in Chromium (issue 17): a therapist opens an injury
episode for a gymnast who reported one-sided back pain worse when arching, generates the
return plan from her own pre-injury weeks and approves it; the coach's overview then says
"modified — no back-arching skills, ≤ N h/week until <date>" for her and shows no diagnosis.

Needs Chromium at /usr/bin/chromium (never `playwright install`); skipped without it, failing
under CI=true. Full-page screenshots land in test-artifacts/browser/ (ep-*.png).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pytest

from loadwatch.app.service import Service
from loadwatch.store import add_symptom, open_store
from tests.dashboards.browser import (
    check_page,
    choose,
    go,
    launch_chromium,
    main_area,
    new_page,
    serve_app,
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


@pytest.fixture(scope="module")
def app_url(store_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_app(store_url, tmp_path_factory.mktemp("streamlit")) as url:
        yield url


@pytest.fixture(scope="module")
def browser(app_url: str) -> Iterator[Any]:
    with launch_chromium() as chromium:
        yield chromium


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    with new_page(browser) as tab:
        yield tab


def _expected(url: str) -> str:
    """Stage 1's sentence from the stored plan: half the typical week, rounded down."""
    svc = Service.open(url)
    try:
        therapist = USERS["therapist"]
        episode = int(svc.episodes(CLUB, user=therapist, athlete=GYMNAST)["episode_id"].iloc[0])
        plan, stages = svc.return_plan(CLUB, episode, user=therapist)
    finally:
        svc.store.close()
    assert plan is not None and plan["status"] == "approved" and plan["base_weeks"] == 4
    hours = math.floor(math.floor(plan["base_minutes"] * 0.5) / 6) / 10
    review = stages["review_date"].iloc[0]
    return f"modified — no back-arching skills, ≤ {hours:g} h/week until {review.day} " \
           f"{review:%b}"


def test_therapist_approves_the_return_plan_and_the_coach_sees_caps_not_diagnosis(
        app_url: str, store_url: str, page: Any) -> None:
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
