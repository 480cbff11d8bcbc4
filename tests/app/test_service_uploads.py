"""The upload door of the service (issues 15.3, 15.5, 19.3, 19.4): the preview shows the rows
that correct stored sessions before anything is stored, reaches the mapping when a required
field is unmatched, and the store asks what the matching rows are; history and undo per
team; teams from a list (created, renamed, archived by an admin); and every upload-related
method refuses a user of another team (AccessDenied, audited, nothing written)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa

from loadwatch.app.auth import AccessDenied, User
from loadwatch.app.service import Service
from loadwatch.errors import LogError
from loadwatch.store import audit_events, ingest_file, load_sessions
from loadwatch.store.tables import metadata

A, B = "Club A", "Club B"
HEADER = "athlete,date,sport,duration_min,rpe"
WEEK = [HEADER, "GYM-01,2026-03-02,gymnastics,190,6", "GYM-01,2026-03-04,gymnastics,120,5",
        "GYM-02,2026-03-02,gymnastics,90,4"]
#: the coach's corrected export: Monday was 150 minutes, not 190
FIXED = "\n".join([WEEK[0], WEEK[1].replace(",190,", ",150,"), *WEEK[2:]]).encode() + b"\n"
COACH_A, COACH_B = User("coach_a", "coach", (A,)), User("coach_b", "coach", (B,))
ADMIN, PHYSIO_A = User("boss", "admin", ()), User("physio_a", "therapist", (A,))


@pytest.fixture
def svc(tmp_path: Path) -> Iterator[Service]:
    service = Service.open(f"sqlite:///{tmp_path / 'uploads.db'}")
    for team in (A, B):
        path = tmp_path / f"{team}.csv"
        path.write_text("\n".join(WEEK) + "\n")
        ingest_file(service.store, path, team)
    yield service
    service.store.close()


def _counts(svc: Service) -> dict[str, int]:
    with svc.store.read() as conn:
        return {t: int(conn.execute(sa.select(sa.func.count()).select_from(
            metadata.tables[t])).scalar_one())
            for t in ("teams", "athletes", "uploads", "sessions", "coverage")}


def test_the_preview_shows_the_correction_before_anything_is_stored(svc: Service) -> None:
    before = _counts(svc)
    preview = svc.preview_upload(FIXED, "fixed.csv", column_map=None, dayfirst=None, team=A,
                                 user=COACH_A)
    assert preview.storable and preview.repeat_of is None
    assert preview.diff[["row", "athlete", "date", "sport", "stored minutes", "new minutes",
                         "stored RPE", "new RPE", "stored AU", "new AU"]].values.tolist() == [
        [2, "GYM-01", pd.Timestamp("2026-03-02").date(), "gymnastics", 190.0, 150.0, 6.0, 6.0,
         1140.0, 900.0]]
    assert preview.first_rows.columns.tolist()[:3] == ["athlete", "date", "sport"]
    assert preview.first_rows["minutes"].tolist() == [150.0, 120.0, 90.0]
    assert _counts(svc) == before  # a preview writes nothing


def test_matching_rows_need_a_choice_replace_corrects_and_undo_restores(svc: Service) -> None:
    before = load_sessions(svc.store, team=A)
    with pytest.raises(LogError, match="1 row\\(s\\) match stored sessions"):
        svc.store_upload(FIXED, "fixed.csv", A, user=COACH_A, column_map=None, dayfirst=None,
                         skip_invalid=False)
    result = svc.store_upload(FIXED, "fixed.csv", A, user=COACH_A, column_map=None,
                              dayfirst=None, skip_invalid=False, replace_period=True)
    assert (result.added, result.replaced) == (3, 3)
    week = load_sessions(svc.store, team=A)
    assert week.groupby("athlete")["load_au"].sum().to_dict() == {"GYM-01": 1500.0,
                                                                  "GYM-02": 360.0}
    history = svc.upload_history(A, user=COACH_A)
    assert history[["upload", "by", "file", "added", "replaced"]].values.tolist() == [
        [3, "coach_a", "fixed.csv", 3, 3], [1, "cli", f"{A}.csv", 3, 0]]
    message = svc.undo_upload(A, 3, user=COACH_A)
    assert message == ("upload 3 (team 'Club A') deleted: 3 sessions removed; 3 sessions it "
                       "had replaced are back")
    pd.testing.assert_frame_equal(load_sessions(svc.store, team=A), before)
    assert audit_events(svc.store, action="upload.delete").iloc[0]["actor"] == "coach_a"


def test_the_mapping_is_reached_when_a_required_field_is_unmatched(svc: Service) -> None:
    data = b"Child,Day,Sport,Minutes,Effort\nGYM-03,2026-03-09,gymnastics,60,5\n"
    preview = svc.preview_upload(data, "odd.csv", column_map=None, dayfirst=None, team=A,
                                 user=COACH_A)
    assert preview.error is None and not preview.storable
    assert preview.missing == ["athlete"]  # "Day" is a date header; "Child" is no athlete's
    assert preview.mapping["date"] == "Day"
    assert preview.headers == ["Child", "Day", "Sport", "Minutes", "Effort"]
    assert "Child" in preview.ignored
    mapped = svc.preview_upload(data, "odd.csv", dayfirst=None, team=A, user=COACH_A,
                                column_map={"athlete": "Child", "date": "Day",
                                            "rpe": "Effort"})
    assert mapped.storable and mapped.n_valid == 1
    assert mapped.first_rows[["athlete", "date", "RPE"]].values.tolist() == [
        ["GYM-03", "2026-03-09", 5.0]]
    dropped = svc.preview_upload(data, "odd.csv", dayfirst=None, team=A, user=COACH_A,
                                 column_map={"athlete": "Child", "date": "Day",
                                             "rpe": "not in this file"})
    assert "rpe" not in dropped.mapping and "Effort" in dropped.ignored


def test_teams_come_from_a_list_and_an_upload_never_creates_one(svc: Service) -> None:
    trailing = svc.store_upload(b"athlete,date,duration_min,rpe\nGYM-09,2026-03-10,30,3\n",
                                "t.csv", "Club A ", user=COACH_A, column_map=None,
                                dayfirst=None, skip_invalid=False)
    assert trailing.team == A  # "Club A " is Club A, no second team
    for user in (ADMIN, User("coach_c", "coach", ("Club C",))):
        with pytest.raises(AccessDenied, match="there is no active team 'Club C'"):
            svc.store_upload(FIXED, "f.csv", "Club C", user=user, column_map=None,
                             dayfirst=None, skip_invalid=False)
    assert svc.team_table(user=ADMIN)["team"].tolist() == [A, B]
    with pytest.raises(ValueError, match="a team 'Club A' already exists"):
        svc.create_team("club  a", user=ADMIN)
    assert svc.create_team(" Gymnastics Club ", user=ADMIN) == "Gymnastics Club"
    assert svc.rename_team("Gymnastics Club", "Gym Club", user=ADMIN) == "Gym Club"
    svc.archive_team(B, user=ADMIN)
    assert svc.teams_for(ADMIN) == [A, "Gym Club"] and svc.upload_teams(COACH_B) == []
    with pytest.raises(AccessDenied, match="no active team 'Club B'"):
        svc.store_upload(FIXED, "f.csv", B, user=COACH_B, column_map=None, dayfirst=None,
                         skip_invalid=False)
    assert len(load_sessions(svc.store, team=B)) == 3  # archived: data kept
    table = svc.team_table(user=ADMIN)
    assert table[["team", "archived"]].values.tolist() == [[A, False], [B, True],
                                                          ["Gym Club", False]]
    svc.archive_team(B, user=ADMIN, archived=False)
    assert svc.upload_teams(COACH_B) == [B]
    assert audit_events(svc.store, action="team.")["action"].tolist() == [
        "team.restore", "team.archive", "team.rename", "team.create"]


def _preview(svc: Service, user: User, team: str) -> Any:
    return svc.preview_upload(FIXED, "f.csv", column_map=None, dayfirst=None, team=team,
                              user=user)


def _store(svc: Service, user: User, team: str) -> Any:
    return svc.store_upload(FIXED, "f.csv", team, user=user, column_map=None, dayfirst=None,
                            skip_invalid=False, replace_period=True)


CALLS: dict[str, Callable[[Service, User, str], Any]] = {
    "preview_upload": _preview,
    "store_upload": _store,
    "upload_history": lambda s, u, t: s.upload_history(t, user=u),
    "undo_upload": lambda s, u, t: s.undo_upload(t, 1, user=u),
}


@pytest.mark.parametrize("method", list(CALLS))
@pytest.mark.parametrize("user", [COACH_B, PHYSIO_A], ids=["other team", "therapist"])
def test_every_upload_method_refuses_another_team_audited_writing_nothing(
        svc: Service, method: str, user: User) -> None:
    before, audited = _counts(svc), len(audit_events(svc.store))
    with pytest.raises(AccessDenied):
        CALLS[method](svc, user, A)
    assert _counts(svc) == before
    events = audit_events(svc.store)
    assert len(events) == audited + 1
    reason = "team" if user is COACH_B else "role"
    assert events.iloc[0][["actor", "action", "object_id", "detail"]].tolist() == [
        user.username, "access.denied", method, f"team={A} reason={reason}"]


def test_an_upload_of_another_team_cannot_be_undone_from_ones_own(svc: Service) -> None:
    """Upload 2 is Club B's: coach A naming it in Club A is refused, and it stays."""
    with pytest.raises(AccessDenied, match="upload 2 is not an upload of team 'Club A'"):
        svc.undo_upload(A, 2, user=COACH_A)
    assert len(load_sessions(svc.store, team=B)) == 3
    assert audit_events(svc.store).iloc[0]["detail"] == f"team={A} reason=upload"


@pytest.mark.parametrize("method", ["team_table", "create_team", "rename_team",
                                    "archive_team"])
def test_only_an_admin_manages_teams(svc: Service, method: str) -> None:
    calls = {"team_table": lambda: svc.team_table(user=COACH_A),
             "create_team": lambda: svc.create_team("New", user=COACH_A),
             "rename_team": lambda: svc.rename_team(A, "New", user=COACH_A),
             "archive_team": lambda: svc.archive_team(A, user=COACH_A)}
    with pytest.raises(AccessDenied, match="only an admin manages teams"):
        calls[method]()
    assert svc.teams_for(ADMIN) == [A, B]
    assert audit_events(svc.store).iloc[0]["detail"] == "team=None reason=role"


def test_the_teams_upload_limits_refuse_a_longer_file_naming_the_setting(svc: Service
                                                                         ) -> None:
    """Limits come from the team's settings (issue 19.1): limits.max_rows = 5 refuses a
    6-row file in the preview and in the store; the other team keeps the shipped limits."""
    svc.save_team_config(A, "[limits]\nmax_rows = 5\n", user=ADMIN)
    rows = [HEADER] + [f"GYM-0{i},2026-03-0{i},gymnastics,60,5" for i in range(1, 7)]
    six = ("\n".join(rows) + "\n").encode()
    refusal = ("six.csv: the file has 6 rows; loadwatch reads at most 5 rows (setting "
               "limits.max_rows)")
    preview = svc.preview_upload(six, "six.csv", column_map=None, dayfirst=None, team=A,
                                 user=COACH_A)
    assert preview.error is not None and preview.error.startswith(refusal), preview.error
    before = _counts(svc)
    with pytest.raises(LogError) as refused:
        svc.store_upload(six, "six.csv", A, user=COACH_A, column_map=None, dayfirst=None,
                         skip_invalid=False)
    assert str(refused.value).startswith(refusal)
    assert _counts(svc) == before
    other = svc.preview_upload(six, "six.csv", column_map=None, dayfirst=None, team=B,
                               user=COACH_B)
    assert other.error is None and other.n_rows == 6
    assert svc.preview_upload(six, "six.csv", column_map=None, dayfirst=None).error is None
