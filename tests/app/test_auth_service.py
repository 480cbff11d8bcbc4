"""The service's sign-in, account admin and audit reader (issues 15/19), the audit of
clinical reads (issue 19 item 7) and the installation secret in pseudonym codes (issue 15
"Why" 6)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa

from loadwatch.app import accounts
from loadwatch.app.auth import AccessDenied
from loadwatch.app.service import Service
from loadwatch.app.sessions import SignInLocked, token_hash
from loadwatch.report import pseudonym
from loadwatch.store import add_note, ingest_file
from loadwatch.store.athletes import lookup, team_id_or_none
from loadwatch.store.audit import audit_events, record_read
from loadwatch.store.export import export_tables
from loadwatch.store.secret import installation_secret, keyed_digest
from loadwatch.store.tables import installation_secret as secret_table
from tests.app.test_service_scope import LOGS, USERS, A, B

PASSWORD = "correct horse battery"


@pytest.fixture
def svc(tmp_path: Path) -> Iterator[Service]:
    """Clubs A and B with a log each and a note of A-KID (as in test_service_scope)."""
    service = Service.open(f"sqlite:///{tmp_path / 'auth_service.db'}")
    for team, lines in LOGS.items():
        path = tmp_path / f"{team}.csv"
        path.write_text("\n".join(lines) + "\n")
        ingest_file(service.store, path, team)
    add_note(service.store, "A-KID", "note of Club A", team=A, date="2026-03-05")
    yield service
    service.store.close()


def _reads(svc: Service) -> pd.DataFrame:
    log = audit_events(svc.store)
    return log[log["action"] == "clinical.read"].reset_index(drop=True)


def test_a_therapist_opening_clinical_data_is_audited_once_per_ten_minutes(
        svc: Service) -> None:
    version = svc._views.version()
    physio = USERS["physio_a"]
    assert svc.team_view(A, user=physio, clinical=True) is not None
    svc.team_view(A, user=physio, clinical=True)  # a rerun of the same page
    notes = svc.notes(A, "A-KID", user=physio)
    assert [n["text"] for n in notes] == ["note of Club A"]
    svc.report_files(A, pd.Timestamp("2026-03-02"), user=physio, clinical=True,
                     pseudonymise=False)
    with svc.store.read() as conn:
        code = lookup(conn, ["A-KID"], team_id_or_none(conn, A))["A-KID"].code
    assert re.fullmatch(r"A-[0-9A-Z]{6}", code)
    reads = _reads(svc).fillna({"object_id": ""})
    assert reads[["actor", "object_type", "object_id", "detail"]].values.tolist() == [
        ["physio_a", "team", "", "team=Club A what=clinical report"],
        ["physio_a", "athlete", code, f"team=Club A what=notes athlete={code}"],
        ["physio_a", "team", "", "team=Club A what=team clinical view"],
    ]
    assert "A-KID" not in reads.to_string() and "note of" not in reads.to_string()
    assert svc._views.version() == version  # reads do not invalidate the cached evaluations


def test_coach_views_are_not_clinical_reads(svc: Service) -> None:
    svc.team_view(A, user=USERS["coach_a"], clinical=False)
    svc.report_files(A, pd.Timestamp("2026-03-02"), user=USERS["coach_a"], clinical=False,
                     pseudonymise=False)
    assert _reads(svc).empty


def test_a_read_after_the_window_is_recorded_again(svc: Service) -> None:
    at = dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC)
    assert record_read(svc.store, "physio_a", "notes", A, "A-KID", at=at)
    assert not record_read(svc.store, "physio_a", "notes", A, "A-KID",
                           at=at + dt.timedelta(minutes=9))
    assert record_read(svc.store, "physio_a", "notes", A, "A-KID",
                       at=at + dt.timedelta(minutes=11))
    assert record_read(svc.store, "physio_b", "notes", A, "A-KID", at=at)
    assert len(_reads(svc)) == 3


def test_shared_report_codes_are_salted_by_the_installation_secret(svc: Service) -> None:
    files = svc.report_files(A, pd.Timestamp("2026-03-02"), user=USERS["coach_a"],
                             clinical=False, pseudonymise=True)
    csv = next(body for name, (_, body) in files.items() if name.endswith(".csv")).decode()
    secret = installation_secret(svc.store)
    assert re.fullmatch(r"[0-9a-f]{64}", secret)
    assert pseudonym("A-KID", secret) in csv and pseudonym("GYM-01", secret) in csv
    assert pseudonym("A-KID") not in csv and "A-KID" not in csv
    assert installation_secret(svc.store) == secret  # drawn once, kept in the store
    with svc.store.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(secret_table)).scalar() == 1
    assert keyed_digest(secret, "10.0.0.1") == keyed_digest(secret, "10.0.0.1")
    assert keyed_digest(secret, "10.0.0.1") != keyed_digest("00" * 32, "10.0.0.1")


def _admin_and_coach(svc: Service) -> None:
    accounts.add_user(svc.store, "boss", PASSWORD, "admin", by="tests")
    accounts.add_user(svc.store, "coach_a", PASSWORD, "coach", [A], by="tests")


def test_the_admin_deactivates_resets_and_moves_a_user(svc: Service) -> None:
    _admin_and_coach(svc)
    admin = USERS["admin"]
    found = svc.sign_in("coach_a", PASSWORD, client="192.0.2.7")
    assert found is not None
    coach, token = found
    assert svc.resume_session(token) == coach
    assert svc.set_user_teams("coach_a", [B], by=admin) == (B,)
    assert svc.resume_session(token).teams == (B,)  # type: ignore[union-attr]
    assert svc.refresh_user(coach).teams == (B,)  # type: ignore[union-attr]
    svc.set_user_active("coach_a", False, by=admin)
    assert svc.resume_session(token) is None and svc.refresh_user(coach) is None
    svc.set_user_active("coach_a", True, by=admin)
    temporary = svc.reset_password("coach_a", by=admin)
    found = svc.sign_in("coach_a", temporary)
    assert found is not None and found[0].must_change_password
    svc.change_password(temporary, "my own new phrase", user=found[0], token=found[1])
    assert not svc.resume_session(found[1]).must_change_password  # type: ignore[union-attr]
    svc.sign_out(found[1])
    assert svc.resume_session(found[1]) is None
    actions = svc.audit_table(by=admin, actor="boss")["action"].tolist()
    assert actions == ["user.reset_password", "user.activate", "user.deactivate",
                       "user.teams"]


@pytest.mark.parametrize("call", [
    lambda svc, u: svc.set_user_active("coach_a", False, by=u),
    lambda svc, u: svc.reset_password("coach_a", by=u),
    lambda svc, u: svc.set_user_teams("coach_a", [A], by=u),
    lambda svc, u: svc.audit_table(by=u),
    lambda svc, u: svc.audit_actions(by=u),
])
def test_account_admin_and_the_audit_log_are_for_admins_only(svc: Service,
                                                             call: Any) -> None:
    with pytest.raises(AccessDenied, match="only an admin manages users"):
        call(svc, USERS["physio_a"])
    entry = audit_events(svc.store).iloc[0]
    assert (entry["actor"], entry["action"]) == ("physio_a", "access.denied")


def test_the_audit_reader_filters_by_action_actor_and_day(svc: Service) -> None:
    _admin_and_coach(svc)
    for _ in range(2):
        assert svc.sign_in("coach_a", "not the password") is None
    admin = USERS["admin"]
    failed = svc.audit_table(by=admin, action="sign_in.failed")
    assert failed[["actor", "detail"]].values.tolist() == [["coach_a", "failures=2"],
                                                         ["coach_a", "failures=1"]]
    assert set(svc.audit_table(by=admin, action="sign_in.")["action"]) == {"sign_in.failed"}
    today = dt.datetime.now(dt.UTC).date()
    assert len(svc.audit_table(by=admin, since=today, until=today)) == \
        len(svc.audit_table(by=admin))
    assert svc.audit_table(by=admin, until=today - dt.timedelta(days=1)).empty
    assert "id" not in svc.audit_table(by=admin).columns
    assert {"sign_in.failed", "add_user", "upload.add"} <= set(svc.audit_actions(by=admin))


def test_a_locked_sign_in_says_so_in_one_line(svc: Service) -> None:
    _admin_and_coach(svc)
    for _ in range(5):
        svc.sign_in("coach_a", "not the password")
    with pytest.raises(SignInLocked) as caught:
        svc.sign_in("coach_a", PASSWORD)
    assert str(caught.value) == "too many failed sign-ins; try again in 1 minute"


@pytest.mark.parametrize("pseudonymise", [False, True])
def test_exports_leave_out_the_secret_and_the_sessions(svc: Service, tmp_path: Path,
                                                       pseudonymise: bool) -> None:
    accounts.add_user(svc.store, "coach_a", PASSWORD, "coach", [A], by="tests")
    found = svc.sign_in("coach_a", PASSWORD)
    assert found is not None
    secret = installation_secret(svc.store)
    paths = export_tables(svc.store, tmp_path / "out", pseudonymise=pseudonymise)
    names = {p.name for p in paths}
    assert "users.csv" in names
    assert not names & {"installation_secret.csv", "user_sessions.csv",
                        "sign_in_failures.csv"}
    every = "".join(p.read_text() for p in paths)
    assert secret not in every and token_hash(found[1]) not in every
