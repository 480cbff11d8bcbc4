"""A family's data has an end (issue 17): erase one athlete from every table, and delete
clinical data a number of years after an athlete leaves (retention).

**Erase** removes every row about the athlete: each table with an ``athlete_id`` column
(found in the metadata, so a table added later is covered without a change here), every row
that depends on one of those rows (session and weekly sources, treatment logs, stages), the
athlete's name and the athlete. The audit log keeps *that* things happened but not to whom:
the athlete's label and code in its entries become one one-way code ``erased-…`` (a hash with
a random salt that is thrown away, so nobody can recompute it from a name).

That rewrite is the audit log's **one controlled exception** to append-only: inside the
erase transaction the UPDATE triggers are lifted (SQLite: dropped and recreated from their
stored SQL; PostgreSQL: the trigger disabled and enabled again), only the matching entries
are rewritten, and the erase itself is audited. No other code path lifts them. On SQLite the
file is vacuumed afterwards so the freed pages no longer hold the rows.

**Retention** (``retention.clinical_years_after_leaving``): an athlete whose last logged day
(session, weekly total or check-in) is that many whole years ago has their clinical rows
deleted; load data stays. ``dry_run`` counts without deleting.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import cast

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from loadwatch.config import Config
from loadwatch.errors import UsageError
from loadwatch.store import audit
from loadwatch.store.athletes import require_known, require_team
from loadwatch.store.db import StoreOrUrl, opened
from loadwatch.store.mappings import delete_naming
from loadwatch.store.tables import (
    CLINICAL_TABLES,
    EPISODE_TABLES,
    athletes,
    audit_log,
    metadata,
    saved_mappings,
    sessions,
    symptom_checkins,
    weekly_totals,
)

log = logging.getLogger(__name__)


@dataclass
class EraseResult:
    """Rows removed per table, audit entries rewritten, and the one-way code used."""

    rows: dict[str, int] = field(default_factory=dict)
    audit_entries: int = 0
    code: str = ""

    @property
    def message(self) -> str:
        """One line for the terminal (no label)."""
        return (f"erased {sum(self.rows.values())} row(s) from {len(self.rows)} table(s); "
                f"{self.audit_entries} audit entr(y/ies) now say {self.code}")


def _conditions(athlete_id: int) -> dict[str, sa.ColumnElement[bool]]:
    """Per table, the rows about the athlete: an athlete_id column, or a foreign key into
    rows already chosen (parents first, so dependents of dependents are found too)."""
    chosen: dict[str, sa.ColumnElement[bool]] = {
        athletes.name: athletes.c.id == athlete_id}
    for table in metadata.sorted_tables:
        if table.name in chosen:
            continue
        parts = []
        if "athlete_id" in table.c:
            parts.append(table.c.athlete_id == athlete_id)
        for fk in table.foreign_keys:
            parent = fk.column.table
            if parent.name in chosen and parent.name != athletes.name:
                parts.append(fk.parent.in_(sa.select(fk.column).where(chosen[parent.name])))
        if parts:
            chosen[table.name] = sa.or_(*parts)
    return chosen


def _delete_rows(conn: Connection, athlete_id: int) -> dict[str, int]:
    chosen = _conditions(athlete_id)
    removed = {}
    for table in reversed(metadata.sorted_tables):  # dependents before what they point at
        if table.name in chosen:
            n = conn.execute(sa.delete(table).where(chosen[table.name])).rowcount
            if n:
                removed[table.name] = int(n)
    return removed


def _one_way_code(code: str) -> str:
    salt = secrets.token_bytes(16)  # never stored: the code cannot be recomputed from a name
    return "erased-" + hashlib.sha256(salt + code.encode()).hexdigest()[:12]


def _rewrite_audit(conn: Connection, words: list[str], replacement: str) -> int:
    """Replace the athlete's label and code in the audit log (the controlled exception)."""
    pattern = re.compile("|".join(rf"(?<![\w-]){re.escape(w)}(?![\w-])" for w in words))
    columns = (audit_log.c.actor, audit_log.c.object_id, audit_log.c.detail)
    rows = conn.execute(sa.select(audit_log.c.id, *columns).where(sa.or_(
        *[c.contains(w, autoescape=True) for c in columns for w in words]))).all()
    changes = []
    for row in rows:  # the few entries naming the athlete
        new = {c.name: (pattern.sub(replacement, v) if isinstance(v, str) else v)
               for c, v in zip(columns, row[1:], strict=True)}
        if any(new[c.name] != v for c, v in zip(columns, row[1:], strict=True)):
            changes.append((row[0], new))
    if not changes:
        return 0
    with _audit_unlocked(conn):
        for entry_id, values in changes:
            conn.execute(sa.update(audit_log).where(audit_log.c.id == entry_id).values(**values))
    return len(changes)


@contextmanager
def _audit_unlocked(conn: Connection) -> Iterator[None]:
    """Lift the audit log's UPDATE triggers inside the caller's transaction, and put them
    back (same SQL) before it commits."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"))
        yield
        conn.execute(sa.text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change"))
        return
    saved = [(str(n), str(q)) for n, q in conn.execute(sa.text(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = "
        "'audit_log' AND upper(sql) LIKE '%BEFORE UPDATE%'")).all()]
    for name, _ in saved:
        conn.execute(sa.text(f'DROP TRIGGER "{name}"'))
    yield
    for _, sql in saved:
        conn.execute(sa.text(sql))


def erase_athlete(store_or_url: StoreOrUrl, team: str, athlete: str, *, confirm: str,
                  by: str = "cli") -> EraseResult:
    """Remove an athlete of the team from every table and replace their label and code in
    the audit log by a one-way code; `confirm` must repeat the athlete's id exactly."""
    if str(confirm) != str(athlete):
        raise UsageError("the athlete's id typed again (--confirm) does not match; nothing "
                         "was erased")
    with opened(store_or_url) as store:
        with store.write() as conn:
            team_id = require_team(conn, team)
            person = require_known(conn, [athlete], "erase", team_id)[str(athlete)]
            replacement = _one_way_code(person.code)
            removed = _delete_rows(conn, person.id)
            mappings = delete_naming(conn, team_id, str(athlete))  # --athlete (issue 13)
            if mappings:
                removed[saved_mappings.name] = mappings
            rewritten = _rewrite_audit(conn, [str(athlete), person.code], replacement)
            audit.record(conn, by, "athlete.erase", "athletes", replacement,
                         f"rows={sum(removed.values())} tables={len(removed)} "
                         f"audit_entries={rewritten}")
        if store.dialect == "sqlite":
            raw = store.engine.raw_connection()  # freed pages would still hold the rows
            try:
                driver = cast(sqlite3.Connection, raw.driver_connection)
                driver.execute("VACUUM")   # autocommit: no BEGIN of ours
                driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                raw.close()
    log.info("an athlete was erased: %s", replacement)
    return EraseResult(removed, rewritten, replacement)


# --- retention -----------------------------------------------------------------------------


def expired(last_day: dt.date, config: Config, today: dt.date) -> bool:
    """True when an athlete last seen on `last_day` has been gone the team's retention years
    (``retention.clinical_years_after_leaving``; 0 keeps clinical data)."""
    years = int(config.get("retention.clinical_years_after_leaving"))
    if years == 0:
        return False
    try:
        until = last_day.replace(year=last_day.year + years)
    except ValueError:  # 29 February
        until = last_day.replace(year=last_day.year + years, day=28)
    return today >= until


def _last_days(conn: Connection, team_id: int) -> pd.Series:
    """Each athlete's last logged day (session, weekly total or check-in), by athlete id."""
    parts = [sa.select(sessions.c.athlete_id.label("a"), sessions.c.date.label("d")),
             sa.select(weekly_totals.c.athlete_id, weekly_totals.c.week_start),
             sa.select(symptom_checkins.c.athlete_id, symptom_checkins.c.date)]
    union = sa.union_all(*parts).subquery()
    query = sa.select(union.c.a, sa.func.max(union.c.d)).join(
        athletes, athletes.c.id == union.c.a).where(athletes.c.team_id == team_id) \
        .group_by(union.c.a)
    return pd.Series({int(a): pd.Timestamp(d).date() for a, d in conn.execute(query).all()},
                     dtype=object)


def apply_retention(store_or_url: StoreOrUrl, team: str, config: Config, *,
                    today: dt.date | None = None, dry_run: bool = False, by: str = "cli"
                    ) -> dict[str, int]:
    """Delete (or, with `dry_run`, count) the clinical rows of the team's athletes who left
    longer ago than the retention years; returns rows per table (and 'athletes')."""
    day = today or dt.date.today()
    tables = (*reversed(EPISODE_TABLES), *CLINICAL_TABLES)
    with opened(store_or_url) as store, store.write() as conn:
        team_id = require_team(conn, team)
        last = _last_days(conn, team_id)
        gone = [int(a) for a, d in last.items() if expired(d, config, day)]
        counts: dict[str, int] = {"athletes": len(gone)}
        for table in tables:
            where = table.c.athlete_id.in_(gone)
            n = int(conn.execute(sa.select(sa.func.count()).select_from(table).where(where))
                    .scalar_one())
            if n and not dry_run:
                conn.execute(sa.delete(table).where(where))
            counts[table.name] = n
        if not dry_run:
            audit.record(conn, by, "retention.apply", "team", team_id,
                         f"athletes={len(gone)} rows={sum(counts.values()) - len(gone)}")
    return counts
