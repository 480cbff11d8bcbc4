"""Teams an admin creates, renames and archives (issue 15.5, 19.4).

A team name is the name people pick from a list, so two teams never differ only by case or
spaces ("Gymnastics Club " is "Gymnastics Club"). Archiving hides a team from every picker
and refuses new uploads into it; its data stays, and restoring it brings it back. Every
change is audited (team id and the action; names of teams are not personal data).
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from loadwatch.errors import UsageError
from loadwatch.store import audit
from loadwatch.store.athletes import clean_team
from loadwatch.store.db import StoreOrUrl, now, opened
from loadwatch.store.frames import fetch
from loadwatch.store.tables import athletes, teams, uploads


def _folded(name: str) -> str:
    return clean_team(name).casefold()


def _same_name(conn: Connection, name: str, other_than: int | None = None) -> str | None:
    """An existing team whose name equals `name` but for case and spaces, or None."""
    query = sa.select(teams.c.id, teams.c.name)
    for team_id, existing in conn.execute(query).all():
        if _folded(existing) == _folded(name) and team_id != other_than:
            return str(existing)
    return None


def _team_id(conn: Connection, name: str) -> int:
    found = conn.execute(sa.select(teams.c.id).where(teams.c.name == clean_team(name))
                         ).scalar_one_or_none()
    if found is None:
        raise UsageError(f"there is no team '{clean_team(name)}'")
    return int(found)


def create_team(store_or_url: StoreOrUrl, name: str, *, by: str) -> str:
    """Create a team (trimmed name); UsageError when one of that name (but for case and
    spaces) exists. Returns the stored name."""
    text = clean_team(name)
    with opened(store_or_url) as store, store.write() as conn:
        clash = _same_name(conn, text)
        if clash is not None:
            raise UsageError(f"a team '{clash}' already exists")
        team_id = conn.execute(sa.insert(teams).values(name=text, created_at=now())
                               .returning(teams.c.id)).scalar_one()
        audit.record(conn, by, "team.create", "team", team_id, "")
    return text


def rename_team(store_or_url: StoreOrUrl, old: str, new: str, *, by: str) -> str:
    """Rename a team (its athletes, uploads and users follow: they refer to its id)."""
    text = clean_team(new)
    with opened(store_or_url) as store, store.write() as conn:
        team_id = _team_id(conn, old)
        clash = _same_name(conn, text, other_than=team_id)
        if clash is not None:
            raise UsageError(f"a team '{clash}' already exists")
        conn.execute(sa.update(teams).where(teams.c.id == team_id).values(name=text))
        audit.record(conn, by, "team.rename", "team", team_id, "")
    return text


def archive_team(store_or_url: StoreOrUrl, name: str, *, by: str,
                 archived: bool = True) -> None:
    """Archive a team (gone from pickers, no new uploads, data kept) or restore it."""
    with opened(store_or_url) as store, store.write() as conn:
        team_id = _team_id(conn, name)
        conn.execute(sa.update(teams).where(teams.c.id == team_id)
                     .values(archived_at=now() if archived else None))
        audit.record(conn, by, "team.archive" if archived else "team.restore", "team",
                     team_id, "")


def archived_names(store_or_url: StoreOrUrl) -> set[str]:
    """Names of the archived teams."""
    with opened(store_or_url) as store, store.read() as conn:
        return set(conn.execute(sa.select(teams.c.name).where(teams.c.archived_at.is_not(None)))
                   .scalars())


def team_table(store_or_url: StoreOrUrl) -> pd.DataFrame:
    """Every team with its athletes, uploads and whether it is archived (admin's list)."""
    n_athletes = sa.select(sa.func.count()).where(athletes.c.team_id == teams.c.id) \
        .scalar_subquery()
    n_uploads = sa.select(sa.func.count()).where(uploads.c.team_id == teams.c.id) \
        .scalar_subquery()
    query = sa.select(teams.c.name.label("team"), n_athletes.label("athletes"),
                      n_uploads.label("uploads"),
                      teams.c.archived_at.is_not(None).label("archived")).order_by(teams.c.name)
    with opened(store_or_url) as store, store.read() as conn:
        table = fetch(conn, query)
    table["archived"] = table["archived"].astype(bool)
    return table
