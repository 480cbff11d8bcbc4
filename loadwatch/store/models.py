"""The team's validated risk model in the store, kept as bytes (issue #8).

The store never unpickles: it keeps the model's bytes with the card and metrics of its
evaluation, one model per team (installing another replaces it). Turning a fitted model into
bytes, refusing one without a card or that did not beat chance, and reading the bytes back
are the model's job (:mod:`loadwatch.model.installed`); :mod:`loadwatch.app.team_models`
joins the two.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from loadwatch.store import audit
from loadwatch.store.athletes import find_team, require_team
from loadwatch.store.db import StoreOrUrl, now, opened
from loadwatch.store.tables import team_models

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ModelBlob:
    """A model as the store keeps it: joblib bytes, its card (markdown) and its metrics."""

    model: bytes
    card: str
    metrics: dict[str, Any]
    detail: str = ""  # what the audit entry says about it (no personal data)


def model_row(conn: Connection, blob: ModelBlob, team_id: int, by: str) -> None:
    """Store the (already checked) model for the team inside the caller's write transaction."""
    conn.execute(sa.delete(team_models).where(team_models.c.team_id == team_id))
    conn.execute(sa.insert(team_models).values(
        team_id=team_id, model=blob.model, card=blob.card,
        metrics_json=json.dumps(blob.metrics, ensure_ascii=False), installed_by=by,
        installed_at=now()))
    audit.record(conn, by, "model.install", "team_models", team_id, blob.detail or None)
    log.info("risk model installed for team %s", team_id)


def save_model(store_or_url: StoreOrUrl, blob: ModelBlob, team: str, *, by: str = "cli"
               ) -> None:
    """Keep `blob` as the team's model (replacing any), in one transaction."""
    with opened(store_or_url) as store, store.write() as conn:
        model_row(conn, blob, require_team(conn, team), by)


def remove_model(store_or_url: StoreOrUrl, team: str, *, by: str = "cli") -> bool:
    """Remove the team's model; False when it had none."""
    with opened(store_or_url) as store, store.write() as conn:
        team_id = require_team(conn, team)
        removed = conn.execute(sa.delete(team_models).where(team_models.c.team_id == team_id))
        if removed.rowcount:
            audit.record(conn, by, "model.remove", "team_models", team_id, None)
        return bool(removed.rowcount)


def load_model_bytes(store_or_url: StoreOrUrl, team: str) -> bytes | None:
    """The bytes of the team's installed model, or None (unknown team or no model)."""
    with opened(store_or_url) as store, store.read() as conn:
        team_id = find_team(conn, team)
        if team_id is None:
            return None
        row: Any = conn.execute(sa.select(team_models.c.model).where(
            team_models.c.team_id == team_id)).first()
    return None if row is None else bytes(row.model)
