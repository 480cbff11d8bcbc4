"""Mail that reaches a person (issue 16): referral alerts to therapists, weekly reminders.

SMTP comes from ``$LOADWATCH_SMTP_URL`` — ``smtp://[user:pass@]host:port[?starttls=1]`` —
and links from ``$LOADWATCH_BASE_URL``. Every mail is a row of the ``alerts`` table before
it is sent (status pending), then sent (up to :data:`ATTEMPTS` tries, a short pause between)
and marked sent or failed with the error; failed mails stay in the store, are listed for the
admin and are sent again by ``loadwatch alerts retry``. Nothing is lost silently.

A referral mail carries no symptom and no athlete: only that an athlete of the team needs a
clinician's look, and a link to loadwatch, where the therapist signs in. Sending, failing
and opening are audited (ids only; never the address or the text).
"""

from __future__ import annotations

import os
import smtplib
import time
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Final
from urllib.parse import parse_qs, unquote, urlsplit

import pandas as pd
import sqlalchemy as sa

from loadwatch.app.links import base_url
from loadwatch.store import audit
from loadwatch.store.athletes import require_team
from loadwatch.store.db import StoreOrUrl, now, opened
from loadwatch.store.frames import fetch
from loadwatch.store.tables import alerts, teams, user_teams, users

SMTP_VAR: Final = "LOADWATCH_SMTP_URL"
SENDER_VAR: Final = "LOADWATCH_MAIL_FROM"
ATTEMPTS: Final = 3
PAUSE_S: Final = 0.5
TIMEOUT_S: Final = 10
NOBODY: Final = "(no address)"


@dataclass(frozen=True)
class Smtp:
    """Where mail goes: host, port, optional credentials and STARTTLS."""

    host: str
    port: int
    user: str | None = None
    password: str | None = None
    starttls: bool = False


def smtp_settings(url: str | None = None) -> Smtp | None:
    """The SMTP server of `url` or $LOADWATCH_SMTP_URL (None when not set); ValueError for
    a malformed address."""
    text = url if url is not None else os.environ.get(SMTP_VAR, "")
    if not text:
        return None
    parts = urlsplit(text)
    if parts.scheme != "smtp" or not parts.hostname:
        raise ValueError(f"{SMTP_VAR} must look like smtp://[user:pass@]host:port[?starttls=1]")
    try:
        port = parts.port or 25
    except ValueError:
        raise ValueError(f"{SMTP_VAR} has an invalid port") from None
    starttls = parse_qs(parts.query).get("starttls", ["0"])[0] in ("1", "true", "yes")
    return Smtp(parts.hostname, port, unquote(parts.username) if parts.username else None,
                unquote(parts.password) if parts.password else None, starttls)


def _send(smtp: Smtp, recipient: str, subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"] = os.environ.get(SENDER_VAR, f"loadwatch@{smtp.host}")
    message["To"] = recipient
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT_S) as server:
        if smtp.starttls:
            server.starttls()
        if smtp.user:
            server.login(smtp.user, smtp.password or "")
        server.send_message(message)


def _deliver(store: StoreOrUrl, alert_id: int, recipient: str, subject: str, body: str,
             attempts_before: int) -> bool:
    """Try to send one stored mail ATTEMPTS times; record the outcome; True when sent."""
    error = "no SMTP server configured (set LOADWATCH_SMTP_URL)"
    tries = 0
    try:
        smtp = smtp_settings()
    except ValueError as exc:
        smtp, error = None, str(exc)
    while smtp is not None and tries < ATTEMPTS:
        tries += 1
        try:
            _send(smtp, recipient, subject, body)
            error = ""
            break
        except (OSError, smtplib.SMTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"[:300]
            if tries < ATTEMPTS:
                time.sleep(PAUSE_S)
    sent = not error
    with opened(store) as db, db.write() as conn:
        conn.execute(sa.update(alerts).where(alerts.c.id == alert_id).values(
            status="sent" if sent else "failed", attempts=attempts_before + tries,
            last_error=None if sent else error, sent_at=now() if sent else None))
        audit.record(conn, "alerts", "alert.sent" if sent else "alert.failed", "alerts",
                     alert_id, f"tries={tries}")
    return sent


def queue_and_send(store: StoreOrUrl, team_id: int, athlete_id: int | None, kind: str,
                   recipients: list[str], subject: str, body: str) -> list[int]:
    """Store one mail per recipient (pending), then send each; returns the alert ids."""
    ids = []
    with opened(store) as db, db.write() as conn:
        for recipient in recipients:
            ids.append(int(conn.execute(sa.insert(alerts).values(
                team_id=team_id, athlete_id=athlete_id, kind=kind, recipient=recipient,
                subject=subject, body=body, status="pending", attempts=0,
                created_at=now()).returning(alerts.c.id)).scalar_one()))
        audit.record(conn, "alerts", f"alert.{kind}", "alerts", None,
                     f"team_id={team_id} mails={len(ids)}")
    for alert_id, recipient in zip(ids, recipients, strict=True):
        _deliver(store, alert_id, recipient, subject, body, 0)
    return ids


def therapist_addresses(store: StoreOrUrl, team_id: int) -> list[str]:
    """E-mail addresses of the team's active therapists."""
    query = (sa.select(users.c.email).join(user_teams, user_teams.c.user_id == users.c.id)
             .where(user_teams.c.team_id == team_id, users.c.role == "therapist",
                    users.c.active.is_(True), users.c.email.is_not(None))
             .order_by(users.c.username))
    with opened(store) as db, db.read() as conn:
        return sorted({str(e) for e in conn.execute(query).scalars() if str(e).strip()})


def referral_text(team: str) -> tuple[str, str]:
    """Subject and body of a referral alert: the team and a link, no symptom, no athlete."""
    subject = f"loadwatch: an athlete of {team} needs a clinician's look"
    body = (f"An athlete of {team} needs a clinician's look — open loadwatch: "
            f"{base_url()}/compliance\n\nSign in to see who and why. This mail is sent by "
            "loadwatch, which supports decisions and does not diagnose.\n")
    return subject, body


def send_referral(store: StoreOrUrl, team_id: int, team: str, athlete_id: int) -> list[int]:
    """Mail every therapist of the team with an address (synchronously, retried); with no
    address at all, one failed alert says so (the admin sees it)."""
    subject, body = referral_text(team)
    recipients = therapist_addresses(store, team_id)
    if recipients:
        return queue_and_send(store, team_id, athlete_id, "referral", recipients, subject,
                              body)
    with opened(store) as db, db.write() as conn:
        alert_id = conn.execute(sa.insert(alerts).values(
            team_id=team_id, athlete_id=athlete_id, kind="referral", recipient=NOBODY,
            subject=subject, body=body, status="failed", attempts=0, created_at=now(),
            last_error="no therapist of the team has an e-mail address "
                       "(loadwatch users add NAME --role therapist --email ADDRESS)")
            .returning(alerts.c.id)).scalar_one()
        audit.record(conn, "alerts", "alert.failed", "alerts", alert_id, "no recipient")
    return [int(alert_id)]


def retry_failed(store: StoreOrUrl, team: str | None = None) -> tuple[int, int]:
    """Send failed (and stuck pending) mails again: (sent, still failing)."""
    query = sa.select(alerts.c.id, alerts.c.recipient, alerts.c.subject, alerts.c.body,
                      alerts.c.attempts).where(alerts.c.status.in_(("failed", "pending")),
                                               alerts.c.recipient != NOBODY)
    with opened(store) as db, db.read() as conn:
        if team is not None:
            query = query.where(alerts.c.team_id == require_team(conn, team))
        rows = conn.execute(query.order_by(alerts.c.id)).all()
    sent = sum(_deliver(store, *row) for row in rows)
    return sent, len(rows) - sent


def alert_table(store: StoreOrUrl, team: str | None = None, *,
                statuses: tuple[str, ...] = ("pending", "sent", "failed")) -> pd.DataFrame:
    """Mails with their delivery state: id, team, kind, recipient, status, attempts,
    last_error, created_at, sent_at, opened_by, opened_at (no body)."""
    query = (sa.select(alerts.c.id, teams.c.name.label("team"), alerts.c.kind,
                       alerts.c.recipient, alerts.c.status, alerts.c.attempts,
                       alerts.c.last_error, alerts.c.created_at, alerts.c.sent_at,
                       alerts.c.opened_by, alerts.c.opened_at)
             .join(teams, teams.c.id == alerts.c.team_id)
             .where(alerts.c.status.in_(statuses)).order_by(alerts.c.id.desc()))
    with opened(store) as db, db.read() as conn:
        if team is not None:
            query = query.where(alerts.c.team_id == require_team(conn, team))
        return fetch(conn, query)


def mark_opened(store: StoreOrUrl, team: str, username: str) -> int:
    """A therapist opened the team's referral alerts: who and when, once per mail; audited."""
    with opened(store) as db, db.write() as conn:
        team_id = require_team(conn, team)
        count = conn.execute(sa.update(alerts).where(
            alerts.c.team_id == team_id, alerts.c.kind == "referral",
            alerts.c.opened_at.is_(None)).values(opened_by=username, opened_at=now())).rowcount
        if count:
            audit.record(conn, username, "alert.opened", "alerts", None, f"mails={count}")
    return int(count)



def set_email(store: StoreOrUrl, username: str, email: str | None, *, by: str) -> None:
    """Set (or clear with None) the e-mail address of an account; audited without it."""
    address = clean_email(email)
    with opened(store) as db, db.write() as conn:
        user_id = conn.execute(sa.select(users.c.id).where(
            sa.func.lower(users.c.username) == username.strip().lower())).scalar()
        if user_id is None:
            raise ValueError(f"no account '{username}'")
        conn.execute(sa.update(users).where(users.c.id == user_id).values(email=address))
        audit.record(conn, by, "user.email", "user", user_id,
                     "set" if address else "cleared")


def clean_email(email: str | None) -> str | None:
    """A plausible address (one @, no spaces, at most 254 characters), or None for none;
    ValueError otherwise."""
    address = (email or "").strip() or None
    if address is not None and (len(address) > 254 or address.count("@") != 1
                                or any(ch.isspace() for ch in address)
                                or address.startswith("@") or address.endswith("@")):
        raise ValueError(f"'{address}' is not an e-mail address")
    return address
