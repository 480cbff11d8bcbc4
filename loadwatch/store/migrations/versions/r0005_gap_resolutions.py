"""Resolutions of possible logging gaps: a person says a stretch was rest or not recorded
(issue 14, spec §3.2). One row per athlete and span; the athlete id is team-scoped.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "gap_resolutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("resolution", sa.String(length=20), nullable=False),
        sa.Column("resolved_by", sa.String(length=100), nullable=False),
        sa.Column("resolved_at", TS, nullable=False),
        sa.CheckConstraint("resolution IN ('rest', 'not_recorded')",
                           name=op.f("ck_gap_resolutions_resolution")),
        sa.CheckConstraint("last_day >= first_day", name=op.f("ck_gap_resolutions_span")),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"],
                                name=op.f("fk_gap_resolutions_athlete_id_athletes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gap_resolutions")),
        sa.UniqueConstraint("athlete_id", "first_day", "last_day",
                            name=op.f("uq_gap_resolutions_athlete_id_first_day_last_day")),
    )


def downgrade() -> None:
    op.drop_table("gap_resolutions")
