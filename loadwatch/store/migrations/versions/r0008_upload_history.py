"""Upload history and undo, teams that can be renamed and archived (issues 15 and 19).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing yet: filled in by the work of its issue."""


def downgrade() -> None:
    """Nothing yet: filled in by the work of its issue."""
