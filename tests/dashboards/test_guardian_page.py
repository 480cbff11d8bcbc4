"""The guardian's page shows their child's training availability beside the child's own
reports (issue 16 with issue 17): full / modified / unavailable with the caps and review date
the therapist set — never why — and only by the guardian's own, working link."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from loadwatch.app.auth import User
from loadwatch.app.selfreport import Refused
from loadwatch.app.service import Service
from tests.dashboards.conftest import APP, CLUB, USERS, seed_store

COACH = User(USERS["coach"].username, "coach", (CLUB,))
PHYSIO = User(USERS["therapist"].username, "therapist", (CLUB,))
TODAY = dt.date.today()
REVIEW = TODAY + dt.timedelta(days=14)
UNTIL = f"{REVIEW.day} {REVIEW:%b}"


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample club; GYM-07 gets a clinician plan from today for 2 weeks (no back
    arching, ≤ 1,200 AU a week) with a therapist's note the guardian must never see."""
    url = seed_store(tmp_path_factory.mktemp("guardian"))
    service = Service.open(url)
    try:
        service.add_plan(CLUB, "GYM-07", user=PHYSIO, restriction="no_extension_loading",
                         cap=None, start=TODAY, review=REVIEW)
        service.add_plan(CLUB, "GYM-07", user=PHYSIO, restriction="cap_load_au_per_week",
                         cap=1200.0, start=TODAY, review=REVIEW)
        service.add_note(CLUB, "GYM-07", "Suspected stress reaction L5, MRI booked",
                         user=PHYSIO)
    finally:
        service.store.close()
    return url


@pytest.fixture
def env(store_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Service]:
    monkeypatch.setenv("LOADWATCH_DB", store_url)
    monkeypatch.delenv("LOADWATCH_SMTP_URL", raising=False)
    service = Service.open(store_url)
    yield service
    service.store.close()


def _guardian_token(env: Service, athlete: str) -> str:
    return env.athlete_link(CLUB, athlete, user=COACH, kind="guardian").url.split("=", 1)[1]


def _page(token: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["g"] = token
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption]
                     + [i.value for i in at.info] + [e.value for e in at.error])


def test_the_service_gives_the_childs_availability_by_the_guardians_link(env: Service) -> None:
    token = _guardian_token(env, "GYM-07")
    assert env.guardian_availability(token) == (
        f"modified — no back-arching skills, ≤ 1,200 AU/week until {UNTIL}")
    assert env.guardian_availability(token, REVIEW + dt.timedelta(days=1)) == "full"
    assert env.guardian_availability(_guardian_token(env, "GYM-04")) == "full"


def test_only_a_working_guardian_link_gets_the_availability(env: Service) -> None:
    athlete_token = env.athlete_link(CLUB, "GYM-07", user=COACH).url.split("=", 1)[1]
    with pytest.raises(Refused, match="^This link does not work. Ask your coach for a new "
                                      "one.$"):
        env.guardian_availability(athlete_token)
    old = _guardian_token(env, "GYM-07")
    _guardian_token(env, "GYM-07")  # a new guardian link replaces the old one
    with pytest.raises(Refused, match="^This link has been replaced"):
        env.guardian_availability(old)
    with pytest.raises(Refused, match="^This link does not work"):
        env.guardian_availability(None)


def test_the_guardian_page_shows_the_availability_next_to_the_reports(env: Service) -> None:
    at = _page(_guardian_token(env, "GYM-07"))
    headers = [h.value for h in at.subheader]
    assert headers == ["Your child's training today", "Your child's answers"]
    markdown = [m.value for m in at.markdown]
    # the sentence goes through plain_text: its punctuation is escaped, shown literally
    assert (f"**Modified — no back\\-arching skills\\, ≤ 1\\,200 AU\\/week until {UNTIL}**"
            in markdown)
    assert [c.value for c in at.caption][0].startswith(
        "Set by the club's therapist: full, modified (with its limits and review date) or "
        "unavailable. It says what training is possible, never why")
    text = _texts(at)
    for secret in ("stress", "MRI", "L5", "fracture"):
        assert secret not in text
    assert markdown[0].startswith("For **GYM\\-07** (Gymnastics club). Text version ")


def test_a_child_without_a_plan_is_full_and_a_bad_link_shows_no_status(env: Service) -> None:
    at = _page(_guardian_token(env, "GYM-04"))
    assert "**Full**" in [m.value for m in at.markdown]
    bad = _page("not-a-real-token-at-all")
    assert [i.value for i in bad.info] == ["This link does not work. Ask your coach for a new one."]
    assert not bad.subheader
