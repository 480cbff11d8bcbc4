"""Saved column mappings per team and export profile (issue 13, real files in).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    """saved_mappings: one confirmed mapping per team and export profile."""
    op.create_table(
        "saved_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("profile", sa.String(length=100), nullable=False),
        sa.Column("mapping", sa.Text(), nullable=False),
        sa.Column("saved_by", sa.String(length=100), nullable=False),
        sa.Column("saved_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"],
                                name=op.f("fk_saved_mappings_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_mappings")),
        sa.UniqueConstraint("team_id", "profile",
                            name=op.f("uq_saved_mappings_team_id_profile")),
    )


def downgrade() -> None:
    """Drop saved_mappings."""
    op.drop_table("saved_mappings")
