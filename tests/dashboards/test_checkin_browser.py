"""Issue 16 end to end on a 390 px phone: a personal link opens the check-in without signing
in; the session form is stored and the coach sees it as athlete-reported; a back check
"hurts when arching: yes, left" makes the athlete REFER on the therapist's watch list and a
mail with no symptom words arrives at a local SMTP server (aiosmtpd); a minor cannot submit
until the guardian consents by their own link, and withdrawing stops it; a revoked link is
refused. Screenshots land in test-artifacts/browser/ (checkin-*.png)."""

from __future__ import annotations

import email
import email.policy
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from loadwatch.app import alerts
from loadwatch.app.auth import User
from loadwatch.app.service import Service
from tests.dashboards.browser import (
    SHOTS,
    check_page,
    go,
    main_area,
    new_page,
    serve_app,
    settle,
    sign_in,
)
from tests.dashboards.conftest import CLUB, seed_store

pytestmark = [pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
COACH = User("coach1", "coach", (CLUB,))
SYMPTOM_WORDS = re.compile(r"arch|pain|hurt|left|side|numb|night|GYM-", re.IGNORECASE)


class Inbox:
    """Every message the local SMTP server receives: (recipients, subject, body)."""

    def __init__(self) -> None:
        self.mails: list[tuple[list[str], str, str]] = []
        self.port = _free_port()

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.mails.append((list(envelope.rcpt_tos), str(message["Subject"]),
                           str(message.get_content())))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def inbox() -> Iterator[Inbox]:
    box = Inbox()
    server = Controller(box, hostname="127.0.0.1", port=box.port)
    server.start()
    yield box
    server.stop()


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample club, one account per role; the therapist has an address."""
    url = seed_store(tmp_path_factory.mktemp("checkin-browser"))
    alerts.set_email(url, "physio1", "physio1@club.example", by="tests")
    return url


@pytest.fixture(scope="module")
def club(store_url: str) -> Iterator[Service]:
    service = Service.open(store_url)
    yield service
    service.store.close()


@pytest.fixture(scope="module")
def app_url(store_url: str, inbox: Inbox, tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[str]:
    env = {"LOADWATCH_SMTP_URL": f"smtp://127.0.0.1:{inbox.port}",
           "LOADWATCH_BASE_URL": "https://club.example"}
    with serve_app(store_url, tmp_path_factory.mktemp("streamlit"), env=env) as url:
        yield url


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    with new_page(browser, viewport=PHONE) as tab:
        yield tab


@pytest.fixture
def desk(browser: Any) -> Iterator[Any]:
    with new_page(browser) as tab:
        yield tab


def phone_shot(page: Any, name: str) -> Path:
    """A full-height screenshot at the phone's width (Streamlit scrolls inside its main)."""
    settle(page)
    height = page.evaluate("() => Math.max(844, ...[...document.querySelectorAll("
                           "'[data-testid=stMain], [data-testid=stAppViewContainer]')]"
                           ".map(e => e.scrollHeight))")
    page.set_viewport_size({"width": PHONE["width"], "height": int(height) + 40})
    page.wait_for_timeout(400)
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(PHONE)
    return path


def _token(url: str) -> str:
    return url.split("=", 1)[1]


def _open(page: Any, app_url: str, key: str, token: str) -> None:
    page.goto(f"{app_url}/?{key}={token}")
    page.get_by_role("heading").first.wait_for()
    settle(page)


def _pick(page: Any, key: str, option: str) -> None:
    page.locator(f".st-key-{key}").get_by_text(option, exact=True).click()


def _wait_for(predicate: Any, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.25)


def test_session_then_back_check_reach_the_coach_and_the_therapist(
        phone: Any, desk: Any, app_url: str, club: Service, inbox: Inbox) -> None:
    token = _token(club.athlete_link(CLUB, "GYM-11", user=COACH).url)  # 17: no consent needed
    _open(phone, app_url, "t", token)
    assert phone.get_by_role("heading", name="My check-in").is_visible()
    main_area(phone).get_by_text("Hi GYM-11 (Gymnastics club)", exact=False).wait_for()
    phone.locator(".st-key-s_minutes input").fill("75")
    _pick(phone, "s_rpe", "6 — Hard+")
    phone_shot(phone, "checkin-session-form-390")
    phone.get_by_role("button", name="Send session").click()
    phone.get_by_text("Thank you — saved.").wait_for()
    check_page(phone)

    phone.get_by_role("tab", name="Weekly back check").click()
    _pick(phone, "b_ostrc_participation", "Yes, fully, but with problems")
    _pick(phone, "b_ostrc_volume", "Not at all")
    _pick(phone, "b_ostrc_performance", "Not at all")
    _pick(phone, "b_ostrc_pain", "A little")
    _pick(phone, "b_arching", "Yes")
    _pick(phone, "b_side", "Left side")
    for key in ("night_pain", "leg_numbness_weakness", "bladder_bowel_change",
                "fever_or_unwell", "weight_loss", "trauma"):
        _pick(phone, f"b_{key}", "No")
    phone_shot(phone, "checkin-back-check-390")
    phone.get_by_role("button", name="Send back check").click()
    phone.get_by_text("Thank you — saved.").wait_for()
    check_page(phone)
    fresh = phone.locator(".st-key-b_arching-1")  # a fresh form: nothing chosen
    assert fresh.count() == 1 and fresh.locator("input").count() == 2
    assert fresh.locator("input:checked").count() == 0
    phone_shot(phone, "checkin-back-check-saved-390")

    _wait_for(lambda: len(inbox.mails) == 1)
    recipients, subject, body = inbox.mails[0]
    assert recipients == ["physio1@club.example"]
    assert subject == "loadwatch: an athlete of Gymnastics club needs a clinician's look"
    assert body.startswith("An athlete of Gymnastics club needs a clinician's look — open "
                           "loadwatch: https://club.example/compliance")
    assert not SYMPTOM_WORDS.search(body), SYMPTOM_WORDS.search(body)

    sign_in(desk, app_url, "coach")
    go(desk, "Athlete check-ins", "Athlete check-ins")
    reported = club.athlete_reported(CLUB, user=COACH)  # the demo's 4 and today's one
    today = reported[(reported["athlete"] == "GYM-11") & (reported["used"] == "athlete")]
    assert today[["duration_min", "rpe", "load_au"]].values.tolist() == [[75.0, 6.0, 450.0]]
    main_area(desk).get_by_text(f"{len(reported)} athlete-reported session(s); "
                                f"{int((reported['used'] == 'coach').sum())} on a day the "
                                "coach's log also has", exact=False).wait_for()
    check_page(desk)
    desk.get_by_role("button", name="Sign out").click()
    desk.get_by_role("button", name="Sign in").wait_for()
    sign_in(desk, app_url, "therapist")
    go(desk, "Watch list", "Watch list")
    settle(desk)
    text = main_area(desk).inner_text()
    assert "GYM-11" in text and "REFER TO CLINICIAN" in text


def test_a_minor_needs_the_guardian_and_withdrawal_stops_it(
        phone: Any, app_url: str, club: Service) -> None:
    token = _token(club.athlete_link(CLUB, "GYM-04", user=COACH).url)  # born 2011
    guardian = _token(club.athlete_link(CLUB, "GYM-04", user=COACH, kind="guardian").url)
    _open(phone, app_url, "t", token)
    phone.get_by_text("A parent or guardian needs to say yes first.", exact=False).wait_for()
    assert phone.get_by_role("button", name="Send session").count() == 0
    phone_shot(phone, "checkin-needs-consent-390")

    _open(phone, app_url, "g", guardian)
    phone.get_by_role("heading", name="Consent for your child's check-ins").wait_for()
    _pick(phone, "g_choice", "Yes, I agree")
    phone.get_by_role("button", name="Save my answer").click()
    phone.get_by_text("You have agreed.").wait_for()
    phone_shot(phone, "checkin-guardian-consented-390")

    _open(phone, app_url, "t", token)
    phone.get_by_role("button", name="Send session").wait_for()
    _pick(phone, "s_rpe", "3 — Moderate")
    phone.get_by_role("button", name="Send session").click()
    phone.get_by_text("Thank you — saved.").wait_for()

    _open(phone, app_url, "g", guardian)
    phone.get_by_role("button", name="Withdraw my consent").click()
    phone.get_by_text("You have withdrawn your consent.").wait_for()
    _open(phone, app_url, "t", token)
    phone.get_by_text("A parent or guardian needs to say yes first.", exact=False).wait_for()


def test_a_revoked_link_gets_a_friendly_page(phone: Any, app_url: str, club: Service) -> None:
    old = _token(club.athlete_link(CLUB, "GYM-13", user=COACH).url)
    club.athlete_link(CLUB, "GYM-13", user=COACH)
    _open(phone, app_url, "t", old)
    phone.get_by_text("This link has been replaced. Ask your coach for your new link.").wait_for()
    assert phone.get_by_role("textbox", name="Username").count() == 0
    phone_shot(phone, "checkin-revoked-390")
