"""Injury logs in the store (issue #8): clinical data, therapist role.

An injury log is stored like every other upload: read whole through the injury-log reader
(:func:`loadwatch.model.injuries.read_injuries`: row-numbered problems, all-or-nothing), in one
transaction, every athlete one the team already has (a typo must not attach an injury to
nobody, or to another club's child). An injury is identified by
athlete, onset date and body region, as the reader identifies it. Clubs re-export their log
as athletes return, so importing a row again updates its type, time loss and return date; an
unchanged row is counted as already stored. Nothing is deleted by an import.

Only this module and :mod:`loadwatch.store.clinical` touch clinical tables; log output and
the audit log carry counts, never an athlete's injuries.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Final

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from loadwatch.errors import LogError
from loadwatch.ingest.injuries import read_injuries
from loadwatch.schema import INJURY_FIELDS, InjuryCol
from loadwatch.store import audit
from loadwatch.store.athletes import clean_team, lookup, require_known, require_team
from loadwatch.store.db import StoreOrUrl, now, opened
from loadwatch.store.frames import fetch, identity, members, typed, with_identity
from loadwatch.store.profiles import ImportResult, python_value
from loadwatch.store.tables import athlete_names, injuries

log = logging.getLogger(__name__)

_KEY: Final = (InjuryCol.ONSET, InjuryCol.REGION)
_VALUES: Final = (InjuryCol.TYPE, InjuryCol.TIME_LOSS, InjuryCol.RETURN)


def import_injuries(store_or_url: StoreOrUrl, path: str | Path, team: str, *,
                    by: str = "cli", dayfirst: bool | None = None) -> ImportResult:
    """Store an injury log for `team` (every row or none); see the module docstring."""
    team = clean_team(team)
    data = read_injuries(path, dayfirst=dayfirst)
    with opened(store_or_url) as store, store.write() as conn:
        return injury_rows(conn, data, team, by, Path(path).name)


def injury_rows(conn: Connection, data: pd.DataFrame, team: str, entered_by: str,
                name: str) -> ImportResult:
    """Store validated injuries inside the caller's write transaction."""
    team_id = require_team(conn, team)
    labels = data[InjuryCol.ATHLETE].astype(str)
    people = lookup(conn, labels, team_id, name)
    outside = sorted(set(labels) - set(people))
    elsewhere = _known_anywhere(conn, outside)
    if elsewhere:
        raise LogError(f"{name}: {elsewhere} athlete(s) of the injury log are not in team "
                       f"'{team}'; nothing was stored (import the roster or the training log "
                       "for this team first)")
    require_known(conn, outside, name)  # the rest: unknown to every team
    ids = sorted({p.id for p in people.values()})
    stored = {(a, o, r): (i, (t, loss, ret)) for i, a, o, r, t, loss, ret in conn.execute(
        sa.select(injuries.c.id, injuries.c.athlete_id, injuries.c.onset_date,
                  injuries.c.body_region, *[injuries.c[c] for c in _VALUES])
        .where(injuries.c.athlete_id.in_(ids))).all()}
    added: list[dict[str, Any]] = []
    updated = unchanged = 0
    stamp = now()
    for row in data.itertuples(index=False):
        athlete_id = people[str(getattr(row, InjuryCol.ATHLETE))].id
        key = (athlete_id, *[python_value(getattr(row, c)) for c in _KEY])
        values = {c: python_value(getattr(row, c)) for c in _VALUES}
        if key not in stored:
            added.append({"athlete_id": athlete_id, InjuryCol.ONSET: key[1],
                          InjuryCol.REGION: key[2], **values, "file_name": name,
                          "entered_by": entered_by, "created_at": stamp, "updated_at": stamp})
            continue
        row_id, before = stored[key]
        if before == tuple(values.values()):
            unchanged += 1
            continue
        conn.execute(sa.update(injuries).where(injuries.c.id == row_id).values(
            **values, file_name=name, entered_by=entered_by, updated_at=stamp))
        updated += 1
    if added:
        conn.execute(sa.insert(injuries), added)
    audit.record(conn, entered_by, "injuries.import", "injuries", None,
                 f"team={team_id} added={len(added)} updated={updated} unchanged={unchanged}")
    log.info("injury log: %d added, %d updated, %d unchanged", len(added), updated, unchanged)
    return ImportResult(len(added), updated, unchanged,
                        f"{name}: {len(added)} injuries added, {updated} updated, "
                        f"{unchanged} already stored")


def _known_anywhere(conn: Connection, labels: list[str]) -> int:
    """How many of `labels` some team has (0 for an empty list)."""
    if not labels:
        return 0
    return int(conn.execute(sa.select(sa.func.count(sa.distinct(athlete_names.c.label))).where(
        athlete_names.c.label.in_(labels))).scalar_one())


def load_injuries(store_or_url: StoreOrUrl, team: str | None = None, *,
                  pseudonymise: bool = False) -> pd.DataFrame:
    """The stored injuries in the injury-log reader's columns and order (athlete, onset).
    Therapist role: injury details are clinical data."""
    who = identity(pseudonymise)
    with opened(store_or_url) as store, store.read() as conn:
        chosen = members(conn, team, pseudonymise)
        query = with_identity(
            sa.select(who.label(InjuryCol.ATHLETE),
                      *[injuries.c[f.name] for f in INJURY_FIELDS[1:]]),
            injuries.c.athlete_id, pseudonymise)
        if chosen is not None:
            query = query.where(injuries.c.athlete_id.in_(chosen))
        rows = fetch(conn, query.order_by(injuries.c.id))
    return typed(rows, INJURY_FIELDS).sort_values(
        [InjuryCol.ATHLETE, InjuryCol.ONSET], kind="stable").reset_index(drop=True)
