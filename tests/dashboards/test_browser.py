"""The dashboard end to end in a real browser (issue #5): Streamlit in a subprocess, Chromium
driven by Playwright.

(a) a coach signs in, uploads a log (preview, store, result message), sees a RED athlete on
the team overview, opens that athlete, then prepares and downloads the weekly report;
signing out returns to the sign-in form, and takes the coach's pages out of the sidebar
(a separate test). (b) a therapist adds a symptom check-in (one-sided
low back pain worse when arching) for an athlete who is not flagged, and the watch list and
the team overview show that athlete as REFER TO CLINICIAN. (c) on the model demo's simulated
squad, a therapist sees the validated model's probability beside its AUC and card on the
athlete page; a coach on the same athlete sees none of it.

Needs Chromium at /usr/bin/chromium (`apt-get install -y chromium`; never `playwright
install`). Without it the tests are skipped, or fail when CI=true. A full-page screenshot of
each step lands in test-artifacts/browser/. `st.dataframe` draws its cells on a canvas, so
the assertions read headings, markdown, badges and widgets; which athlete is red or green is
taken from the package (`Service.team_view`) on the same database.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from loadwatch.app.service import Service
from loadwatch.synthetic import club as samples
from loadwatch.synthetic.demo import DEMO_TEAM
from loadwatch.views.team import Overview
from tests.dashboards.browser import (
    TIMEOUT_MS,
    check_page,
    choose,
    go,
    level_counts,
    main_area,
    settle,
    shot,
    sign_in,
    sign_out,
)
from tests.dashboards.conftest import CLUB, USERS, seed_store

pytestmark = [pytest.mark.browser]

#: A symptom check-in inside the sample club's last week of training data (Friday 20 Nov
#: 2026), so it counts in the week the pages open on whatever today's date is.
CHECKIN_DAY = (samples.CLUB_END - pd.Timedelta(days=2)).date()


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh store with the sample club, the model demo's squad with its installed model
    (about 11 s) and one account per role (the browser writes)."""
    return seed_store(tmp_path_factory.mktemp("browser"), with_model=True)


@pytest.fixture(scope="module")
def club(store_url: str) -> Iterator[Service]:
    """The package's view of the same database (which athlete is red, green, ...)."""
    service = Service.open(store_url)
    yield service
    service.store.close()


def _levels(service: Service, *, clinical: bool) -> pd.DataFrame:
    view = service.team_view(CLUB, user=USERS["therapist" if clinical else "coach"],
                             clinical=clinical)
    assert view is not None
    week = view.weeks[view.week_index()] if hasattr(view, "week_index") else view.weeks[0]
    return view.overview(week)


def test_coach_uploads_sees_red_opens_athlete_downloads_report(
        app_url: str, page: Any, club: Service, tmp_path: Path) -> None:
    sign_in(page, app_url, "coach")
    check_page(page)

    # upload: a coach's export of the last two weeks for four gymnasts (already stored)
    sessions = samples.club_sessions()
    last = pd.to_datetime(sessions["date"]) > samples.CLUB_END - pd.Timedelta(days=14)
    mine = sessions[last & sessions["athlete"].isin(["GYM-02", "GYM-05", "GYM-07", "GYM-15"])]
    log = tmp_path / "club_last_two_weeks.csv"
    mine.to_csv(log, index=False)
    go(page, "Upload a log", "Upload a training log")
    page.locator("input[type=file]").set_input_files(str(log))
    page.get_by_role("heading", name="1. Columns").wait_for()
    page.get_by_text(f"{len(mine):,} rows: {len(mine):,} valid, 0 with problems").wait_for()
    check_page(page)
    shot(page, "a1-coach-upload-preview")
    page.get_by_role("button", name=f"Store this upload for {CLUB}").click()
    result = main_area(page).locator("[data-testid=stAlertContentSuccess]")
    result.wait_for()
    assert re.search(r"\d+ sessions added, \d+ skipped as duplicate", result.inner_text()), \
        result.inner_text()
    assert f"0 sessions added, {len(mine)} skipped as duplicate" in result.inner_text()
    check_page(page)
    shot(page, "a2-coach-upload-stored")

    # the team overview: level words in the markdown line match the package's count
    coach_levels = _levels(club, clinical=False)
    reds = coach_levels.loc[coach_levels[Overview.LEVEL] == "red", Overview.ATHLETE].tolist()
    assert reds, "the sample club has red athletes in its last week"
    go(page, "Team overview", "Team overview")
    page.get_by_test_id("stDataFrame").wait_for()
    check_page(page)
    counts = level_counts(page)
    assert counts.get("RED") == len(reds), counts
    assert "GREEN" in counts and "REFER TO CLINICIAN" in counts, counts
    shot(page, "a3-coach-overview")

    # the athlete page of a red athlete
    red = reds[0]
    go(page, "Athlete", "Athlete")
    choose(page, "athlete_choice", red)
    page.get_by_role("heading", name=re.compile(rf"{red} — RED")).wait_for()
    page.get_by_role("heading", name="Daily load").wait_for()
    page.get_by_role("heading", name="Flags this week").wait_for()
    check_page(page)
    charts = main_area(page).get_by_test_id("stVegaLiteChart")
    assert charts.count() >= 3, "daily load, ratio and extension charts"
    shot(page, "a4-coach-athlete-red")

    # the weekly report: prepare, then download the xlsx and the pdf
    go(page, "Weekly report", "Weekly report")
    page.get_by_role("button", name="Prepare the report").click()
    magic = {"xlsx": b"PK\x03\x04", "pdf": b"%PDF-"}
    for ext, start in magic.items():
        button = page.get_by_role("button", name=re.compile(rf"^Download .+\.{ext}$"))
        button.wait_for(timeout=60_000)
        with page.expect_download() as download_info:
            button.click()
        download = download_info.value
        assert download.suggested_filename.endswith(f".{ext}")
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        content = saved.read_bytes()
        assert content.startswith(start), (ext, content[:16])
        assert len(content) > 2_000, (ext, len(content))
    check_page(page)
    shot(page, "a5-coach-report")

    # sign out: back to the sign-in form
    sign_out(page)
    assert page.get_by_role("heading", name="Weekly report").count() == 0


def test_signing_out_takes_the_pages_away(app_url: str, page: Any) -> None:
    """After signing out, the sidebar no longer lists the coach's pages."""
    sign_in(page, app_url, "coach")
    go(page, "Weekly report", "Weekly report")
    sign_out(page)
    page.wait_for_timeout(500)
    shot(page, "a6-signed-out")
    links = page.get_by_test_id("stSidebarNav").get_by_role("link").all_inner_texts()
    assert not links, f"the sidebar still lists {links} after signing out"


# --- (b) therapist -----------------------------------------------------------------------


def test_therapist_checkin_refers_a_green_athlete(
        app_url: str, page: Any, club: Service) -> None:
    levels = _levels(club, clinical=True)
    calm = levels.loc[levels[Overview.LEVEL].isin(["green", "amber"]), Overview.ATHLETE]
    assert not calm.empty
    athlete = sorted(calm.tolist())[0]

    sign_in(page, app_url, "therapist")
    check_page(page)
    before = level_counts(page).get("REFER TO CLINICIAN", 0)

    go(page, "Watch list", "Watch list")
    check_page(page)
    assert page.get_by_text(re.compile(rf"^{athlete} — ")).count() == 0

    go(page, "Check-ins, plans & notes", "Check-ins, plans and notes")
    choose(page, "clinical_athlete", athlete)
    check_page(page)
    date = page.locator(".st-key-ci_date")
    for segment, value in (("year", f"{CHECKIN_DAY:%Y}"), ("month", f"{CHECKIN_DAY:%m}"),
                           ("day", f"{CHECKIN_DAY:%d}")):
        date.get_by_role("spinbutton", name=re.compile(rf"^{segment}")).click()
        page.keyboard.type(value)
    assert date.locator("input[type=date]").input_value() == f"{CHECKIN_DAY:%Y-%m-%d}"
    page.locator(".st-key-ci_pain label").click()
    choose(page, "ci_side", "left")
    page.locator(".st-key-ci_arching label").click()
    page.locator(".st-key-ci_score input[type=range]").focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    assert page.locator(".st-key-ci_score input[type=range]").input_value() == "4"
    assert page.get_by_role("checkbox", name="Low back pain").is_checked()
    assert page.get_by_role("checkbox", name=re.compile("Worse when arching")).is_checked()
    shot(page, "b1-therapist-checkin-form")
    page.get_by_role("button", name="Save check-in").click()
    page.get_by_text(f"Check-in saved for {athlete}.").wait_for()
    check_page(page)

    go(page, "Watch list", "Watch list")
    line = page.get_by_test_id("stMarkdownContainer").filter(
        has_text=re.compile(rf"^{athlete} — REFER TO CLINICIAN"))
    line.wait_for()
    entry = main_area(page).get_by_test_id("stVerticalBlock").filter(has=line).last
    assert "left-sided, worse when arching" in entry.inner_text(), entry.inner_text()
    check_page(page)
    shot(page, "b2-therapist-watchlist")

    go(page, "Team overview", "Team overview")
    page.get_by_test_id("stDataFrame").wait_for()
    check_page(page)
    assert level_counts(page).get("REFER TO CLINICIAN") == before + 1
    shot(page, "b3-therapist-overview")

    go(page, "Athlete", "Athlete")
    choose(page, "athlete_choice", athlete)
    page.get_by_role("heading", name=re.compile(rf"{athlete} — REFER TO CLINICIAN")).wait_for()
    check_page(page)
    shot(page, "b4-therapist-athlete-referred")


# --- (c) the model's second opinion ------------------------------------------------------


def _open_demo_athlete(page: Any, athlete: str) -> None:
    """The model demo's squad in the sidebar, then the athlete page of `athlete`."""
    choose(page, "team_select", DEMO_TEAM)
    settle(page)  # during the rerun the old page's heading stands beside the new one
    page.get_by_role("heading", name="Team overview").first.wait_for()
    go(page, "Athlete", "Athlete")
    choose(page, "athlete_choice", athlete)
    page.get_by_role("heading", name=re.compile(rf"^{athlete} — ")).wait_for()
    page.get_by_role("heading", name="Flags this week").wait_for()
    check_page(page)
    assert page.locator(".st-key-team_select input[role=combobox]").input_value() == DEMO_TEAM


def _wait_until_laid_out(page: Any) -> None:
    """An opened expander grows over a second or so; wait until the page height holds
    (else the full-page screenshot cuts the card off)."""
    height = "() => document.querySelector('[data-testid=stMain]').scrollHeight"
    last, deadline = -1, time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        now = page.evaluate(height)
        if now == last:
            return
        last = now
        page.wait_for_timeout(400)
    pytest.fail(f"the page kept growing for {TIMEOUT_MS / 1000:.0f} s")


def test_therapist_sees_model_probability_and_card_coach_does_not(
        app_url: str, page: Any) -> None:
    athlete = "SIM-007"
    sign_in(page, app_url, "therapist")
    check_page(page)
    _open_demo_athlete(page, athlete)

    main = main_area(page)
    main.get_by_role("heading", name="Model second opinion").wait_for()
    metric = main.get_by_test_id("stMetric").filter(has_text="Modelled probability")
    assert metric.count() == 1
    label = metric.get_by_test_id("stMetricLabel").inner_text().strip()
    assert label == "Modelled probability of an injury onset within 7 days", label
    value = metric.get_by_test_id("stMetricValue").inner_text().strip()
    assert re.fullmatch(r"\d+\.\d%", value), value
    summary = main.get_by_test_id("stMarkdownContainer").filter(
        has_text=re.compile(r"^Model card: ROC AUC \d\.\d\d \(95 % CI \d\.\d\d–\d\.\d\d\)"))
    assert summary.count() == 1
    assert summary.locator("strong").first.inner_text().startswith("ROC AUC 0.")
    assert "injury events" in summary.inner_text(), summary.inner_text()

    expander = main.get_by_test_id("stExpander").filter(has_text="Model card")
    assert expander.count() == 1
    title = expander.get_by_text("Model card — loadwatch injury-risk model")
    assert not title.is_visible(), "the card is folded until the therapist opens it"
    expander.locator("summary").click()
    title.wait_for(state="visible")
    check_page(page)
    _wait_until_laid_out(page)
    shot(page, "therapist_model_card")

    sign_out(page)

    sign_in(page, app_url, "coach")
    check_page(page)
    _open_demo_athlete(page, athlete)
    text = main_area(page).inner_text()
    assert "Model second opinion" not in text
    assert "Modelled probability" not in text
    assert main_area(page).get_by_test_id("stExpander").filter(has_text="Model card").count() == 0

