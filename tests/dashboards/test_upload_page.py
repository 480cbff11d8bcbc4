"""The upload page and the teams page with AppTest (issues 15.3, 15.5, 19.4): a coach picks
a team from a list (no free-text name), sees the team's upload history and undoes an upload;
an admin creates, renames and archives teams and an archived team vanishes from the coach's
list. The file flow itself (diff, correct, undo) is the browser test's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from loadwatch.app.service import Service
from tests.dashboards.conftest import CLUB, PAGES, USERS, seed_store, seen

FOOTBALL = "School football"


@pytest.fixture(scope="module")
def own_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store of this module's own (these tests write)."""
    return seed_store(tmp_path_factory.mktemp("upload_page"))


@pytest.fixture
def env(own_db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("LOADWATCH_DB", own_db)
    yield own_db


def _page(role: str, page: str) -> AppTest:
    at = AppTest.from_file(str(PAGES / page), default_timeout=120)
    at.session_state["user"] = USERS[role]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _history(at: AppTest) -> list[int]:
    frames = [f.value for f in at.dataframe if "upload" in f.value.columns]
    return frames[0]["upload"].tolist() if frames else []


def test_a_coach_picks_a_team_from_a_list_and_sees_its_history(env: str) -> None:
    at = _page("coach", "upload.py")
    assert not at.text_input, "no free-text team name"
    assert at.selectbox(key="upload_team").options == [CLUB]
    assert [t.value for t in at.title] == ["Upload a training log"]
    assert [s.value for s in at.subheader] == ["Upload history"]
    uploads = _history(at)
    assert uploads and uploads == sorted(uploads, reverse=True)  # newest first


def test_undo_from_the_history_removes_the_upload_and_says_so(env: str, tmp_path: Path
                                                             ) -> None:
    svc = Service.open(env)
    try:
        data = b"athlete,date,sport,duration_min,rpe\nGYM-01,2026-11-23,gymnastics,45,4\n"
        added = svc.store_upload(data, "extra.csv", CLUB, user=USERS["coach"],
                                 column_map=None, dayfirst=None, skip_invalid=False,
                                 add_as_new=True)
    finally:
        svc.store.close()
    at = _page("coach", "upload.py")
    assert _history(at)[0] == added.upload_id
    at.selectbox(key="undo_choice").set_value(added.upload_id).run()
    at.button(key="undo_button").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        f"upload {added.upload_id} (team '{CLUB}') deleted: 1 sessions removed"]
    assert added.upload_id not in _history(at)


def test_a_coach_cannot_open_the_teams_page(env: str) -> None:
    at = _page("coach", "teams.py")
    assert [e.value for e in at.error] == ["This page is not available for your role."]
    assert not at.dataframe and not at.button


def test_an_admin_creates_renames_and_archives_teams(env: str) -> None:
    at = _page("admin", "teams.py")
    listed = at.dataframe[0].value
    assert listed["team"].tolist() == [CLUB, FOOTBALL]
    at.text_input[0].input("Gymnastics club ")  # the trailing space
    at.button[0].click().run()
    assert [seen(e.value) for e in at.error] == ["a team 'Gymnastics club' already exists"]
    at.text_input[0].input("Under 14s")
    at.button[0].click().run()
    assert [s.value for s in at.success] == ["Team 'Under 14s' created."]
    at.selectbox(key="team_change").set_value("Under 14s").run()
    at.text_input[1].input("Under 15s")
    at.button[1].click().run()
    assert [s.value for s in at.success] == ["Team 'Under 14s' is now 'Under 15s'."]
    at.selectbox(key="team_change").set_value(FOOTBALL).run()
    at.button(key="archive_team").click().run()
    assert [s.value for s in at.success] == [f"Team '{FOOTBALL}' archived."]
    table = at.dataframe[0].value
    assert table[["team", "status"]].values.tolist() == [
        [CLUB, "active"], [FOOTBALL, "archived"], ["Under 15s", "active"]]
    upload = _page("admin", "upload.py")
    assert upload.selectbox(key="upload_team").options == [CLUB, "Under 15s"]
    at.selectbox(key="team_change").set_value(FOOTBALL).run()
    at.button(key="archive_team").click().run()
    assert [s.value for s in at.success] == [f"Team '{FOOTBALL}' restored."]
