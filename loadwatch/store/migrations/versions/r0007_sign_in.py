"""Sign-in hardening: sessions, failed sign-ins, installation secret, user flags (issues 15 and 19).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing yet: filled in by the work of its issue."""


def downgrade() -> None:
    """Nothing yet: filled in by the work of its issue."""
