"""A team's validated risk model: the model's checks and bytes, kept by the store.

:mod:`loadwatch.model.installed` checks and (un)pickles, :mod:`loadwatch.store.models` keeps
the bytes; this face joins them so that neither imports the other.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from loadwatch.model.bundle import FittedModel
from loadwatch.model.installed import audit_detail, from_bytes, to_bytes
from loadwatch.store import models as stored
from loadwatch.store.db import StoreOrUrl
from loadwatch.store.models import remove_model

__all__ = ["install_model", "install_model_row", "load_team_model", "remove_model"]


def _blob(fitted: FittedModel) -> stored.ModelBlob:
    return stored.ModelBlob(to_bytes(fitted), str(fitted.card), dict(fitted.metrics or {}),
                            audit_detail(fitted))


def install_model(store_or_url: StoreOrUrl, fitted: FittedModel, team: str, *,
                  by: str = "cli") -> str:
    """Keep `fitted` as the team's model (replacing any); returns a one-line message."""
    stored.save_model(store_or_url, _blob(fitted), team, by=by)
    return (f"installed for team '{team}'; therapists see its probabilities beside its card "
            f"on the athlete page. The card says: {fitted.verdict}")


def install_model_row(conn: Connection, fitted: FittedModel, team_id: int, by: str) -> None:
    """The same inside the caller's write transaction (the demo seed)."""
    stored.model_row(conn, _blob(fitted), team_id, by)


def load_team_model(store_or_url: StoreOrUrl, team: str) -> FittedModel | None:
    """The team's installed model, or None (no model, or one this loadwatch cannot read)."""
    return from_bytes(stored.load_model_bytes(store_or_url, team), team_ref=team)
