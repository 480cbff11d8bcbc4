"""The team's validated risk model in the store (issue #8).

A model reaches the dashboard only through here, and only with the card of its evaluation:
:func:`install_model` refuses a model saved without one (``loadwatch model fit``) and a model
whose evaluation did not beat chance (its card says its probabilities must not be used to
single out athletes). One model per team; installing another replaces it. The model is kept
as joblib bytes: loading it runs pickle, so only an admin's own ``evaluate --save-model``
files should be installed (the same rule as for ``loadwatch model predict``).
"""

from __future__ import annotations

import io
import json
import logging
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from loadwatch.errors import LogError
from loadwatch.store import audit
from loadwatch.store.athletes import find_team, require_team
from loadwatch.store.db import StoreOrUrl, now, opened
from loadwatch.store.tables import team_models

if TYPE_CHECKING:  # scikit-learn and joblib load only when a model is used
    from loadwatch.model.bundle import FittedModel

log = logging.getLogger(__name__)


def install_model(store_or_url: StoreOrUrl, fitted: FittedModel, team: str, *,
                  by: str = "cli") -> str:
    """Keep `fitted` as the team's model (replacing any); returns a one-line message."""
    check_installable(fitted)
    with opened(store_or_url) as store, store.write() as conn:
        model_row(conn, fitted, require_team(conn, team), by)
    return (f"installed for team '{team}'; therapists see its probabilities beside its card "
            f"on the athlete page. The card says: {fitted.verdict}")


def check_installable(fitted: FittedModel) -> None:
    """LogError unless the model carries the card of an evaluation that beat chance."""
    if fitted.metrics is None or fitted.card is None:
        raise LogError("this model has no model card attached, so its probabilities cannot be "
                       "shown: save it with 'loadwatch model evaluate --save-model'")
    if not fitted.metrics.get("beats_chance"):
        raise LogError("the model's evaluation did not beat chance, so it is not installed "
                       f"(its probabilities would mislead). The card says: "
                       f"{fitted.metrics['verdict']}")


def model_row(conn: Connection, fitted: FittedModel, team_id: int, by: str) -> None:
    """Store the (checked) model for the team inside the caller's write transaction."""
    import joblib

    check_installable(fitted)
    buffer = io.BytesIO()
    joblib.dump(fitted, buffer)
    conn.execute(sa.delete(team_models).where(team_models.c.team_id == team_id))
    conn.execute(sa.insert(team_models).values(
        team_id=team_id, model=buffer.getvalue(), card=fitted.card,
        metrics_json=json.dumps(fitted.metrics, ensure_ascii=False), installed_by=by,
        installed_at=now()))
    audit.record(conn, by, "model.install", "team_models", team_id,
                 f"kind={fitted.fitted_on.get('kind')} events={fitted.fitted_on.get('events')}")
    log.info("risk model installed for team %s", team_id)


def remove_model(store_or_url: StoreOrUrl, team: str, *, by: str = "cli") -> bool:
    """Remove the team's model; False when it had none."""
    with opened(store_or_url) as store, store.write() as conn:
        team_id = require_team(conn, team)
        removed = conn.execute(sa.delete(team_models).where(team_models.c.team_id == team_id))
        if removed.rowcount:
            audit.record(conn, by, "model.remove", "team_models", team_id, None)
        return bool(removed.rowcount)


def load_team_model(store_or_url: StoreOrUrl, team: str) -> FittedModel | None:
    """The team's installed model, or None (no model, or one this loadwatch cannot read)."""
    with opened(store_or_url) as store, store.read() as conn:
        team_id = find_team(conn, team)
        if team_id is None:
            return None
        row: Any = conn.execute(sa.select(team_models.c.model).where(
            team_models.c.team_id == team_id)).first()
    if row is None:
        return None
    import joblib

    from loadwatch.model.bundle import FittedModel

    try:
        fitted = joblib.load(io.BytesIO(row.model))
    except Exception as exc:  # a model from another version can fail in many ways
        log.warning("the risk model of team %s cannot be read (%s): install it again",
                    team_id, type(exc).__name__)
        return None
    return fitted if isinstance(fitted, FittedModel) else None
