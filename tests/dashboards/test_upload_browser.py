"""The upload flow a club can trust, in Chromium (issues 15.3, 19.3, 19.4).

(a) A coach uploads a file that corrects one stored session (150 min instead of the stored
duration): the preview says one row differs and shows the diff, "This file corrects stored
sessions" replaces it, the store then computes exactly what the corrected data gives (not
double-counted: daily metrics and the athlete's level equal those of the corrected log),
and undo from the history restores the previous metrics exactly.
(b) A coach of one team cannot store into another: the team list holds only their team, and
a forged call of the service is refused and audited.
Screenshots land in test-artifacts/browser/ (upload-*.png).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import loadwatch as lw
from loadwatch.app.auth import AccessDenied
from loadwatch.app.service import Service
from loadwatch.store import audit_events, load_sessions
from loadwatch.synthetic import club as samples
from loadwatch.views.team import Overview
from loadwatch.views.teamview import TeamFrames, TeamView
from tests.dashboards.browser import (
    check_page,
    choose,
    go,
    main_area,
    settle,
    shot,
    sign_in,
)
from tests.dashboards.conftest import CLUB, USERS

pytestmark = [pytest.mark.browser]
CORRECT = "This file corrects stored sessions"
NEW_MINUTES = 150


@pytest.fixture(scope="module")
def club(store_url: str) -> Iterator[Service]:
    service = Service.open(store_url)
    yield service
    service.store.close()


def _corrected_week(folder: Path) -> tuple[Path, pd.DataFrame, dict[str, Any]]:
    """One athlete's last week of the sample club, their longest session now 150 minutes:
    (the file, the whole corrected club log, the corrected row)."""
    sessions = samples.club_sessions()
    day = pd.to_datetime(sessions["date"])
    last_week = day > samples.CLUB_END - pd.Timedelta(days=7)
    mine = sessions[last_week & (sessions["athlete"] == "GYM-01")].copy()
    minutes = pd.to_numeric(mine["duration_min"])
    longest = minutes.idxmax()
    assert minutes[longest] > NEW_MINUTES
    mine.loc[longest, "duration_min"] = NEW_MINUTES
    corrected = sessions.copy()
    corrected.loc[longest, "duration_min"] = NEW_MINUTES
    path = folder / "gym01_last_week_corrected.csv"
    mine.to_csv(path, index=False)
    return path, corrected, mine.loc[longest].to_dict()


def _level(view: TeamView, athlete: str) -> str:
    table = view.overview(view.default_week)
    return str(table.set_index(Overview.ATHLETE).loc[athlete, Overview.LEVEL])


def test_a_correction_shows_its_diff_replaces_on_request_and_undo_restores(
        app_url: str, page: Any, club: Service, tmp_path: Path) -> None:
    path, corrected, row = _corrected_week(tmp_path)
    before = lw.daily_metrics(load_sessions(club.store, team=CLUB))
    sign_in(page, app_url, "coach")
    go(page, "Upload a log", "Upload a training log")
    page.locator("input[type=file]").set_input_files(str(path))
    main = main_area(page)
    main.get_by_role("heading", name="Rows that differ from stored sessions").wait_for()
    main.get_by_text("1 row(s) of this file match stored sessions (same athlete, date and "
                     "sport) but differ. Stored → new:").wait_for()
    check_page(page)
    diff = club.preview_upload(path.read_bytes(), path.name, column_map=None, dayfirst=None,
                               team=CLUB, user=USERS["coach"]).diff
    assert diff[["athlete", "new minutes"]].values.tolist() == [["GYM-01", NEW_MINUTES]]
    assert str(diff["date"].iloc[0]) == row["date"]
    shot(page, "upload-1-diff")
    assert main.get_by_role("button", name=f"Store this upload for {CLUB}").count() == 0
    main.get_by_text(CORRECT, exact=True).click()
    main.get_by_role("button", name=f"Store this upload for {CLUB}").click()
    success = main.locator("[data-testid=stAlertContentSuccess]")
    success.wait_for()
    assert "replaced" in success.inner_text() and "stored sessions of the file's athletes" \
        in success.inner_text(), success.inner_text()
    check_page(page)
    shot(page, "upload-2-corrected")

    # the store now computes what the corrected data gives (the old session is gone)
    stored = load_sessions(club.store, team=CLUB)
    assert_frame_equal(lw.daily_metrics(stored), lw.daily_metrics(lw.read_log(_csv(
        corrected, tmp_path / "corrected_club.csv"))))
    view = club.team_view(CLUB, user=USERS["coach"], clinical=False)
    assert view is not None
    alone = TeamView(CLUB, TeamFrames(log=lw.read_log(tmp_path / "corrected_club.csv"),
                                      roster=view.frames.roster, growth=view.frames.growth,
                                      symptoms=view.frames.symptoms, plans=view.frames.plans),
                     view.config)
    assert _level(view, "GYM-01") == _level(alone, "GYM-01")

    # undo from the history: the metrics before the upload, exactly
    upload_id = int(club.upload_history(CLUB, user=USERS["coach"])["upload"].iloc[0])
    choose(page, "undo_choice", f"upload {upload_id}")
    main.get_by_role("button", name=f"Undo upload {upload_id}").click()
    main.get_by_text("it had replaced are back").wait_for()
    # the preview of the file still in the box is computed again: it differs once more
    main.get_by_role("heading", name="Rows that differ from stored sessions").wait_for()
    check_page(page)
    shot(page, "upload-3-undone")
    assert_frame_equal(lw.daily_metrics(load_sessions(club.store, team=CLUB)), before)


def _csv(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, index=False)
    return path


def test_a_coach_cannot_store_into_another_team(app_url: str, page: Any, club: Service
                                                ) -> None:
    teams = club.teams_for(USERS["admin"])
    other = next(t for t in teams if t != CLUB)
    sign_in(page, app_url, "coach")
    go(page, "Upload a log", "Upload a training log")
    settle(page)
    box = page.locator(".st-key-upload_team input[role=combobox]")
    box.click()
    options = page.get_by_role("option")
    options.first.wait_for()
    assert [options.nth(i).inner_text() for i in range(options.count())] == [CLUB]
    box.fill(other)
    assert page.get_by_role("option", name=other, exact=True).count() == 0
    page.keyboard.press("Escape")
    shot(page, "upload-4-team-list")
    with pytest.raises(AccessDenied, match=f"you have no access to team '{other}'"):
        club.store_upload(b"athlete,date,duration_min,rpe\nX,2026-11-23,30,3\n", "x.csv",
                          other, user=USERS["coach"], column_map=None, dayfirst=None,
                          skip_invalid=False)
    entry = audit_events(club.store, action="access.denied").iloc[0]
    assert (entry["actor"], entry["detail"]) == ("coach1", f"team={other} reason=team")


def test_the_mapping_editor_is_reached_when_a_required_field_is_unmatched(
        app_url: str, page: Any, club: Service, tmp_path: Path) -> None:
    """'Child' is no athlete header: the page shows the editor instead of a refusal; the
    coach picks the column, the first rows appear as stored, and the mapping is saved for
    the team's next file of this layout."""
    path = tmp_path / "own_layout.csv"
    path.write_text("Child,Day,Sport,Minutes,Effort,Notes\n"
                    "GYM-02,2026-11-23,gymnastics,60,5,felt fine\n")
    key = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
    sign_in(page, app_url, "coach")
    go(page, "Upload a log", "Upload a training log")
    page.locator("input[type=file]").set_input_files(str(path))
    main = main_area(page)
    main.get_by_text("Some required fields have no column yet: Athlete.").wait_for()
    assert main.get_by_role("heading", name="2. Check").count() == 0
    main.get_by_text("Not used (ignored): Child, Notes").wait_for()
    shot(page, "upload-5-mapping-needed")
    choose(page, f"map_{key}_athlete", "Child")
    main.get_by_role("button", name="Apply column changes").click()
    main.get_by_text("1 rows: 1 valid, 0 with problems, 0 warnings.").wait_for()
    check_page(page)
    shot(page, "upload-6-mapped")
    main.get_by_role("button", name=f"Store this upload for {CLUB}").click()
    success = main.locator("[data-testid=stAlertContentSuccess]")
    success.wait_for()
    assert "own_layout.csv: 1 sessions added" in success.inner_text()
    assert "the column mapping is saved" in success.inner_text()
    again = club.preview_upload(b"Child,Day,Sport,Minutes,Effort,Notes\n"
                                b"GYM-02,2026-11-24,gymnastics,45,4,\n", "next.csv",
                                column_map=None, dayfirst=None, team=CLUB, user=USERS["coach"])
    assert again.saved_applied and again.storable and again.mapping["athlete"] == "Child"
