"""The therapist's record: injury episodes, treatment log, return plans (issue 17).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing yet: filled in by the work of its issue."""


def downgrade() -> None:
    """Nothing yet: filled in by the work of its issue."""
