"""The append-only audit log: who did what to which object, when.

Entries carry ids, counts and athlete codes only — never names, never clinical content
(symptoms, plans and notes are recorded as "a check-in was added", not what it says).
The database refuses UPDATE and DELETE on the table (triggers, see the first migration).
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from loadwatch.store.db import StoreOrUrl, now, opened
from loadwatch.store.tables import audit_log

_MAX_DETAIL = 500


def record(conn: Connection, actor: str, action: str, object_type: str,
           object_id: object = None, detail: str | None = None) -> None:
    """Append one entry inside the caller's transaction (so it commits with the change)."""
    text = None if detail is None else " ".join(detail.split())[:_MAX_DETAIL]
    conn.execute(sa.insert(audit_log).values(
        at=now(), actor=(actor or "unknown")[:100], action=action[:50],
        object_type=object_type[:50], object_id=None if object_id is None else str(object_id),
        detail=text,
    ))


def record_event(store_or_url: StoreOrUrl, actor: str, action: str, object_type: str,
                 object_id: object = None, detail: str | None = None) -> None:
    """Append one entry in its own transaction (e.g. a dashboard sign-in)."""
    with opened(store_or_url) as store, store.write() as conn:
        record(conn, actor, action, object_type, object_id, detail)


def audit_events(store_or_url: StoreOrUrl, limit: int | None = None) -> pd.DataFrame:
    """The audit log, newest first (all of it, or the last `limit` entries)."""
    query = sa.select(audit_log).order_by(audit_log.c.id.desc())
    if limit is not None:
        query = query.limit(limit)
    with opened(store_or_url) as store, store.read() as conn:
        rows = conn.execute(query).mappings().all()
    return pd.DataFrame([dict(r) for r in rows], columns=list(audit_log.c.keys()))
