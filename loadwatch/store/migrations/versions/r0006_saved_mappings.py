"""Saved column mappings per team and export profile (issue 13, real files in).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing yet: filled in by the work of its issue."""


def downgrade() -> None:
    """Nothing yet: filled in by the work of its issue."""
