"""The append-only audit log: who did what to which object, when.

Entries carry ids, counts and athlete codes only — never names, never clinical content
(symptoms, plans and notes are recorded as "a check-in was added", not what it says).
The database refuses UPDATE and DELETE on the table (triggers, see the first migration).
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from loadwatch.store.athletes import lookup, team_id_or_none
from loadwatch.store.db import StoreOrUrl, now, opened
from loadwatch.store.tables import audit_log

_MAX_DETAIL = 500
#: a read of clinical data (issue 19 item 7): who opened which team's or athlete's record
CLINICAL_READ: Final = "clinical.read"
#: entries that record who did something, not a change of data: caches keyed by the data
#: version ignore them (sign-in attempts, sessions, account admin, reads)
QUIET_ACTIONS: Final = (CLINICAL_READ, "sign_in.failed", "sign_in.locked", "sign_in.refused",
                        "sign_out", "user.activate", "user.deactivate", "user.reset_password",
                        "user.change_password", "user.teams")
#: a read repeated by the same person within this time (a rerun) is recorded once
READ_WINDOW: Final = dt.timedelta(minutes=10)


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


def record_read(store_or_url: StoreOrUrl, actor: str, what: str, team: str,
                athlete: str | None = None, *, at: dt.datetime | None = None) -> bool:
    """Record that `actor` opened clinical data (`what`: watch list, notes, report…) of a
    team, or of one athlete of it by code (never the id as written, often a name); the
    same read again within READ_WINDOW is not written twice. True when an entry was added."""
    at = at or now()
    with opened(store_or_url) as store, store.write() as conn:
        code = None
        if athlete is not None:
            found = lookup(conn, [athlete], team_id_or_none(conn, team))
            code = found[athlete].code if athlete in found else "unknown"
        detail = f"team={team} what={what}" + ("" if code is None else f" athlete={code}")
        detail = " ".join(detail.split())[:_MAX_DETAIL]
        recent = conn.execute(sa.select(audit_log.c.id).where(
            audit_log.c.action == CLINICAL_READ, audit_log.c.actor == actor[:100],
            audit_log.c.detail == detail, audit_log.c.at > at - READ_WINDOW).limit(1)).first()
        if recent is not None:
            return False
        conn.execute(sa.insert(audit_log).values(
            at=at, actor=(actor or "unknown")[:100], action=CLINICAL_READ,
            object_type="athlete" if code else "team", object_id=code, detail=detail))
        return True


def audit_events(store_or_url: StoreOrUrl, limit: int | None = None, *,
                 action: str | None = None, actor: str | None = None,
                 since: dt.date | None = None, until: dt.date | None = None) -> pd.DataFrame:
    """The audit log, newest first (all of it, or the last `limit` entries), optionally of
    one action (or action prefix ending in '.'), one actor, and days since … until (UTC)."""
    query = sa.select(audit_log).order_by(audit_log.c.id.desc())
    if action:
        query = query.where(audit_log.c.action.startswith(action, autoescape=True)
                            if action.endswith(".") else audit_log.c.action == action)
    if actor:
        query = query.where(audit_log.c.actor == actor)
    if since is not None:
        query = query.where(audit_log.c.at >= dt.datetime.combine(since, dt.time(), dt.UTC))
    if until is not None:
        query = query.where(audit_log.c.at < dt.datetime.combine(
            until + dt.timedelta(days=1), dt.time(), dt.UTC))
    if limit is not None:
        query = query.limit(limit)
    with opened(store_or_url) as store, store.read() as conn:
        rows = conn.execute(query).mappings().all()
    return pd.DataFrame([dict(r) for r in rows], columns=list(audit_log.c.keys()))
