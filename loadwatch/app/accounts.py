"""Accounts in the store: create, authenticate, list; every change goes to the audit log.

Passwords are kept only as argon2id hashes (loadwatch.app.auth). A wrong username and a wrong
password get the same answer, so the sign-in page cannot be used to find usernames.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from loadwatch.app.auth import ROLES, User, check_new_account, hash_password, verify_password
from loadwatch.store import audit
from loadwatch.store.athletes import ensure_team
from loadwatch.store.db import StoreOrUrl, now, opened
from loadwatch.store.tables import teams, user_teams, users

_UNKNOWN_HASH = hash_password("no such user: constant-time comparison")


def has_users(store_or_url: StoreOrUrl) -> bool:
    """True once any account exists (before that, the first visitor creates the admin)."""
    with opened(store_or_url) as store, store.read() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(users)).scalar_one() > 0


def add_user(store_or_url: StoreOrUrl, username: str, password: str, role: str,
             teams_: tuple[str, ...] | list[str] = (), *, by: str) -> User:
    """Create an account (ValueError for a taken name, weak password or unknown role)."""
    username = username.strip()
    check_new_account(username, password, role)
    with opened(store_or_url) as store, store.write() as conn:
        taken = conn.execute(sa.select(users.c.id).where(
            sa.func.lower(users.c.username) == username.lower())).first()
        if taken:
            raise ValueError(f"the username '{username}' is taken")
        user_id = conn.execute(sa.insert(users).values(
            username=username, password_hash=hash_password(password), role=role, active=True,
            created_at=now()).returning(users.c.id)).scalar_one()
        for name in teams_:
            team_id = ensure_team(conn, name)
            conn.execute(sa.insert(user_teams).values(user_id=user_id, team_id=team_id))
        audit.record(conn, by, "add_user", "user", user_id, f"role={role}")
    return User(username, role, tuple(teams_))


def create_first_admin(store_or_url: StoreOrUrl, username: str, password: str) -> User:
    """The first account of a fresh installation; refused once any account exists."""
    if has_users(store_or_url):
        raise ValueError("an administrator already exists; sign in instead")
    return add_user(store_or_url, username, password, "admin", by=username.strip() or "setup")


def authenticate(store_or_url: StoreOrUrl, username: str, password: str) -> User | None:
    """The user, or None for an unknown name, an inactive account or a wrong password."""
    with opened(store_or_url) as store, store.read() as conn:
        row = conn.execute(sa.select(users).where(
            sa.func.lower(users.c.username) == username.strip().lower())).mappings().first()
        if row is None or not row["active"]:
            verify_password(_UNKNOWN_HASH, password)  # same work either way
            return None
        if not verify_password(row["password_hash"], password):
            return None
        names = conn.execute(sa.select(teams.c.name).join(
            user_teams, user_teams.c.team_id == teams.c.id).where(
            user_teams.c.user_id == row["id"]).order_by(teams.c.name)).scalars().all()
    with opened(store_or_url) as store:
        audit.record_event(store, row["username"], "sign_in", "user", row["id"])
    return User(row["username"], row["role"], tuple(names))


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


__all__ = ["ROLES", "add_user", "authenticate", "create_first_admin", "has_users", "list_users"]
