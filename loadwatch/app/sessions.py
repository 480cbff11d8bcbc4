"""Failed sign-ins and server-side sessions (issue 15 item 6, issue 19 item 6, OWASP ASVS
2.2 and 3): the rules, kept in the store, with the clock passed in so tests can move time.

**Lockout.** Failures are counted per username (known or not: the answer must not reveal
which usernames exist) and per client (a keyed hash of its address, when the dashboard
knows one). The 5th failure for a username locks it for 1 minute; every further failure
after a lock doubles it (2, 4, 8 minutes) up to 15 minutes. A client is locked the same way
after 20 failures (one address trying many usernames). While locked, even the right password
is refused with "too many failed sign-ins; try again in N minutes", and the attempt is not
counted (it cannot lengthen the lock). A success clears the username's count; a count whose
last failure is older than an hour and that holds no lock starts again.

**Sessions.** Signing in draws a random token (256 bits); only its SHA-256 is stored. A
session ends when revoked (sign-out, deactivation, password reset), after 60 minutes
without activity, or 12 hours after sign-in, whichever comes first. Set
``LOADWATCH_IDLE_MINUTES`` / ``LOADWATCH_SESSION_HOURS`` to change the two times. How the
dashboard keeps the token across a browser refresh is in dashboards/app.py (a cookie).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from loadwatch.errors import UsageError
from loadwatch.store.tables import sign_in_failures, user_sessions

Clock = Callable[[], dt.datetime]


class SignInLocked(UsageError):
    """Sign-in refused while a username or a client is locked (one line, no username)."""


@dataclass(frozen=True)
class Policy:
    """The lockout and session rules (times as timedeltas)."""

    idle: dt.timedelta = dt.timedelta(minutes=60)
    lifetime: dt.timedelta = dt.timedelta(hours=12)
    user_failures: int = 5
    client_failures: int = 20
    first_lock: dt.timedelta = dt.timedelta(minutes=1)
    longest_lock: dt.timedelta = dt.timedelta(minutes=15)
    forget_after: dt.timedelta = dt.timedelta(hours=1)
    touch_every: dt.timedelta = dt.timedelta(seconds=30)  # last_seen_at writes at most this often


def policy() -> Policy:
    """The default policy with the environment's session times (minutes / hours)."""
    idle = float(os.environ.get("LOADWATCH_IDLE_MINUTES") or 60)
    hours = float(os.environ.get("LOADWATCH_SESSION_HOURS") or 12)
    if not (math.isfinite(idle) and math.isfinite(hours)) or idle <= 0 or hours <= 0:
        raise UsageError("LOADWATCH_IDLE_MINUTES and LOADWATCH_SESSION_HOURS must be positive")
    return Policy(idle=dt.timedelta(minutes=idle), lifetime=dt.timedelta(hours=hours))


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands timestamps back without a zone; every stored one is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def lock_message(remaining: dt.timedelta) -> str:
    """'too many failed sign-ins; try again in 3 minutes' (whole minutes, rounded up)."""
    minutes = max(1, math.ceil(remaining.total_seconds() / 60))
    return f"too many failed sign-ins; try again in {minutes} minute{'s' * (minutes != 1)}"


# --- lockout -----------------------------------------------------------------------------


def _subjects(username: str, client: str | None) -> list[tuple[str, str]]:
    keys = [("user", username.strip().lower()[:100])]
    if client:
        keys.append(("client", client[:100]))
    return keys


def locked_for(conn: Connection, username: str, client: str | None, at: dt.datetime
               ) -> dt.timedelta | None:
    """How long the username or the client stays locked at `at` (the longer), or None."""
    remaining = None
    for kind, subject in _subjects(username, client):
        until = conn.execute(sa.select(sign_in_failures.c.locked_until).where(
            sign_in_failures.c.kind == kind, sign_in_failures.c.subject == subject)).scalar()
        if until is not None and _aware(until) > at:
            left = _aware(until) - at
            remaining = left if remaining is None else max(remaining, left)
    return remaining


def _lock_length(failures: int, threshold: int, rules: Policy) -> dt.timedelta | None:
    if failures < threshold:
        return None
    return min(rules.first_lock * 2 ** (failures - threshold), rules.longest_lock)


def record_failure(conn: Connection, username: str, client: str | None, at: dt.datetime,
                   rules: Policy) -> tuple[int, dt.timedelta | None]:
    """Count one failed sign-in for the username and the client; returns the username's
    failure count and the lock it earned now (None: no lock)."""
    result: tuple[int, dt.timedelta | None] = (0, None)
    for kind, subject in _subjects(username, client):
        row = conn.execute(sa.select(sign_in_failures).where(
            sign_in_failures.c.kind == kind,
            sign_in_failures.c.subject == subject)).mappings().first()
        count = 1
        if row is not None and at - _aware(row["last_failure_at"]) <= rules.forget_after:
            count = row["failures"] + 1
        threshold = rules.user_failures if kind == "user" else rules.client_failures
        lock = _lock_length(count, threshold, rules)
        values = {"failures": count, "last_failure_at": at,
                  "locked_until": None if lock is None else at + lock}
        if row is None:
            conn.execute(sa.insert(sign_in_failures).values(kind=kind, subject=subject,
                                                            **values))
        else:
            conn.execute(sa.update(sign_in_failures).where(
                sign_in_failures.c.id == row["id"]).values(**values))
        if kind == "user":
            result = (count, lock)
    return result


def clear_failures(conn: Connection, username: str) -> None:
    """A successful sign-in: the username's count starts again (the client's does not, so
    that an attacker's own account cannot reset the lock of their address)."""
    conn.execute(sa.delete(sign_in_failures).where(
        sign_in_failures.c.kind == "user",
        sign_in_failures.c.subject == username.strip().lower()[:100]))


# --- sessions ----------------------------------------------------------------------------


def token_hash(token: str) -> str:
    """The SHA-256 (hex) under which a session token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(conn: Connection, user_id: int, at: dt.datetime, rules: Policy) -> str:
    """A new session for the user; returns the token (shown to the browser once)."""
    token = secrets.token_urlsafe(32)
    conn.execute(sa.insert(user_sessions).values(
        token_hash=token_hash(token), user_id=user_id, created_at=at, last_seen_at=at,
        expires_at=at + rules.lifetime))
    return token


def live_session(conn: Connection, token: str, at: dt.datetime, rules: Policy
                 ) -> tuple[int, int, bool] | None:
    """(session id, user id, whether last_seen_at is due a refresh) of a live session, or
    None when the token is unknown, revoked, idle too long or past its lifetime."""
    if not isinstance(token, str) or not token:
        return None
    row = conn.execute(sa.select(user_sessions).where(
        user_sessions.c.token_hash == token_hash(token))).mappings().first()
    if row is None or row["revoked_at"] is not None:
        return None
    seen = _aware(row["last_seen_at"])
    if at >= _aware(row["expires_at"]) or at - seen >= rules.idle:
        return None
    return int(row["id"]), int(row["user_id"]), at - seen >= rules.touch_every


def touch(conn: Connection, session_id: int, at: dt.datetime) -> None:
    """Record activity on a session (its idle time starts again)."""
    conn.execute(sa.update(user_sessions).where(user_sessions.c.id == session_id)
                 .values(last_seen_at=at))


def revoke(conn: Connection, token: str, at: dt.datetime) -> int | None:
    """End one session (sign-out); returns its user id, or None for an unknown token."""
    row = conn.execute(sa.select(user_sessions.c.id, user_sessions.c.user_id).where(
        user_sessions.c.token_hash == token_hash(token))).first()
    if row is None:
        return None
    conn.execute(sa.update(user_sessions).where(user_sessions.c.id == row.id,
                                                user_sessions.c.revoked_at.is_(None))
                 .values(revoked_at=at))
    return int(row.user_id)


def revoke_user(conn: Connection, user_id: int, at: dt.datetime, *,
                keep: str | None = None) -> int:
    """End every open session of a user (but the one of token `keep`); returns how many."""
    query = sa.update(user_sessions).where(user_sessions.c.user_id == user_id,
                                           user_sessions.c.revoked_at.is_(None))
    if keep:
        query = query.where(user_sessions.c.token_hash != token_hash(keep))
    return int(conn.execute(query.values(revoked_at=at)).rowcount or 0)


__all__ = ["Clock", "Policy", "SignInLocked", "clear_failures", "live_session", "lock_message",
           "locked_for", "open_session", "policy", "record_failure", "revoke", "revoke_user",
           "token_hash", "touch"]
