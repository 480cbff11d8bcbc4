"""Personal links (issue 16): only a hash is stored, a new link revokes the old, expired and
revoked links are told apart, the scope is one athlete of one team, the CLI prints a link."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
import sqlalchemy as sa

from loadwatch.app import links
from loadwatch.app.auth import AccessDenied, User
from loadwatch.app.cli.main import main
from loadwatch.app.service import Service
from loadwatch.store.tables import athlete_links, audit_log
from tests.dashboards.conftest import CLUB, seed_store

COACH = User("coach1", "coach", (CLUB,))


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return seed_store(tmp_path_factory.mktemp("links"))


@pytest.fixture
def svc(store_url: str) -> Service:
    return Service.open(store_url)


def _token(url: str) -> str:
    return url.split("=", 1)[1]


def test_only_the_hash_is_stored_and_the_token_is_in_no_audit_row(
        svc: Service, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("LOADWATCH_BASE_URL", "https://club.example/lw/")
    with caplog.at_level(logging.DEBUG):
        new = svc.athlete_link(CLUB, "GYM-01", user=COACH)
    token = _token(new.url)
    assert new.url == f"https://club.example/lw/?t={token}"
    assert len(token) == 43  # 32 random bytes, URL-safe base64
    with svc.store.read() as conn:
        hashes = conn.execute(sa.select(athlete_links.c.token_hash)).scalars().all()
        details = " ".join(str(r) for r in conn.execute(sa.select(audit_log)).all())
    assert links.token_hash(token) in hashes and token not in hashes
    assert token not in details and token not in caplog.text
    link, status = links.resolve(svc.store, token)
    assert status == "ok" and link is not None
    assert (link.team, link.athlete, link.kind) == (CLUB, "GYM-01", "athlete")
    assert new.expires_at - dt.datetime.now(dt.UTC) > dt.timedelta(days=links.LINK_DAYS - 1)


def test_a_new_link_revokes_the_old_one_of_the_same_kind_only(svc: Service) -> None:
    first = _token(svc.athlete_link(CLUB, "GYM-02", user=COACH).url)
    guardian = _token(svc.athlete_link(CLUB, "GYM-02", user=COACH, kind="guardian").url)
    second = _token(svc.athlete_link(CLUB, "GYM-02", user=COACH).url)
    assert links.resolve(svc.store, first)[1] == "revoked"
    assert links.resolve(svc.store, second)[1] == "ok"
    assert links.resolve(svc.store, guardian)[1] == "ok"
    assert svc.revoke_athlete_links(CLUB, "GYM-02", user=COACH) == 2
    assert links.resolve(svc.store, guardian)[1] == "revoked"


def test_an_expired_and_an_unknown_token_are_told_apart(svc: Service) -> None:
    old = links.make_link(svc.store, CLUB, "GYM-03", by="t", days=-1)
    assert links.resolve(svc.store, _token(old.url))[1] == "expired"
    assert links.resolve(svc.store, "x" * 43) == (None, "unknown")
    assert links.resolve(svc.store, "x" * 5000) == (None, "unknown")
    assert links.resolve(svc.store, None) == (None, "unknown")


def test_links_are_scoped_to_the_users_team_and_an_athlete_of_it(svc: Service) -> None:
    with pytest.raises(AccessDenied, match="that athlete is not in team 'Gymnastics club'"):
        svc.athlete_link(CLUB, "FB-01", user=COACH)
    with pytest.raises(AccessDenied, match="you have no access to team 'School football'"):
        svc.athlete_link("School football", "FB-01", user=COACH)
    with pytest.raises(AccessDenied, match="personal links are handed out by coaches and admins"):
        svc.athlete_link(CLUB, "GYM-01", user=User("physio1", "therapist", (CLUB,)))


def test_the_cli_prints_a_link_and_writes_its_qr_code(
        store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    qr = tmp_path / "gym04.svg"
    assert main(["athletes", "link", "--team", CLUB, "--athlete", "GYM-04", "--qr", str(qr),
                 "--db", store_url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("http://localhost:8501/?t=")
    assert lines[1].startswith("athlete link; expires ")
    assert lines[2] == f"QR code written to {qr}"
    assert qr.read_text().startswith("<svg")
    assert main(["athletes", "link", "--team", CLUB, "--athlete", "NOBODY",
                 "--db", store_url]) == 2
    assert capsys.readouterr().err == \
        "error: team 'Gymnastics club' has no athlete with that id\n"
    assert main(["athletes", "link", "--team", CLUB, "--athlete", "GYM-04", "--revoke",
                 "--db", store_url]) == 0
    assert capsys.readouterr().out == "1 link(s) of that athlete revoked\n"
