"""Roster and growth imports (spec §1.3), validated by the engine's own table readers.

A roster creates the athletes it names (and makes them members of the team) and sets the
profile fields its columns carry; a column the file does not have leaves that field as it
was. Growth measurements need athletes the team already has (without a team, a label
resolves only when one team has it); a second measurement on the same day replaces the
first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from loadwatch.errors import LogError
from loadwatch.ingest.side_tables import parse_table
from loadwatch.schema import Col, GrowthCol
from loadwatch.store import audit
from loadwatch.store.athletes import (
    clean_team,
    ensure_athletes,
    ensure_team,
    require_known,
    team_id_or_none,
)
from loadwatch.store.db import StoreOrUrl, now, opened
from loadwatch.store.tables import athletes, growth


@dataclass
class ImportResult:
    """What an import of a side table did."""

    added: int
    updated: int
    skipped: int
    message: str


def read_side_table(path: str | Path, what: str, dayfirst: bool | None = None
                    ) -> tuple[pd.DataFrame, list[str]]:
    """Rows of a roster / growth / symptoms / plans file (all valid, or LogError) and the
    canonical fields its columns carry."""
    parsed = parse_table(path, what, dayfirst=dayfirst)
    data = parsed.valid_or_raise(what)
    return data, list(parsed.mapping)


def unique_rows(data: pd.DataFrame, keys: list[str], what: str) -> None:
    """Refuse a file with two rows for the same key (e.g. the same athlete twice)."""
    dup = data.duplicated(subset=keys, keep=False)
    if dup.any():
        rows = ", ".join(str(r) for r in data.loc[dup, "row"].head(10))
        raise LogError(f"{what}: rows {rows} describe the same {' and '.join(keys)} twice; "
                       "keep one row each")


def python_value(value: Any) -> Any:
    """A pandas cell as a value the database driver accepts (None for missing)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):
        return value.item()
    return value


def import_roster(store_or_url: StoreOrUrl, path: str | Path, team: str, *,
                  by: str = "cli", dayfirst: bool | None = None) -> ImportResult:
    """Create or update athlete profiles from a roster file for `team` (all rows or none)."""
    team = clean_team(team)
    data, present = read_side_table(path, "roster", dayfirst)
    unique_rows(data, [Col.ATHLETE], "roster")
    with opened(store_or_url) as store, store.write() as conn:
        return roster_rows(conn, data, present, team, by, Path(path).name)


def roster_rows(conn: Connection, data: pd.DataFrame, present: list[str], team: str,
                entered_by: str, name: str) -> ImportResult:
    """Store validated roster rows inside the caller's write transaction."""
    team_id = ensure_team(conn, team)
    labels = data[Col.ATHLETE].astype(str)
    in_team = sa.select(sa.func.count()).select_from(athletes).where(athletes.c.team_id == team_id)
    before = conn.execute(in_team).scalar_one()
    people = ensure_athletes(conn, labels, team_id)
    created = conn.execute(in_team).scalar_one() - before
    fields = [f for f in present if f != Col.ATHLETE]
    stamp = now()
    for label, row in zip(labels, data.itertuples(index=False), strict=True):
        values = {f: python_value(getattr(row, f)) for f in fields}
        conn.execute(sa.update(athletes).where(athletes.c.id == people[label].id)
                     .values(roster_updated_at=stamp, **values))
    updated = len(data) - created
    audit.record(conn, entered_by, "roster.import", "team", team_id,
                 f"athletes={len(data)} new={created} fields={','.join(fields)}")
    return ImportResult(created, updated, 0,
                        f"{name}: {created} athletes added, {updated} profiles updated "
                        f"(team '{team}')")


def import_growth(store_or_url: StoreOrUrl, path: str | Path, *, team: str | None = None,
                  by: str = "cli", dayfirst: bool | None = None) -> ImportResult:
    """Store growth measurements (athlete, date, heights, mass) of the team's athletes."""
    data, _ = read_side_table(path, "growth measurements", dayfirst)
    unique_rows(data, [GrowthCol.ATHLETE, GrowthCol.DATE], "growth measurements")
    with opened(store_or_url) as store, store.write() as conn:
        return growth_rows(conn, data, by, Path(path).name, team)


def growth_rows(conn: Connection, data: pd.DataFrame, entered_by: str, name: str,
                team: str | None = None) -> ImportResult:
    """Store validated growth rows of the team's athletes inside the caller's transaction."""
    people = require_known(conn, data[GrowthCol.ATHLETE].astype(str), name,
                           team_id_or_none(conn, team))
    ids = sorted({p.id for p in people.values()})
    stored = {(a, d): i for i, a, d in conn.execute(
        sa.select(growth.c.id, growth.c.athlete_id, growth.c.date)
        .where(growth.c.athlete_id.in_(ids))).all()}
    added = updated = 0
    stamp = now()
    for row in data.itertuples(index=False):
        athlete_id = people[str(getattr(row, GrowthCol.ATHLETE))].id
        values = {c: python_value(getattr(row, c)) for c in
                  (GrowthCol.HEIGHT, GrowthCol.SITTING_HEIGHT, GrowthCol.MASS)}
        day = python_value(getattr(row, GrowthCol.DATE))
        existing = stored.get((athlete_id, day))
        if existing is None:
            conn.execute(sa.insert(growth).values(athlete_id=athlete_id, date=day,
                                                  entered_by=entered_by, created_at=stamp,
                                                  **values))
            added += 1
        else:
            conn.execute(sa.update(growth).where(growth.c.id == existing)
                         .values(entered_by=entered_by, **values))
            updated += 1
    audit.record(conn, entered_by, "growth.import", "growth", None,
                 f"added={added} updated={updated}")
    return ImportResult(added, updated, 0,
                        f"{name}: {added} measurements added, {updated} replaced")
