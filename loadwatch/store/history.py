"""Upload history: what a replacing upload deleted, kept so that undo restores it exactly,
and the athletes an undone upload leaves without any data (removed, names included).

A replacing upload (``replace_period``) deletes stored sessions (or weeks) of its athletes
inside its period and trims their coverage. Those rows — sessions, their source links and
coverage — are kept in ``replaced_rows`` (one JSON row each) under the replacing upload.
Undoing (deleting) that upload puts them back with their ids, so that every metric after the
undo equals the metric before the upload. Rows of an upload deleted since are not restored.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from loadwatch.errors import LogError
from loadwatch.store.tables import (
    athlete_names,
    athletes,
    coverage,
    metadata,
    replaced_rows,
    session_sources,
    sessions,
    uploads,
    weekly_sources,
    weekly_totals,
)

#: what a replace keeps, per kind: (data table, its source links, the link's column)
_KINDS: Final = {
    "sessions": (sessions, session_sources, "session_id"),
    "weekly": (weekly_totals, weekly_sources, "weekly_id"),
}


def archive(conn: Connection, upload_id: int, table: sa.Table,
            rows: Sequence[Mapping[str, Any]]) -> None:
    """Keep `rows` of `table` (as read, every column) under the upload that deleted them."""
    if rows:
        conn.execute(sa.insert(replaced_rows), [
            {"upload_id": upload_id, "table_name": table.name,
             "row_json": json.dumps(dict(row), default=str)} for row in rows])


def _typed(table: sa.Table, row: Mapping[str, Any]) -> dict[str, Any]:
    """A JSON row back with the column types (dates and times were kept as ISO text)."""
    out: dict[str, Any] = {}
    for column in table.columns:
        value = row.get(column.name)
        if isinstance(value, str) and isinstance(column.type, sa.DateTime):
            value = dt.datetime.fromisoformat(value)
        elif isinstance(value, str) and isinstance(column.type, sa.Date):
            value = dt.date.fromisoformat(value)
        out[column.name] = value
    return out


def _kept(conn: Connection, upload_id: int, table: sa.Table) -> list[dict[str, Any]]:
    texts = conn.execute(sa.select(replaced_rows.c.row_json).where(
        replaced_rows.c.upload_id == upload_id, replaced_rows.c.table_name == table.name)
        .order_by(replaced_rows.c.id)).scalars()
    return [_typed(table, json.loads(text)) for text in texts]


def later_replacement(conn: Connection, upload_id: int, team_id: int) -> int | None:
    """A later replacing upload of the team that kept rows (undo that one first), or None."""
    return conn.execute(
        sa.select(sa.func.min(uploads.c.id)).where(
            uploads.c.team_id == team_id, uploads.c.id > upload_id,
            uploads.c.replace_period.is_(True),
            sa.exists().where(replaced_rows.c.upload_id == uploads.c.id))).scalar()


def restore(conn: Connection, upload_id: int, kind: str) -> int:
    """Put back what the upload's replace deleted (rows of uploads still stored); returns
    how many sessions (or weeks) came back. Drops the kept rows."""
    table, links, link_column = _KINDS[kind]
    alive = set(conn.execute(sa.select(uploads.c.id).where(uploads.c.id != upload_id))
                .scalars())
    link_rows = [r for r in _kept(conn, upload_id, links) if r["upload_id"] in alive]
    holders: dict[int, list[dict[str, Any]]] = {}
    for row in link_rows:
        holders.setdefault(int(row[link_column]), []).append(row)
    back = []
    for row in _kept(conn, upload_id, table):
        held = holders.get(int(row["id"]), [])
        if held:
            first = min(held, key=lambda r: r["upload_id"])
            back.append({**row, "upload_id": first["upload_id"],
                         "source_row": first["source_row"]})
    if back:
        conn.execute(sa.insert(table), back)
        restored = {int(r["id"]) for r in back}
        conn.execute(sa.insert(links), [r for r in link_rows if int(r[link_column]) in restored])
    _restore_coverage(conn, upload_id, alive)
    conn.execute(sa.delete(replaced_rows).where(replaced_rows.c.upload_id == upload_id))
    return len(back)


def _restore_coverage(conn: Connection, upload_id: int, alive: set[int]) -> None:
    """Coverage rows trimmed by the replace come back whole (their trimmed pieces go)."""
    for row in _kept(conn, upload_id, coverage):
        if row["upload_id"] not in alive:
            continue
        conn.execute(sa.delete(coverage).where(
            coverage.c.upload_id == row["upload_id"], coverage.c.athlete_id == row["athlete_id"],
            coverage.c.start_date >= row["start_date"], coverage.c.end_date <= row["end_date"]))
        conn.execute(sa.insert(coverage).values(
            {k: v for k, v in row.items() if k != "id"}))


def _athlete_references() -> list[sa.Column]:
    """Every column of the store that points at an athlete (names aside): data of any kind,
    including tables other issues add, so that an athlete with any data is never removed."""
    return [column for table in metadata.tables.values() if table is not athlete_names
            for column in table.columns
            if any(fk.column is athletes.c.id for fk in column.foreign_keys)]


def prune_athletes(conn: Connection, candidates: Iterable[int]) -> int:
    """Remove those of `candidates` left with no data at all and no roster profile (their
    names too); returns how many."""
    ids = sorted({int(i) for i in candidates})
    if not ids:
        return 0
    empty = sa.and_(athletes.c.id.in_(ids), athletes.c.roster_updated_at.is_(None),
                    *[~sa.exists().where(column == athletes.c.id)
                      for column in _athlete_references()])
    gone = list(conn.execute(sa.select(athletes.c.id).where(empty)).scalars())
    if gone:
        conn.execute(sa.delete(athlete_names).where(athlete_names.c.athlete_id.in_(gone)))
        conn.execute(sa.delete(athletes).where(athletes.c.id.in_(gone)))
    return len(gone)


def athletes_of(conn: Connection, upload_id: int) -> set[int]:
    """Athletes the upload holds rows or coverage for (the candidates to prune on undo)."""
    found: set[int] = set()
    for table, links, link_column in _KINDS.values():
        found |= set(conn.execute(sa.select(table.c.athlete_id).join(
            links, links.c[link_column] == table.c.id).where(links.c.upload_id == upload_id))
            .scalars())
    found |= set(conn.execute(sa.select(coverage.c.athlete_id).where(
        coverage.c.upload_id == upload_id)).scalars())
    return found


def refuse_if_replaced_later(conn: Connection, upload_id: int, team_id: int) -> None:
    """LogError when a later correction replaced rows: undoing this one first would lose
    what that correction restores."""
    later = later_replacement(conn, upload_id, team_id)
    if later is not None:
        raise LogError(f"upload {later} (later) corrected a period of this team; undo "
                       f"upload {later} first, then upload {upload_id}")
