"""The service owns team scope (issue #12, defect 4): every Service method that takes a team
or names an athlete refuses a user of another team (and an athlete of another team) with
AccessDenied, audits the refusal without personal data, writes nothing, and serves the same
call to a user of the right team with that team's data only."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa

from loadwatch.app.auth import AccessDenied, User
from loadwatch.app.service import Service
from loadwatch.errors import UsageError
from loadwatch.store import add_note, audit_events, ingest_file, load_roster, save_team_config
from loadwatch.store.clinical import load_notes, load_plans, load_symptoms
from loadwatch.store.tables import metadata

A, B = "Club A", "Club B"
HEADER = "athlete,date,sport,duration_min,rpe"
#: both clubs have a GYM-01 (two children); A-KID is only in A, B-KID only in B
LOGS = {A: [HEADER, "A-KID,2026-03-02,gymnastics,60,5", "GYM-01,2026-03-03,gymnastics,90,6"],
        B: [HEADER, "B-KID,2026-03-02,football,45,4", "GYM-01,2026-03-04,football,30,3"]}
USERS = {
    "coach_a": User("coach_a", "coach", (A,)), "physio_a": User("physio_a", "therapist", (A,)),
    "coach_b": User("coach_b", "coach", (B,)), "physio_b": User("physio_b", "therapist", (B,)),
    "admin": User("boss", "admin", ()),
}
DATA_TABLES = ("athletes", "uploads", "sessions", "growth", "symptom_checkins",
               "clinician_plans", "clinical_notes", "team_settings")


@pytest.fixture
def svc(tmp_path: Path) -> Iterator[Service]:
    service = Service.open(f"sqlite:///{tmp_path / 'scope.db'}")
    for team, lines in LOGS.items():
        path = tmp_path / f"{team}.csv"
        path.write_text("\n".join(lines) + "\n")
        ingest_file(service.store, path, team)
        label = "A-KID" if team == A else "B-KID"
        add_note(service.store, label, f"note of {team}", team=team, date="2026-03-05")
        save_team_config(service.store, team, f"# {team}\n[acwr]\namber_above = "
                                              f"{'1.28' if team == A else '1.35'}\n")
    yield service
    service.store.close()


def _counts(svc: Service) -> dict[str, int]:
    with svc.store.read() as conn:
        return {t: int(conn.execute(sa.select(sa.func.count()).select_from(
            metadata.tables[t])).scalar_one()) for t in DATA_TABLES}


def _upload(svc: Service, user: User, team: str, athlete: str) -> Any:
    data = f"{HEADER}\n{athlete},2026-03-06,gymnastics,50,5\n".encode()
    return svc.store_upload(data, "new.csv", team, user=user, column_map=None, dayfirst=None,
                            skip_invalid=False)


def _report(svc: Service, user: User, team: str, clinical: bool) -> dict[str, Any]:
    return svc.report_files(team, pd.Timestamp("2026-03-02"), user=user, clinical=clinical,
                            pseudonymise=False)


def _csv_of(files: dict[str, tuple[str, bytes]]) -> str:
    return next(body for name, (_, body) in files.items() if name.endswith(".csv")).decode()


@dataclass(frozen=True)
class Case:
    """One service method: how to call it, who may, and what the allowed call shows."""

    call: Callable[[Service, User, str, str], Any]
    allowed: str  # key of USERS
    refused: str  # a user of the other team (or of the wrong role for admin-only methods)
    check: Callable[[Service, Any], None]
    athlete: bool = False  # the method names an athlete
    reason: str = "team"


def _checks_view(svc: Service, view: Any) -> None:
    assert view.athletes == ["A-KID", "GYM-01"]


def _checks_clinical_view(svc: Service, view: Any) -> None:
    assert view.athletes == ["A-KID", "GYM-01"] and view.clinical


def _checks_upload(svc: Service, result: Any) -> None:
    assert (result.added, result.team) == (1, A)


def _checks_roster(svc: Service, message: Any) -> None:
    assert load_roster(svc.store, A)["athlete"].tolist() == ["A-KID"]
    assert load_roster(svc.store, B).empty


def _checks_checkin(svc: Service, _: Any) -> None:
    assert load_symptoms(svc.store, A)[["athlete", "pain_0_10"]].values.tolist() == \
        [["A-KID", 4.0]]
    assert load_symptoms(svc.store, B).empty


def _checks_plan(svc: Service, _: Any) -> None:
    assert load_plans(svc.store, A)["athlete"].tolist() == ["A-KID"]
    assert load_plans(svc.store, B).empty


def _checks_notes(svc: Service, notes: Any) -> None:
    assert [n["text"] for n in notes] == [f"note of {A}"]


def _checks_add_note(svc: Service, _: Any) -> None:
    assert load_notes(svc.store, A)["text"].tolist() == ["new note", f"note of {A}"]
    assert load_notes(svc.store, B)["text"].tolist() == [f"note of {B}"]


def _checks_report(svc: Service, files: Any) -> None:
    text = _csv_of(files)
    assert "A-KID" in text and "B-KID" not in text and "football" not in text


def _checks_clinical_report(svc: Service, files: Any) -> None:
    _checks_report(svc, files)


def _checks_config(svc: Service, config: Any) -> None:
    assert config.get("acwr.amber_above") == 1.28


def _checks_config_text(svc: Service, text: Any) -> None:
    assert text.startswith(f"# {A}\n")


def _checks_thresholds(svc: Service, table: Any) -> None:
    assert table.set_index("key").loc["acwr.amber_above", "value"] == "1.28"


def _checks_saved(svc: Service, _: Any) -> None:
    assert svc.team_config_text(A, user=USERS["admin"]) == "[acwr]\namber_above = 1.2\n"
    assert svc.team_config_text(B, user=USERS["admin"]).startswith(f"# {B}")


CASES = {
    "team_view": Case(lambda s, u, t, a: s.team_view(t, user=u, clinical=False),
                      "coach_a", "coach_b", _checks_view),
    "team_view clinical": Case(lambda s, u, t, a: s.team_view(t, user=u, clinical=True),
                               "physio_a", "physio_b", _checks_clinical_view),
    "store_upload": Case(_upload, "coach_a", "coach_b", _checks_upload, athlete=True),
    "import_roster": Case(lambda s, u, t, a: s.import_roster(
        f"athlete,sex\n{a},F\n".encode(), "roster.csv", t, user=u),
        "admin", "physio_b", _checks_roster, athlete=True, reason="role"),
    "add_checkin": Case(lambda s, u, t, a: s.add_checkin(
        t, a, user=u, date=pd.Timestamp("2026-03-06").date(), back_pain=True, side="left",
        worse_arching=True, onset=None, pain=4, limits_training=False, red_flags={}),
        "physio_a", "physio_b", _checks_checkin, athlete=True),
    "add_plan": Case(lambda s, u, t, a: s.add_plan(
        t, a, user=u, restriction="no_extension_loading", cap=None,
        start=pd.Timestamp("2026-03-06").date(), review=None),
        "physio_a", "physio_b", _checks_plan, athlete=True),
    "notes": Case(lambda s, u, t, a: s.notes(t, a, user=u), "physio_a", "physio_b",
                  _checks_notes, athlete=True),
    "add_note": Case(lambda s, u, t, a: s.add_note(t, a, "new note", user=u), "physio_a",
                     "physio_b", _checks_add_note, athlete=True),
    "report_files": Case(lambda s, u, t, a: _report(s, u, t, False), "coach_a", "coach_b",
                         _checks_report),
    "report_files clinical": Case(lambda s, u, t, a: _report(s, u, t, True), "physio_a",
                                  "physio_b", _checks_clinical_report),
    "config_for": Case(lambda s, u, t, a: s.config_for(t, user=u), "coach_a", "coach_b",
                       _checks_config),
    "team_config_text": Case(lambda s, u, t, a: s.team_config_text(t, user=u), "coach_a",
                             "coach_b", _checks_config_text),
    "thresholds_table": Case(lambda s, u, t, a: s.thresholds_table(t, user=u), "coach_a",
                             "coach_b", _checks_thresholds),
    "save_team_config": Case(lambda s, u, t, a: s.save_team_config(
        t, "[acwr]\namber_above = 1.2\n", user=u), "admin", "coach_b", _checks_saved,
        reason="role"),
}
#: the refused calls: (user key or None for the case's `refused`, team, athlete, reason)
WRONG = {
    "user of the other team": (None, A, "A-KID"),
    "own user naming the other team": ("own", B, "B-KID"),
}


def _assert_refused(svc: Service, case: Case, user: User, team: str, athlete: str,
                    reason: str) -> None:
    before, audited = _counts(svc), len(audit_events(svc.store))
    with pytest.raises(AccessDenied) as err:
        case.call(svc, user, team, athlete)
    assert isinstance(err.value, UsageError) and isinstance(err.value, PermissionError)
    message = str(err.value)
    assert "\n" not in message and not any(k in message for k in ("A-KID", "B-KID", "GYM"))
    assert _counts(svc) == before  # nothing written
    events = audit_events(svc.store)
    assert len(events) == audited + 1
    entry = events.iloc[0]
    assert (entry["actor"], entry["action"], entry["object_type"]) == \
        (user.username, "access.denied", "service")
    assert entry["detail"] == f"team={team} reason={reason}"


# an admin may work with every team, so admin-only methods have no "own user, other team" case
_PAIRS = [(name, wrong) for name in CASES for wrong in WRONG
          if not (WRONG[wrong][0] == "own" and CASES[name].reason == "role")]


@pytest.mark.parametrize(("name", "wrong"), _PAIRS)
def test_a_user_of_another_team_is_refused_and_audited_and_the_right_user_served(
        svc: Service, name: str, wrong: str) -> None:
    case = CASES[name]
    who, team, athlete = WRONG[wrong]
    user = USERS[case.allowed if who == "own" else case.refused]
    reason = "role" if who is None and case.reason == "role" else "team"
    _assert_refused(svc, case, user, team, athlete, reason)
    assert audit_events(svc.store).iloc[0]["object_id"] == name.split()[0]
    before = _counts(svc)
    result = case.call(svc, USERS[case.allowed], A, "A-KID")
    case.check(svc, result)
    if name in ("team_view", "team_view clinical", "notes", "report_files", "config_for",
                "team_config_text", "thresholds_table", "report_files clinical"):
        assert _counts(svc) == before  # reads write nothing


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if c.athlete and
                                  c.reason == "team"])
def test_an_athlete_of_another_team_is_refused_in_ones_own_team(svc: Service,
                                                                name: str) -> None:
    case = CASES[name]
    user = USERS[case.allowed]
    if name == "store_upload":  # an upload creates the athletes it names: B-KID is new in A
        assert case.call(svc, user, A, "B-KID").added == 1
        return
    _assert_refused(svc, case, user, A, "B-KID", "athlete")
    assert audit_events(svc.store).iloc[0]["object_id"] == name


def test_the_issue_case_a_therapist_of_a_cannot_read_or_write_bs_notes(svc: Service) -> None:
    physio_a = USERS["physio_a"]
    for team in (A, B):
        with pytest.raises(AccessDenied):
            svc.notes(team, "B-KID", user=physio_a)
        with pytest.raises(AccessDenied):
            svc.add_note(team, "B-KID", "written across teams", user=physio_a)
    assert load_notes(svc.store, B)["text"].tolist() == [f"note of {B}"]
    # GYM-01 of Club A is not GYM-01 of Club B: its notes are A's own (none)
    assert svc.notes(A, "GYM-01", user=physio_a) == []
    details = audit_events(svc.store).query("action == 'access.denied'")["detail"].tolist()
    assert details == ["team=Club B reason=team"] * 2 + ["team=Club A reason=athlete"] * 2


def test_an_admin_works_with_every_team_but_not_with_clinical_data(svc: Service) -> None:
    admin = USERS["admin"]
    assert svc.team_view(B, user=admin, clinical=False).athletes == ["B-KID", "GYM-01"]
    with pytest.raises(AccessDenied, match="clinical data is for the therapist role"):
        svc.notes(B, "B-KID", user=admin)
    assert svc.teams_for(admin) == [A, B]
    assert svc.teams_for(USERS["coach_a"]) == [A]


@pytest.mark.parametrize("who", ["coach_a", "physio_b"])
def test_only_an_admin_lists_the_accounts(svc: Service, who: str) -> None:
    """The account list names every user's role and teams: not for coaches or therapists."""
    with pytest.raises(AccessDenied, match="only an admin lists users"):
        svc.users_table(by=USERS[who])
    entry = audit_events(svc.store).iloc[0]
    assert (entry["actor"], entry["action"], entry["detail"]) == (
        who, "access.denied", "team=None reason=role")
    svc.add_user("coach_c", "a long enough passphrase", "coach", [A], by=USERS["admin"])
    listed = svc.users_table(by=USERS["admin"])
    assert listed["username"].tolist() == ["coach_c"]
    assert list(listed.columns) == ["username", "role", "teams", "active"]  # no hashes
