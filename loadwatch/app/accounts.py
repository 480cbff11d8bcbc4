"""Accounts in the store: create, sign in, sessions, deactivate, reset, teams; every change
and every sign-in attempt goes to the audit log (issues 15 and 19).

Passwords are kept only as argon2id hashes (loadwatch.app.auth). A wrong username and a wrong
password get the same answer and cost the same work, so the sign-in page cannot be used to
find usernames; failures are counted per username and per client and lock both for a while
(loadwatch.app.sessions). The user behind a session is read again from the store on every
call, so deactivation, a password reset or a change of teams takes effect at once.
"""

from __future__ import annotations

import secrets

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from loadwatch.app import sessions
from loadwatch.app.auth import ROLES, User, check_new_account, hash_password, verify_password
from loadwatch.app.passwords import password_problem
from loadwatch.app.sessions import Clock, Policy, SignInLocked, lock_message
from loadwatch.store import audit
from loadwatch.store.athletes import clean_team
from loadwatch.store.db import StoreOrUrl, now, opened
from loadwatch.store.tables import teams, user_teams, users

_UNKNOWN_HASH = hash_password("no such user: constant-time comparison")


def has_users(store_or_url: StoreOrUrl) -> bool:
    """True once any account exists (before that, the first visitor creates the admin)."""
    with opened(store_or_url) as store, store.read() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(users)).scalar_one() > 0


def _team_ids(conn: Connection, names: tuple[str, ...] | list[str], where: str
              ) -> list[int]:
    """The ids of existing teams; ValueError naming the database and its teams otherwise."""
    known = dict(conn.execute(sa.select(teams.c.name, teams.c.id)).all())
    ids = []
    for name in names:
        clean = clean_team(name)
        if clean not in known:
            listed = ", ".join(sorted(known)) or "none yet"
            raise ValueError(f"no team '{clean}' in {where}; teams: {listed}")
        ids.append(int(known[clean]))
    return ids


def add_user(store_or_url: StoreOrUrl, username: str, password: str, role: str,
             teams_: tuple[str, ...] | list[str] = (), *, by: str) -> User:
    """Create an account (ValueError for a taken name, a weak password, an unknown role or
    a team that does not exist in this database)."""
    username = username.strip()
    check_new_account(username, password, role)
    with opened(store_or_url) as store, store.write() as conn:
        taken = conn.execute(sa.select(users.c.id).where(
            sa.func.lower(users.c.username) == username.lower())).first()
        if taken:
            raise ValueError(f"the username '{username}' is taken")
        team_ids = _team_ids(conn, teams_, store.url)
        user_id = conn.execute(sa.insert(users).values(
            username=username, password_hash=hash_password(password), role=role, active=True,
            created_at=now()).returning(users.c.id)).scalar_one()
        for team_id in team_ids:
            conn.execute(sa.insert(user_teams).values(user_id=user_id, team_id=team_id))
        audit.record(conn, by, "add_user", "user", user_id, f"role={role}")
    return User(username, role, tuple(clean_team(t) for t in teams_))


def create_first_admin(store_or_url: StoreOrUrl, username: str, password: str) -> User:
    """The first account of a fresh installation; refused once any account exists."""
    if has_users(store_or_url):
        raise ValueError("an administrator already exists; sign in instead")
    return add_user(store_or_url, username, password, "admin", by=username.strip() or "setup")


def _row(conn: Connection, username: str) -> RowMapping | None:
    return conn.execute(sa.select(users).where(
        sa.func.lower(users.c.username) == username.strip().lower())).mappings().first()


def _user(conn: Connection, row: RowMapping) -> User:
    """The User of a users row, with its teams as stored now."""
    names = conn.execute(sa.select(teams.c.name).join(
        user_teams, user_teams.c.team_id == teams.c.id).where(
        user_teams.c.user_id == row["id"]).order_by(teams.c.name)).scalars().all()
    return User(row["username"], row["role"], tuple(names),
                must_change_password=bool(row["must_change_password"]))


def _failed(store_or_url: StoreOrUrl, username: str, client: str | None, clock: Clock,
            rules: Policy) -> None:
    """Count and audit a failed sign-in (the attempted username, never the password)."""
    at = clock()
    with opened(store_or_url) as store, store.write() as conn:
        count, lock = sessions.record_failure(conn, username, client, at, rules)
        actor = " ".join(username.split())[:100] or "(blank)"
        audit.record(conn, actor, "sign_in.failed", "user", None, f"failures={count}")
        if lock is not None:
            audit.record(conn, actor, "sign_in.locked", "user", None,
                         f"failures={count} locked_minutes={lock.total_seconds() / 60:g}")


def authenticate(store_or_url: StoreOrUrl, username: str, password: str, *,
                 client: str | None = None, clock: Clock = now,
                 rules: Policy | None = None) -> User | None:
    """The user, or None for an unknown name, an inactive account or a wrong password;
    SignInLocked while the username or the client is locked (even for the right one)."""
    rules = rules or sessions.policy()
    with opened(store_or_url) as store:
        with store.read() as conn:
            locked = sessions.locked_for(conn, username, client, clock())
            row = None if locked else _row(conn, username)
        if locked is not None:
            audit.record_event(store, " ".join(username.split())[:100] or "(blank)",
                               "sign_in.refused", "user", None, "locked")
            raise SignInLocked(lock_message(locked))
        if row is None or not row["active"]:
            verify_password(_UNKNOWN_HASH, password)  # same work either way
            _failed(store, username, client, clock, rules)
            return None
        if not verify_password(row["password_hash"], password):
            _failed(store, username, client, clock, rules)
            return None
        with store.write() as conn:
            sessions.clear_failures(conn, username)
            audit.record(conn, row["username"], "sign_in", "user", row["id"])
            return _user(conn, row)


def sign_in(store_or_url: StoreOrUrl, username: str, password: str, *,
            client: str | None = None, clock: Clock = now, rules: Policy | None = None
            ) -> tuple[User, str] | None:
    """Authenticate and open a server-side session: (user, token), or None (wrong)."""
    rules = rules or sessions.policy()
    user = authenticate(store_or_url, username, password, client=client, clock=clock,
                        rules=rules)
    if user is None:
        return None
    with opened(store_or_url) as store, store.write() as conn:
        row = _row(conn, user.username)
        assert row is not None
        return user, sessions.open_session(conn, int(row["id"]), clock(), rules)


def resume(store_or_url: StoreOrUrl, token: str, *, clock: Clock = now,
           rules: Policy | None = None) -> User | None:
    """The user of a live session, read again from the store (None: the session ended, or
    the account was deactivated); activity restarts its idle time."""
    rules = rules or sessions.policy()
    at = clock()
    with opened(store_or_url) as store:
        with store.read() as conn:
            live = sessions.live_session(conn, token, at, rules)
            row = None if live is None else conn.execute(sa.select(users).where(
                users.c.id == live[1])).mappings().first()
            user = _user(conn, row) if row is not None and row["active"] else None
        if live is not None and user is not None and live[2]:
            with store.write() as conn:
                sessions.touch(conn, live[0], at)
    return user


def current(store_or_url: StoreOrUrl, username: str) -> User | None:
    """The active account of that name as stored now (role, teams), or None."""
    with opened(store_or_url) as store, store.read() as conn:
        row = _row(conn, username)
        return _user(conn, row) if row is not None and row["active"] else None


def find(store_or_url: StoreOrUrl, username: str) -> tuple[User, bool] | None:
    """(the account as stored, whether active), or None for an unknown username."""
    with opened(store_or_url) as store, store.read() as conn:
        row = _row(conn, username)
        return None if row is None else (_user(conn, row), bool(row["active"]))


def sign_out(store_or_url: StoreOrUrl, token: str, *, clock: Clock = now) -> None:
    """Revoke the session of `token` (audited); an unknown token changes nothing."""
    with opened(store_or_url) as store, store.write() as conn:
        user_id = sessions.revoke(conn, token, clock())
        if user_id is not None:
            name = conn.execute(sa.select(users.c.username).where(
                users.c.id == user_id)).scalar()
            audit.record(conn, str(name), "sign_out", "user", user_id)


def _admin_row(conn: Connection, username: str) -> RowMapping:
    row = _row(conn, username)
    if row is None:
        raise ValueError(f"no user '{username.strip()}'")
    return row


def set_active(store_or_url: StoreOrUrl, username: str, active: bool, *, by: str,
               clock: Clock = now) -> None:
    """Deactivate (every session revoked at once) or reactivate an account, audited; an
    admin cannot deactivate their own account."""
    with opened(store_or_url) as store, store.write() as conn:
        row = _admin_row(conn, username)
        if not active and row["username"].lower() == by.strip().lower():
            raise ValueError("you cannot deactivate your own account")
        conn.execute(sa.update(users).where(users.c.id == row["id"]).values(active=active))
        ended = 0 if active else sessions.revoke_user(conn, int(row["id"]), clock())
        audit.record(conn, by, "user.activate" if active else "user.deactivate", "user",
                     row["id"], None if active else f"sessions_ended={ended}")


def temporary_password() -> str:
    """A random temporary password (16 characters, passes the password rules)."""
    while True:
        value = secrets.token_urlsafe(12)
        if password_problem(value) is None:
            return value


def reset_password(store_or_url: StoreOrUrl, username: str, *, by: str,
                   clock: Clock = now) -> str:
    """A new temporary password for the account (returned once, never stored in clear):
    the user must choose their own at next sign-in; every session of theirs ends."""
    temporary = temporary_password()
    with opened(store_or_url) as store, store.write() as conn:
        row = _admin_row(conn, username)
        conn.execute(sa.update(users).where(users.c.id == row["id"]).values(
            password_hash=hash_password(temporary), must_change_password=True,
            password_changed_at=clock()))
        ended = sessions.revoke_user(conn, int(row["id"]), clock())
        sessions.clear_failures(conn, row["username"])
        audit.record(conn, by, "user.reset_password", "user", row["id"],
                     f"sessions_ended={ended}")
    return temporary


def change_password(store_or_url: StoreOrUrl, username: str, old: str, new: str, *,
                    keep_token: str | None = None, clock: Clock = now) -> None:
    """The user sets a new password (ValueError for a wrong old one, the same one again or
    a weak one); their other sessions end."""
    with opened(store_or_url) as store, store.write() as conn:
        row = _admin_row(conn, username)
        if not verify_password(row["password_hash"], old):
            raise ValueError("the current password is wrong")
        if new == old:
            raise ValueError("the new password must differ from the current one")
        check_new_account(row["username"], new, row["role"])
        conn.execute(sa.update(users).where(users.c.id == row["id"]).values(
            password_hash=hash_password(new), must_change_password=False,
            password_changed_at=clock()))
        sessions.revoke_user(conn, int(row["id"]), clock(), keep=keep_token)
        audit.record(conn, row["username"], "user.change_password", "user", row["id"])


def set_teams(store_or_url: StoreOrUrl, username: str, teams_: list[str], *,
              by: str) -> tuple[str, ...]:
    """Replace the teams of an account with existing teams (audited); takes effect on the
    user's next page run, since sessions read the teams again each time."""
    with opened(store_or_url) as store, store.write() as conn:
        row = _admin_row(conn, username)
        ids = _team_ids(conn, teams_, store.url)
        conn.execute(sa.delete(user_teams).where(user_teams.c.user_id == row["id"]))
        for team_id in sorted(set(ids)):
            conn.execute(sa.insert(user_teams).values(user_id=row["id"], team_id=team_id))
        audit.record(conn, by, "user.teams", "user", row["id"], f"teams={len(set(ids))}")
        return _user(conn, row).teams


def list_users(store_or_url: StoreOrUrl) -> pd.DataFrame:
    """Username, role, teams and whether active (never the hashes)."""
    with opened(store_or_url) as store, store.read() as conn:
        rows = conn.execute(sa.select(users.c.id, users.c.username, users.c.role,
                                      users.c.active)).mappings().all()
        links = conn.execute(sa.select(user_teams.c.user_id, teams.c.name).join(
            teams, teams.c.id == user_teams.c.team_id)).all()
    by_user: dict[int, list[str]] = {}
    for user_id, name in links:
        by_user.setdefault(user_id, []).append(name)
    return pd.DataFrame([{"username": r["username"], "role": r["role"],
                          "teams": ", ".join(sorted(by_user.get(r["id"], []))),
                          "active": bool(r["active"])} for r in rows],
                        columns=["username", "role", "teams", "active"])


__all__ = ["ROLES", "SignInLocked", "add_user", "authenticate", "change_password",
           "create_first_admin", "current", "find", "has_users", "list_users", "reset_password",
           "resume", "set_active", "set_teams", "sign_in", "sign_out", "temporary_password"]
