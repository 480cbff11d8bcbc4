"""A fitted model as the store keeps it: checked, turned into bytes, and read back.

A model reaches the dashboard only with the card of its evaluation: :func:`check_installable`
refuses a model saved without one (``loadwatch model fit``) and a model whose evaluation did
not beat chance (its card says its probabilities must not be used to single out athletes).
Loading runs pickle, so only an admin's own ``evaluate --save-model`` files should be
installed (the same rule as for ``loadwatch model predict``).
"""

from __future__ import annotations

import io
import logging

from loadwatch.errors import LogError
from loadwatch.model.bundle import FittedModel

log = logging.getLogger(__name__)


def check_installable(fitted: FittedModel) -> None:
    """LogError unless the model carries the card of an evaluation that beat chance."""
    if fitted.metrics is None or fitted.card is None:
        raise LogError("this model has no model card attached, so its probabilities cannot be "
                       "shown: save it with 'loadwatch model evaluate --save-model'")
    if not fitted.metrics.get("beats_chance"):
        raise LogError("the model's evaluation did not beat chance, so it is not installed "
                       f"(its probabilities would mislead). The card says: "
                       f"{fitted.metrics['verdict']}")


def to_bytes(fitted: FittedModel) -> bytes:
    """The checked model as joblib bytes."""
    import joblib

    check_installable(fitted)
    buffer = io.BytesIO()
    joblib.dump(fitted, buffer)
    return buffer.getvalue()


def audit_detail(fitted: FittedModel) -> str:
    """What the audit log says about an installed model: its kind and event count only."""
    return f"kind={fitted.fitted_on.get('kind')} events={fitted.fitted_on.get('events')}"


def from_bytes(blob: bytes | None, *, team_ref: object = "") -> FittedModel | None:
    """The model in `blob`, or None (no bytes, or a model this loadwatch cannot read)."""
    if blob is None:
        return None
    import joblib

    try:
        fitted = joblib.load(io.BytesIO(blob))
    except Exception as exc:  # a model from another version can fail in many ways
        log.warning("the risk model of team %s cannot be read (%s): install it again",
                    team_ref, type(exc).__name__)
        return None
    return fitted if isinstance(fitted, FittedModel) else None
