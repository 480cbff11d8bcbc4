"""The athlete's link page, the guardian's page, compliance and links pages with AppTest
(issue 16): a link works only for its athlete, after a guardian's consent for a minor; the
forms store once; the coach sees athlete-reported sessions; a revoked link is refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from loadwatch.app.auth import User
from loadwatch.app.service import Service
from tests.dashboards.conftest import APP, CLUB, PAGES, USERS, seed_store, seen

ATHLETE = "GYM-04"
COACH = User(USERS["coach"].username, "coach", (CLUB,))


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample club with one account per role (this module writes)."""
    return seed_store(tmp_path_factory.mktemp("checkin"))


@pytest.fixture
def env(store_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Service]:
    monkeypatch.setenv("LOADWATCH_DB", store_url)
    monkeypatch.delenv("LOADWATCH_SMTP_URL", raising=False)
    service = Service.open(store_url)
    yield service
    service.store.close()


def _token(url: str) -> str:
    return url.split("=", 1)[1]


def _by_link(key: str, token: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params[key] = token
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [i.value for i in at.info]
                     + [e.value for e in at.error] + [s.value for s in at.success])


def test_an_unknown_link_gets_a_friendly_page_and_no_form(env: Service) -> None:
    at = _by_link("t", "not-a-real-token-at-all")
    assert [i.value for i in at.info] == ["This link does not work. Ask your coach for a new one."]
    assert not at.radio and not at.number_input
    assert "Username" not in [t.label for t in at.text_input]  # not the sign-in form


def test_a_minor_needs_consent_then_the_session_form_stores_once(env: Service) -> None:
    link = env.athlete_link(CLUB, ATHLETE, user=COACH)
    at = _by_link("t", _token(link.url))
    assert [i.value for i in at.info] == [
        "A parent or guardian needs to say yes first. Your coach can give them their own link."]
    assert not at.radio
    guardian = env.athlete_link(CLUB, ATHLETE, user=COACH, kind="guardian")
    page = _by_link("g", _token(guardian.url))
    assert "What your child's link collects" in _texts(page)
    page.radio(key="g_choice").set_value("Yes, I agree").run()
    page.button(key="g_save").click().run()
    assert "You have agreed." in _texts(page)

    at = _by_link("t", _token(link.url))
    assert f"Hi **{ATHLETE}** ({CLUB})" in _texts(at)
    at.number_input(key="s_minutes").set_value(75)
    at.radio(key="s_rpe").set_value(6)
    at.number_input(key="s_arches").set_value(40)
    at.button[0].click().run()
    assert "Thank you — saved." in _texts(at)
    assert at.radio(key="s_rpe-1").value is None  # a fresh form, not the answers again
    table = env.athlete_reported(CLUB, user=COACH)
    mine = table[table["athlete"] == ATHLETE]
    assert mine[["duration_min", "rpe", "load_au", "used"]].values.tolist() == [
        [75.0, 6.0, 450.0, "athlete"]]
    assert env.compliance(CLUB, user=COACH).set_index("athlete").loc[
        ATHLETE, "sessions_this_week"] == 1


def test_the_back_check_needs_every_answer(env: Service) -> None:
    guardian = env.athlete_link(CLUB, "GYM-05", user=COACH, kind="guardian")
    env.guardian_decide(_token(guardian.url), "consented")
    link = env.athlete_link(CLUB, "GYM-05", user=COACH)
    at = _by_link("t", _token(link.url))
    at.radio(key="b_ostrc_pain").set_value("A little")
    at.button[1].click().run()
    assert [e.value for e in at.error] == ["Please answer every question (tap Yes or No)."]
    row = env.compliance(CLUB, user=COACH).set_index("athlete").loc["GYM-05"]
    assert bool(row["back_check_this_week"]) is False


def test_a_revoked_link_is_refused(env: Service) -> None:
    link = env.athlete_link(CLUB, "GYM-06", user=COACH)
    env.athlete_link(CLUB, "GYM-06", user=COACH)  # the new link revokes the old
    at = _by_link("t", _token(link.url))
    assert [i.value for i in at.info] == [
        "This link has been replaced. Ask your coach for your new link."]


@pytest.mark.parametrize(("role", "page"), [("coach", "compliance.py"),
                                            ("therapist", "compliance.py"),
                                            ("admin", "compliance.py"), ("coach", "links.py"),
                                            ("admin", "links.py")])
def test_the_signed_in_pages_render(env: Service, role: str, page: str) -> None:
    at = AppTest.from_file(str(PAGES / page), default_timeout=120)
    at.session_state["user"] = USERS[role]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value in ("Athlete check-ins", "Athlete links")


def test_a_therapist_cannot_open_the_links_page(env: Service) -> None:
    at = AppTest.from_file(str(PAGES / "links.py"), default_timeout=120)
    at.session_state["user"] = USERS["therapist"]
    at.run()
    assert [e.value for e in at.error] == ["This page is not available for your role."]


def test_the_links_page_makes_a_link_and_its_qr_code(env: Service, tmp_path: Path) -> None:
    at = AppTest.from_file(str(PAGES / "links.py"), default_timeout=120)
    at.session_state["user"] = USERS["coach"]
    at.run()
    at.selectbox(key="link_athlete").set_value("GYM-07")
    at.button[0].click().run()
    assert not at.exception
    assert at.code[0].value.startswith("http://localhost:8501/?t=")
    assert "New athlete link for GYM-07" in seen(at.success[0].value)
