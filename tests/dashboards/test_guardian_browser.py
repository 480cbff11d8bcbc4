"""The guardian's page in Chromium on a 390 px phone (issue 16 with issue 17): by their own
link, without signing in, a guardian reads their child's training availability — modified,
with the therapist's restriction and review date, never why (the therapist's note stays
out) — above the child's own answers.
Screenshot: test-artifacts/browser/guardian-availability.png."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from loadwatch.app.auth import User
from loadwatch.app.service import Service
from tests.dashboards.browser import check_page, launch_chromium, new_page, serve_app, shot
from tests.dashboards.conftest import CLUB, seed_store

pytestmark = [pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
COACH = User("coach1", "coach", (CLUB,))
PHYSIO = User("physio1", "therapist", (CLUB,))
REVIEW = dt.date.today() + dt.timedelta(days=14)


@pytest.fixture(scope="module")
def token(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(store URL, guardian token of GYM-07, who has a 2-week plan from today)."""
    url = seed_store(tmp_path_factory.mktemp("guardian_browser"))
    service = Service.open(url)
    try:
        service.add_plan(CLUB, "GYM-07", user=PHYSIO, restriction="no_extension_loading",
                         cap=None, start=dt.date.today(), review=REVIEW)
        service.add_note(CLUB, "GYM-07", "Suspected stress reaction, MRI booked", user=PHYSIO)
        link = service.athlete_link(CLUB, "GYM-07", user=COACH, kind="guardian")
    finally:
        service.store.close()
    yield url, link.url.split("=", 1)[1]


@pytest.fixture(scope="module")
def page(token: tuple[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with serve_app(token[0], Path(tmp_path_factory.mktemp("guardian_log"))) as url, \
            launch_chromium() as browser, new_page(browser, PHONE) as tab:
        tab.goto(f"{url}/?g={token[1]}")
        tab.get_by_text("Your child's training today").wait_for()
        yield tab


def test_the_guardian_reads_the_availability_above_the_answers(page: Any) -> None:
    check_page(page)
    main = page.get_by_test_id("stMain").inner_text()
    sentence = f"Modified — no back-arching skills until {REVIEW.day} {REVIEW:%b}"
    assert sentence in main
    assert main.index("Your child's training today") < main.index(sentence) \
        < main.index("Your child's answers")
    assert "never why" in main
    for secret in ("stress", "MRI", "fracture"):
        assert secret not in main
    shot(page, "guardian-availability")
