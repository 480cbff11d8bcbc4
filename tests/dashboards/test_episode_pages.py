"""The therapist's record in the dashboard (issue 17), with Streamlit's AppTest on a store of
its own: a therapist opens an episode, generates and approves the return plan; the coach's
overview and athlete page say "modified — no back-arching skills, ≤ N h/week until …" and
never the diagnosis; coaches cannot open the clinical pages; the admin erases an athlete with
the id typed again; the epidemiology page shows the risk matrix."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from loadwatch.app.service import Service
from tests.dashboards.conftest import CLUB, USERS, app_as, seed_store, seen

ATHLETE = "GYM-04"
DIAGNOSIS = "Left L5 pars stress reaction on MRI"


@pytest.fixture(scope="module")
def own_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return seed_store(tmp_path_factory.mktemp("episodes"))


@pytest.fixture
def env(own_db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("LOADWATCH_DB", own_db)
    yield own_db


def _texts(at: AppTest) -> str:
    """Every text of the page as the reader sees it (names are escaped in the source)."""
    parts = [m.value for m in at.markdown] + [t.value for t in at.title]
    parts += [e.value for e in at.error] + [s.value for s in at.success]
    parts += [w.value for w in at.warning] + [c.value for c in at.caption]
    parts += [frame.value.to_string() for frame in at.dataframe]
    return seen("\n".join(str(p) for p in parts))


def _button(at: AppTest, label: str) -> object:
    return next(b for b in at.button if b.label == label)


def _page(role: str, page: str) -> AppTest:
    at = app_as(role, page)
    at.session_state["team"] = CLUB
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _expected(url: str) -> str:
    """The sentence the approved stage 1 gives: half the typical week, rounded down."""
    svc = Service.open(url)
    try:
        episode = int(svc.episodes(CLUB, user=USERS["therapist"], athlete=ATHLETE)
                      ["episode_id"].iloc[0])
        plan, stages = svc.return_plan(CLUB, episode, user=USERS["therapist"])
    finally:
        svc.store.close()
    assert plan is not None
    hours = math.floor(math.floor(plan["base_minutes"] * 0.5) / 6) / 10
    review = stages["review_date"].iloc[0]
    return f"modified — no back-arching skills, ≤ {hours:g} h/week until " \
           f"{review.day} {review:%b}"


def test_therapist_opens_an_episode_and_approves_the_plan_the_coach_sees_caps_only(
        env: str) -> None:
    at = _page("therapist", "episodes.py")
    at.selectbox(key="episode_athlete").set_value(ATHLETE).run()
    at.date_input(key="ep_onset").set_value(dt.date(2026, 11, 18))
    at.selectbox(key="ep_side").set_value("left")
    at.text_input(key="ep_diagnosis").set_value(DIAGNOSIS)
    _button(at, "Open episode").click().run()
    assert "Episode opened for GYM-04." in _texts(at) and DIAGNOSIS in _texts(at)
    at.date_input(key="plan_start").set_value(dt.date(2026, 11, 23))
    at.button(key="plan_generate").click().run()
    assert "Return plan proposed" in _texts(at)
    at.button(key="plan_approve").click().run()
    assert not at.exception, [e.value for e in at.exception]
    expected = _expected(env)
    shown = "\n".join(m.value for m in at.markdown).replace("\\", "")
    assert f"Availability (what coaches see): **{expected}**" in shown

    for page in ("overview.py", "athlete.py"):
        coach = _page("coach", page)
        if page == "athlete.py":
            coach.selectbox(key="athlete_choice").set_value(ATHLETE).run()
        text = _texts(coach).replace("\\", "")
        assert expected in text, page
        assert DIAGNOSIS not in text and "pars" not in text.lower()


@pytest.mark.parametrize("page", ["episodes.py", "epidemiology.py"])
def test_a_coach_cannot_open_the_clinical_pages(env: str, page: str) -> None:
    at = app_as("coach", page)
    at.run()
    assert [e.value for e in at.error] == ["This page is not available for your role."]
    assert not at.dataframe and not at.text_input


@pytest.mark.parametrize("role", ["therapist", "admin"])
def test_the_epidemiology_page_shows_incidence_and_the_risk_matrix(env: str,
                                                                   role: str) -> None:
    at = _page(role, "epidemiology.py")
    text = _texts(at)
    assert "per 1,000 h" in text and "Incidence /1,000 h" in text
    assert at.selectbox(key="epi_season").options[0] == "all seasons"


def test_the_admin_erases_an_athlete_with_the_id_typed_again(env: str) -> None:
    at = _page("admin", "episodes.py")
    assert at.title[0].value == "Erase an athlete" and not at.dataframe
    at.selectbox(key="erase_athlete").set_value("GYM-12")
    at.text_input(key="erase_confirm").set_value("GYM-1")
    _button(at, "Erase every trace of this athlete").click().run()
    assert [seen(e.value) for e in at.error] == [
        "the athlete's id typed again (--confirm) does not match; nothing was erased"]
    at.selectbox(key="erase_athlete").set_value("GYM-12")
    at.text_input(key="erase_confirm").set_value("GYM-12")
    _button(at, "Erase every trace of this athlete").click().run()
    assert any(s.value.startswith("erased ") for s in at.success)
    assert "GYM-12" not in at.selectbox(key="erase_athlete").options
