"""The therapist's record: injury episodes, treatment log, return plans (issue 17).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def _athlete(table: str) -> list[SchemaItem]:
    return [sa.Column("athlete_id", sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"],
                                    name=op.f(f"fk_{table}_athlete_id_athletes"))]


def _episode(table: str) -> list[SchemaItem]:
    return [sa.Column("episode_id", sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(["episode_id"], ["injury_episodes.id"],
                                    name=op.f(f"fk_{table}_episode_id_injury_episodes"))]


def upgrade() -> None:
    op.create_table(
        "injury_episodes",
        sa.Column("id", sa.Integer(), nullable=False),
        *_athlete("injury_episodes"),
        sa.Column("onset_date", sa.Date(), nullable=False),
        sa.Column("body_region", sa.String(length=30), nullable=False),
        sa.Column("side", sa.String(length=10), nullable=True),
        sa.Column("mechanism", sa.String(length=10), nullable=False),
        sa.Column("working_diagnosis", sa.Text(), nullable=True),
        sa.Column("imaging_ordered", sa.Text(), nullable=True),
        sa.Column("imaging_result", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("return_date", sa.Date(), nullable=True),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.CheckConstraint("mechanism IN ('overuse', 'acute')",
                           name=op.f("ck_injury_episodes_mechanism")),
        sa.CheckConstraint("status IN ('open', 'in_return', 'closed')",
                           name=op.f("ck_injury_episodes_status")),
        sa.CheckConstraint("return_date IS NULL OR return_date >= onset_date",
                           name=op.f("ck_injury_episodes_return")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_injury_episodes")),
    )
    op.create_index("ix_injury_episodes_athlete_id", "injury_episodes", ["athlete_id"])
    op.create_table(
        "treatment_log",
        sa.Column("id", sa.Integer(), nullable=False),
        *_episode("treatment_log"),
        *_athlete("treatment_log"),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("clinician", sa.String(length=100), nullable=False),
        sa.Column("treatment", sa.Text(), nullable=False),
        sa.Column("next_review", sa.Date(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_treatment_log")),
    )
    op.create_index("ix_treatment_log_episode_id", "treatment_log", ["episode_id"])
    op.create_table(
        "return_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        *_episode("return_plans"),
        *_athlete("return_plans"),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("current_stage", sa.Integer(), nullable=False),
        sa.Column("base_weeks", sa.Integer(), nullable=False),
        sa.Column("base_minutes", sa.Float(), nullable=True),
        sa.Column("base_srpe_au", sa.Float(), nullable=True),
        sa.Column("base_extension", sa.Float(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("approved_by", sa.String(length=100), nullable=True),
        sa.Column("approved_at", TS, nullable=True),
        sa.CheckConstraint("status IN ('draft', 'approved', 'done')",
                           name=op.f("ck_return_plans_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_plans")),
    )
    op.create_index("ix_return_plans_episode_id", "return_plans", ["episode_id"])
    op.create_table(
        "return_stages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        *_athlete("return_stages"),
        sa.Column("stage", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("weeks", sa.Integer(), nullable=False),
        sa.Column("cap_minutes", sa.Float(), nullable=True),
        sa.Column("cap_srpe_au", sa.Float(), nullable=True),
        sa.Column("cap_extension", sa.Float(), nullable=True),
        sa.Column("no_extension", sa.Boolean(), nullable=False),
        sa.Column("ticked_by", sa.String(length=100), nullable=True),
        sa.Column("ticked_at", TS, nullable=True),
        sa.ForeignKeyConstraint(["plan_id"], ["return_plans.id"],
                                name=op.f("fk_return_stages_plan_id_return_plans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_stages")),
        sa.UniqueConstraint("plan_id", "stage", name=op.f("uq_return_stages_plan_id_stage")),
    )


def downgrade() -> None:
    for table in ("return_stages", "return_plans", "treatment_log", "injury_episodes"):
        op.drop_table(table)
