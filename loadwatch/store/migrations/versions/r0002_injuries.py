"""Injury log: one row per injury (clinical data, issue #8).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "injuries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("onset_date", sa.Date(), nullable=False),
        sa.Column("body_region", sa.String(length=30), nullable=False),
        sa.Column("injury_type", sa.String(length=10), nullable=False),
        sa.Column("time_loss_days", sa.Float(), nullable=True),
        sa.Column("return_date", sa.Date(), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.CheckConstraint("injury_type IN ('overuse', 'acute')",
                           name=op.f("ck_injuries_injury_type")),
        sa.CheckConstraint("return_date IS NULL OR return_date >= onset_date",
                           name=op.f("ck_injuries_return")),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"],
                                name=op.f("fk_injuries_athlete_id_athletes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_injuries")),
        sa.UniqueConstraint("athlete_id", "onset_date", "body_region",
                            name=op.f("uq_injuries_athlete_id_onset_date_body_region")),
    )


def downgrade() -> None:
    op.drop_table("injuries")
