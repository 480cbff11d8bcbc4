"""Real exports through the dashboard's upload page, in Chromium (issue 13 "Done when"):
the Strava bulk export (one athlete: the page asks whose it is, as --athlete does; 609
sessions stored, the 19.6-hour activity refused by row), the coach's multi-sheet planning
workbook (sheet '2022': the page names the unmatched fields; the week column mapped, the
minutes read from the six 'Tps min' columns and the plan box ticked, 52 planned weeks of
15,385 minutes are stored) and a Google Forms sRPE
export (mapped by itself, 3 sessions). Real files are read from ../shared/realworld/ (skip
when absent, fail under CI=true). Screenshots: test-artifacts/browser/realfiles-*.png."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from loadwatch.app.service import Service
from loadwatch.schema import Col, DayStatus
from loadwatch.store import load_sessions
from loadwatch.store.db import Store, create_engine
from loadwatch.store.tables import weekly_totals
from tests.dashboards.browser import (
    check_page,
    choose,
    go,
    main_area,
    new_page,
    settle,
    shot,
    sign_in,
)
from tests.dashboards.conftest import CLUB

pytestmark = [pytest.mark.browser]
REAL = Path(__file__).parents[2] / ".." / "shared" / "realworld"
FORMS = Path(__file__).parents[1] / "data" / "profiles" / "google_forms_srpe.csv"


@pytest.fixture(scope="module", autouse=True)
def _real_files() -> None:
    if not REAL.is_dir():
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{REAL} is missing: CI must run the real-export tests")
        pytest.skip(f"{REAL} is absent (real exports are not part of this repository)")


@pytest.fixture
def page(browser: Any, app_url: str) -> Iterator[Any]:
    with new_page(browser) as tab:
        sign_in(tab, app_url, "coach")
        go(tab, "Upload a log", "Upload a training log")
        yield tab


def _sessions(store_url: str, athlete: str) -> int:
    """Sessions stored for `athlete` (a 'not recorded' marker is no session)."""
    service = Service.open(store_url)
    try:
        stored = load_sessions(service.store, team=CLUB)
    finally:
        service.store.close()
    mine = stored[stored[Col.ATHLETE] == athlete]
    return int(mine[Col.DAY_STATUS].ne(DayStatus.MISSING).sum()) if Col.DAY_STATUS in mine \
        else len(mine)


def _store(page: Any) -> str:
    main = main_area(page)
    main.get_by_role("button", name=f"Store this upload for {CLUB}").click()
    success = main.locator("[data-testid=stAlertContentSuccess]")
    success.wait_for()
    check_page(page)
    return str(success.inner_text())


def test_the_strava_export_is_named_and_stored_with_609_sessions(
        page: Any, store_url: str) -> None:
    page.locator("input[type=file]").set_input_files(str(REAL / "real_strava_activities.csv"))
    main = main_area(page)
    main.get_by_text("This looks like a Strava bulk export: one athlete, durations in "
                     "seconds, dates in UTC").wait_for()
    main.get_by_text("Some required fields have no column yet: Athlete.").wait_for()
    check_page(page)
    assert main.get_by_role("button", name=f"Store this upload for {CLUB}").count() == 0
    shot(page, "realfiles-1-strava-asks-the-athlete")
    name = page.locator(".st-key-upload_athlete input")
    name.fill("Runner")
    name.press("Enter")
    main.get_by_text("610 rows: 609 valid, 1 with problems").wait_for()
    main.get_by_text("Import only the valid rows", exact=True).click()
    settle(page)
    message = _store(page)
    assert message.startswith("real_strava_activities.csv: 609 sessions added, 0 skipped as "
                              "duplicate, 1 rejected"), message
    assert _sessions(store_url, "Runner") == 609
    shot(page, "realfiles-2-strava-stored")


PLANNER_BLOCKS = ["FRACTIONNE Tps min", "FRACTIONNE Tps min (L)", "FARTLEK/RECUP’ Tps min",
                  "CONDITION COURSE Tps min", "VELO/RANDO Tps min", "VOLUME Tps min"]


def _planned(store_url: str, message: str) -> tuple[int, float, int, int]:
    """(weeks, minutes, sessions, athletes) stored by the upload the message names."""
    upload_id = int(re.search(r"upload (\d+)", message).group(1))  # type: ignore[union-attr]
    store = Store(create_engine(store_url))
    try:
        with store.read() as conn:
            row = conn.execute(sa.select(
                sa.func.count(), sa.func.sum(weekly_totals.c.total_minutes),
                sa.func.sum(weekly_totals.c.sessions),
                sa.func.count(sa.distinct(weekly_totals.c.athlete_id)))
                .where(weekly_totals.c.upload_id == upload_id)).one()
    finally:
        store.close()
    return int(row[0]), float(row[1]), int(row[2]), int(row[3])


def test_the_multisheet_planner_is_stored_from_the_page_as_planned_weeks(
        page: Any, store_url: str) -> None:
    """The CLI's --sheet 2022 --athlete … --map week_start=CALENDRIER --map 'duration=*Tps
    min' --planned, clicked: 52 weeks, 193 sessions, 15,385 planned minutes stored."""
    path = REAL / "real_coach_planner_multisheet.xlsx"
    key = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
    page.locator("input[type=file]").set_input_files(str(path))
    main = main_area(page)
    main.get_by_text("Some required fields have no column yet: Athlete, Date.").wait_for()
    choose(page, "upload_sheet", "2022")
    settle(page)
    main.get_by_text("Some required fields have no column yet: Athlete, Date. Pick the "
                     "column that holds each.").wait_for()
    check_page(page)
    assert main.get_by_role("button", name=f"Store this upload for {CLUB}").count() == 0
    shot(page, "realfiles-3-planner-sheet-2022")
    choose(page, f"map_{key}_week_start", "CALENDRIER")
    blocks = page.locator(f".st-key-wide_{key}_duration_min input")
    for header in PLANNER_BLOCKS:
        blocks.click()
        blocks.fill(header)
        page.get_by_role("option", name=header, exact=True).click()
        settle(page)
    page.locator(f".st-key-planned_{key} label").click()
    name = page.locator(".st-key-upload_athlete input")
    name.fill("Planner")
    name.press("Enter")
    settle(page)
    shot(page, "realfiles-3b-planner-mapped")
    main.get_by_role("button", name="Apply column changes").click()
    main.get_by_text("53 rows: 53 valid, 0 with problems").wait_for()
    main.get_by_text("Read as a weekly log.", exact=False).wait_for()
    main.get_by_text("planned minutes: read as the coach's weekly totals", exact=False
                     ).first.wait_for()
    check_page(page)
    shot(page, "realfiles-3c-planner-preview")
    message = _store(page)
    assert message.startswith("real_coach_planner_multisheet.xlsx: 52 weeks added, 0 skipped "
                              "as duplicate, 0 rejected"), message
    assert _planned(store_url, message) == (52, 15385.0, 193, 1)
    shot(page, "realfiles-3d-planner-stored")


def test_a_google_forms_export_maps_itself_and_stores_its_3_sessions(
        page: Any, store_url: str) -> None:
    page.locator("input[type=file]").set_input_files(str(FORMS))
    main = main_area(page)
    main.get_by_text("3 rows: 3 valid, 0 with problems").wait_for()
    main.get_by_text("RPE read from answer labels ('7 - Very hard' → 7)", exact=False
                     ).first.wait_for()
    check_page(page)
    shot(page, "realfiles-4-forms-preview")
    message = _store(page)
    assert message.startswith("google_forms_srpe.csv: 3 sessions added, 0 skipped as "
                              "duplicate, 0 rejected"), message
    assert (_sessions(store_url, "Mia"), _sessions(store_url, "Noah")) == (2, 1)
    shot(page, "realfiles-5-forms-stored")
