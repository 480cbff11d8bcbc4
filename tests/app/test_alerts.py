"""Alerts that reach a person (issue 16), against a local SMTP server (aiosmtpd) on a free
port: a back check that routes to refer mails every therapist of the team with an address,
with no symptom and no athlete in it; a server that is down leaves failed mails that a retry
sends; no address at all is a failed alert, never silence; weekly reminders."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from loadwatch.app import alerts, compliance
from loadwatch.app.auth import User
from loadwatch.app.cli.main import main
from loadwatch.app.selfreport import BackCheck
from loadwatch.app.service import Service
from loadwatch.store.tables import audit_log
from tests.dashboards.conftest import CLUB, seed_store

COACH = User("coach1", "coach", (CLUB,))
ADMIN = User("admin1", "admin", ())
SYMPTOM_WORDS = re.compile(r"arch|pain|hurt|left|side|back pain|numb|night|GYM-",
                           re.IGNORECASE)
NONE = {"ostrc_participation": 0, "ostrc_volume": 0, "ostrc_performance": 0, "ostrc_pain": 0}


class Inbox:
    """Collects every message the test server receives."""

    def __init__(self) -> None:
        self.mails: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        message = email.message_from_bytes(envelope.content,  # type: ignore[attr-defined]
                                           policy=email.policy.default)
        self.mails.append((list(envelope.rcpt_tos),  # type: ignore[attr-defined]
                           f"Subject: {message['Subject']}\n\n{message.get_content()}"))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    """A local SMTP server; LOADWATCH_SMTP_URL points at it."""
    box = Inbox()
    port = free_port()
    server = Controller(box, hostname="127.0.0.1", port=port)
    server.start()
    monkeypatch.setenv("LOADWATCH_SMTP_URL", f"smtp://127.0.0.1:{port}")
    monkeypatch.setenv("LOADWATCH_BASE_URL", "https://club.example/loadwatch/")
    monkeypatch.setattr(alerts, "PAUSE_S", 0.0)
    yield box
    server.stop()


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample club, its accounts, and two therapists with addresses (one of another team)."""
    url = seed_store(tmp_path_factory.mktemp("alerts"))
    from loadwatch.app import accounts

    accounts.add_user(url, "physio2", "another long passphrase", "therapist", [CLUB], by="t")
    accounts.add_user(url, "physio3", "another long passphrase", "therapist",
                      ["School football"], by="t")
    alerts.set_email(url, "physio1", "physio1@club.example", by="t")
    alerts.set_email(url, "physio2", "physio2@club.example", by="t")
    alerts.set_email(url, "physio3", "physio3@club.example", by="t")
    return url


@pytest.fixture
def svc(store_url: str) -> Iterator[Service]:
    service = Service.open(store_url)
    yield service
    service.store.close()


def _open_link(svc: Service, athlete: str) -> str:
    guardian = svc.athlete_link(CLUB, athlete, user=COACH, kind="guardian")
    svc.guardian_decide(guardian.url.split("=", 1)[1], "consented")
    return svc.athlete_link(CLUB, athlete, user=COACH).url.split("=", 1)[1]


def test_a_referral_mails_every_therapist_of_the_team_without_symptom_words(
        svc: Service, inbox: Inbox) -> None:
    token = _open_link(svc, "GYM-08")
    check = BackCheck({**NONE, "ostrc_pain": 8}, hurts_arching=True, side="left", red_flags={})
    assert svc.submit_back_check(token, "check-gym08-1", day=dt.date.today(), check=check)
    assert sorted(r for rcpt, _ in inbox.mails for r in rcpt) == [
        "physio1@club.example", "physio2@club.example"]
    body = inbox.mails[0][1]
    assert "An athlete of Gymnastics club needs a clinician's look — open loadwatch: " \
           "https://club.example/loadwatch/compliance" in body
    text = body.split("\n\n", 1)[1]
    assert not SYMPTOM_WORDS.search(text), SYMPTOM_WORDS.search(text)
    table = svc.alerts_table(user=ADMIN)
    mine = table[table["kind"] == "referral"]
    assert sorted(mine["status"]) == ["sent", "sent"] and set(mine["attempts"]) == {1}
    with svc.store.read() as conn:
        actions = conn.execute(sa.select(audit_log.c.action, audit_log.c.detail).where(
            audit_log.c.action.like("alert.%"))).all()
    assert [a for a, _ in actions] == ["alert.referral", "alert.sent", "alert.sent"]
    assert all("@" not in (d or "") for _, d in actions)  # no address in the audit log


def test_a_resent_form_is_not_stored_or_mailed_twice(svc: Service, inbox: Inbox) -> None:
    token = _open_link(svc, "GYM-09")
    check = BackCheck(NONE, hurts_arching=True, side="right", red_flags={})
    assert svc.submit_back_check(token, "check-gym09-1", day=dt.date.today(), check=check)
    assert not svc.submit_back_check(token, "check-gym09-1", day=dt.date.today(), check=check)
    assert len(inbox.mails) == 2  # one per therapist, once


def test_a_back_check_without_pain_sends_nothing(svc: Service, inbox: Inbox) -> None:
    token = _open_link(svc, "GYM-10")
    check = BackCheck(NONE, hurts_arching=False, side=None, red_flags={})
    assert svc.submit_back_check(token, "check-gym10-1", day=dt.date.today(), check=check)
    assert inbox.mails == []


def test_a_server_that_is_down_leaves_failed_mails_that_retry_sends(
        svc: Service, inbox: Inbox, monkeypatch: pytest.MonkeyPatch) -> None:
    good = alerts.smtp_settings()
    monkeypatch.setenv("LOADWATCH_SMTP_URL", f"smtp://127.0.0.1:{free_port()}")
    ids = alerts.send_referral(svc.store, 1, CLUB, 1)
    failed = alerts.alert_table(svc.store, statuses=("failed",))
    assert sorted(failed["id"]) == sorted(ids)
    assert set(failed["attempts"]) == {alerts.ATTEMPTS}
    assert failed["last_error"].str.startswith("ConnectionRefusedError").all()
    assert svc.retry_alerts(user=ADMIN) == (0, 2)
    monkeypatch.setenv("LOADWATCH_SMTP_URL", f"smtp://{good.host}:{good.port}")
    assert svc.retry_alerts(user=ADMIN) == (2, 0)
    assert len(inbox.mails) == 2
    assert alerts.alert_table(svc.store, statuses=("failed",)).empty


def test_no_address_at_all_is_a_failed_alert_not_silence(tmp_path: Path) -> None:
    url = seed_store(tmp_path)
    ids = alerts.send_referral(url, 1, CLUB, 1)
    table = alerts.alert_table(url)
    assert table[["id", "recipient", "status"]].values.tolist() == [
        [ids[0], "(no address)", "failed"]]
    assert table["last_error"].iloc[0].startswith("no therapist of the team has an e-mail")


def test_the_smtp_url_is_read_with_credentials_and_starttls() -> None:
    assert alerts.smtp_settings("smtp://mailer:p%40ss@mail.club.example:587?starttls=1") == \
        alerts.Smtp("mail.club.example", 587, "mailer", "p@ss", True)
    assert alerts.smtp_settings("smtp://localhost") == alerts.Smtp("localhost", 25)
    with pytest.raises(ValueError, match="must look like smtp://"):
        alerts.smtp_settings("http://localhost:25")


def test_reminders_go_to_the_guardian_of_a_minor_and_the_rest_are_listed(
        svc: Service, inbox: Inbox, capsys: pytest.CaptureFixture[str]) -> None:
    # GYM-01 was born in 2014 (a minor), GYM-11 in 2009 (17: over the consent age of 16)
    for athlete in ("GYM-01", "GYM-11"):
        number = athlete[-2:]
        svc.athlete_link(CLUB, athlete, user=COACH, kind="guardian",
                         email=f"parent{number}@home.example")
        svc.athlete_link(CLUB, athlete, user=COACH, email=f"gym{number}@home.example")
    table = svc.compliance(CLUB, user=COACH)
    targets = compliance.reminder_targets(table, svc.team_links(CLUB, user=COACH), 16,
                                          today=dt.date(2026, 12, 2)).set_index("athlete")
    assert targets.loc["GYM-01", "recipient"] == "parent01@home.example"
    assert targets.loc["GYM-11", "recipient"] == "gym11@home.example"
    assert "GYM-08" not in targets.index  # did this week's back check
    missing = int((~table["back_check_this_week"]).sum())
    assert main(["alerts", "send-reminders", "--team", CLUB, "--db", svc.store.url]) == 0
    out = capsys.readouterr().out
    assert out == (f"2 reminder(s) mailed\n{missing - 2} athlete(s) without this week's back "
                   "check have no address: remind them in person\n")
    assert sorted(r for rcpt, _ in inbox.mails for r in rcpt) == [
        "gym11@home.example", "parent01@home.example"]
    assert "this week's 30-second back check" in inbox.mails[0][1]


def test_users_add_takes_the_therapists_address(
        store_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough passphrase\n"))
    assert main(["users", "add", "physio9", "--role", "therapist", "--team", CLUB,
                 "--email", "physio9@club.example", "--password-stdin", "--db", store_url]) == 0
    assert "added therapist 'physio9'" in capsys.readouterr().out
    with Service.open(store_url).store.read() as conn:
        team_id = conn.execute(sa.text("SELECT id FROM teams WHERE name = :n"),
                               {"n": CLUB}).scalar_one()
    assert "physio9@club.example" in alerts.therapist_addresses(store_url, team_id)
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough passphrase\n"))
    assert main(["users", "add", "physio10", "--role", "therapist", "--email", "not an address",
                 "--password-stdin", "--db", store_url]) == 2
    assert capsys.readouterr().err == "error: 'not an address' is not an e-mail address\n"
