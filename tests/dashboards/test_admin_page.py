"""The admin page (issue 15 item 6): users without hashes, add with existing teams only,
deactivate (the user's open session ends on its next run), reset password (shown once, a new
one at next sign-in), teams; the audit log reader with who opened clinical data. Sign-in
lockout and the forced new password through the app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboards.conftest import APP, CLUB, PAGES, PASSWORD, USERS, seed_store, seen


@pytest.fixture(scope="module")
def admin_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store of its own: these tests change accounts."""
    return seed_store(tmp_path_factory.mktemp("admin_page"))


@pytest.fixture
def env(admin_db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("LOADWATCH_DB", admin_db)
    yield admin_db


def _page(role: str = "admin", page: str = "admin.py") -> AppTest:
    at = AppTest.from_file(str(PAGES / page), default_timeout=120)
    at.session_state["user"] = USERS[role]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _click(at: AppTest, label: str) -> AppTest:
    [button] = [b for b in at.button if b.label == label]
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _users(at: AppTest) -> dict[str, dict[str, object]]:
    table = at.dataframe[0].value
    assert list(table.columns) == ["username", "role", "teams", "active"]  # no hashes
    return table.set_index("username").to_dict("index")


def test_only_an_admin_opens_the_page(env: str) -> None:
    at = _page("coach")
    assert [e.value for e in at.error] == ["This page is not available for your role."]


def test_the_admin_adds_a_user_with_an_existing_team(env: str) -> None:
    at = _page()
    assert _users(at)["coach1"] == {"role": "coach", "teams": CLUB, "active": True}
    assert at.multiselect(key="admin_new_teams").options == [CLUB, "School football"]
    at.text_input(key="admin_new_username").set_value("coach9")
    at.text_input(key="admin_new_password").set_value("password1234")
    _click(at, "Add user")
    assert [seen(e.value) for e in at.error] == [
        "this password is on the list of common passwords; choose a longer phrase"]
    at.text_input(key="admin_new_username").set_value("coach9")
    at.text_input(key="admin_new_password").set_value(PASSWORD)
    at.multiselect(key="admin_new_teams").set_value([CLUB])
    _click(at, "Add user")
    assert [s.value for s in at.success] == ["User coach9 added (coach)."]
    assert _users(at)["coach9"] == {"role": "coach", "teams": CLUB, "active": True}


def test_deactivating_signs_the_open_session_out_on_its_next_run(env: str) -> None:
    coach = AppTest.from_file(str(APP), default_timeout=120)
    coach.run()
    coach.text_input[0].set_value("coach1")
    coach.text_input[1].set_value(PASSWORD)
    coach.button[0].click().run()
    assert coach.title[0].value == "Team overview"
    at = _page()
    at.selectbox(key="admin_user").set_value("coach1").run()
    _click(at, "Deactivate")
    assert [s.value for s in at.success] == ["coach1 deactivated: signed out everywhere."]
    assert _users(at)["coach1"]["active"] is False
    coach.run()  # the coach's next action
    assert [t.label for t in coach.text_input] == ["Username", "Password"]
    assert "user" not in coach.session_state
    assert [i.value for i in coach.info][0].startswith("Your session has ended")
    at.selectbox(key="admin_user").set_value("coach1").run()
    _click(at, "Reactivate")
    assert [s.value for s in at.success] == ["coach1 reactivated."]


def test_a_reset_shows_the_temporary_password_once_and_asks_for_a_new_one(env: str) -> None:
    at = _page()
    at.selectbox(key="admin_user").set_value("physio1").run()
    _click(at, "Reset password")
    [code] = at.code
    temporary = code.value
    assert len(temporary) == 16
    assert [s.value for s in at.success] == [
        "Password of physio1 reset: their sessions ended."]
    at.run()
    assert not at.code  # shown only once
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.run()
    app.text_input[0].set_value("physio1")
    app.text_input[1].set_value(temporary)
    app.button[0].click().run()
    assert app.title[0].value == "Choose a new password"
    app.text_input[0].set_value(temporary)
    app.text_input[1].set_value("123456789012")
    app.text_input[2].set_value("123456789012")
    _click(app, "Save the new password")
    assert [e.value for e in app.error] == [
        "A password cannot be a run of a sequence such as 1234… or abcd… or qwerty…."]
    app.text_input[0].set_value(temporary)
    app.text_input[1].set_value(PASSWORD)
    app.text_input[2].set_value(PASSWORD)
    _click(app, "Save the new password")
    assert app.title[0].value == "Team overview"


def test_teams_are_changed_from_the_list(env: str) -> None:
    at = _page()
    at.selectbox(key="admin_user").set_value("coach1").run()
    at.multiselect(key="admin_teams_coach1").set_value([CLUB, "School football"]).run()
    _click(at, "Save teams")
    assert [seen(s.value) for s in at.success] == [
        "Teams of coach1: Gymnastics club, School football."]
    assert _users(at)["coach1"]["teams"] == "Gymnastics club, School football"
    at.selectbox(key="admin_user").set_value("coach1").run()
    at.multiselect(key="admin_teams_coach1").set_value([CLUB]).run()
    _click(at, "Save teams")
    assert _users(at)["coach1"]["teams"] == CLUB


def test_the_audit_reader_shows_who_opened_clinical_data(env: str) -> None:
    watch = _page("therapist", "watchlist.py")
    assert watch.title
    at = _page()
    at.selectbox(key="audit_action").set_value("Clinical data opened").run()
    log = at.dataframe[1].value
    assert set(log["action"]) == {"clinical.read"}
    assert (log["actor"] == "physio1").any()
    assert f"team={CLUB} what=team clinical view" in log["detail"].tolist()
    at.selectbox(key="audit_action").set_value("All").run()
    at.text_input(key="audit_actor").set_value("nobody-at-all").run()
    assert at.dataframe[1].value.empty
    assert [c.value for c in at.caption if "entries" in c.value] == [
        "0 entries (at most 500 shown)"]


def test_five_wrong_passwords_lock_the_sign_in(env: str, tmp_path: Path) -> None:
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.run()
    for _ in range(5):
        app.text_input[0].set_value("admin1")
        app.text_input[1].set_value("not the password")
        app.button[0].click().run()
        assert [e.value for e in app.error] == ["Unknown username or wrong password."]
    app.text_input[0].set_value("admin1")
    app.text_input[1].set_value(PASSWORD)
    app.button[0].click().run()
    assert [e.value for e in app.error] == [
        "Too many failed sign-ins; try again in 1 minute."]
    assert "user" not in app.session_state
