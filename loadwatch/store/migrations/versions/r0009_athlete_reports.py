"""The athlete speaks first: personal links, guardian consent, self-reports, alerts (issue 16).

Adds athlete_links (only token hashes), self_sessions, back_checks (clinical), guardian_consents,
alerts, and an optional e-mail address on users (where referral alerts reach a therapist).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)
_BOOLS = ("worse_when_arching", "limits_training", "night_pain", "fever_or_unwell",
          "weight_loss", "leg_numbness_weakness", "bladder_bowel_change", "trauma")
_OSTRC = ("ostrc_participation", "ostrc_volume", "ostrc_performance", "ostrc_pain",
          "ostrc_score")


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"],
                                   name=op.f(f"fk_{table}_{column}_{target}"))


def _base(table: str) -> list[SchemaItem]:
    """id, athlete_id, link_id and submission_id of a self-report table."""
    return [sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("athlete_id", sa.Integer(), nullable=False),
            sa.Column("link_id", sa.Integer(), nullable=False),
            _fk(table, "athlete_id", "athletes"), _fk(table, "link_id", "athlete_links"),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))]


def upgrade() -> None:
    """Create the issue-16 tables and users.email."""
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("email", sa.String(length=254), nullable=True))
    op.create_table(
        "athlete_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("revoked_at", TS, nullable=True),
        sa.CheckConstraint("kind IN ('athlete', 'guardian')", name=op.f("ck_athlete_links_kind")),
        _fk("athlete_links", "athlete_id", "athletes"), _fk("athlete_links", "team_id", "teams"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_athlete_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_athlete_links_token_hash")),
    )
    op.create_index("ix_athlete_links_athlete_id", "athlete_links", ["athlete_id"])
    op.create_table(
        "self_sessions", *_base("self_sessions"),
        sa.Column("submission_id", sa.String(length=64), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("duration_min", sa.Float(), nullable=False),
        sa.Column("rpe", sa.Float(), nullable=False),
        sa.Column("extension_reps", sa.Float(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("athlete_id", "submission_id",
                            name=op.f("uq_self_sessions_athlete_id_submission_id")),
    )
    op.create_index("ix_self_sessions_athlete_id_date", "self_sessions", ["athlete_id", "date"])
    op.create_table(
        "back_checks", *_base("back_checks"),
        sa.Column("submission_id", sa.String(length=64), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        *[sa.Column(c, sa.Integer(), nullable=False) for c in _OSTRC],
        sa.Column("low_back_pain", sa.Boolean(), nullable=False),
        sa.Column("side", sa.String(length=10), nullable=True),
        *[sa.Column(c, sa.Boolean(), nullable=True) for c in _BOOLS],
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("athlete_id", "submission_id",
                            name=op.f("uq_back_checks_athlete_id_submission_id")),
    )
    op.create_index("ix_back_checks_athlete_id_date", "back_checks", ["athlete_id", "date"])
    op.create_table(
        "guardian_consents", *_base("guardian_consents"),
        sa.Column("decision", sa.String(length=12), nullable=False),
        sa.Column("version", sa.String(length=20), nullable=False),
        sa.Column("decided_at", TS, nullable=False),
        sa.CheckConstraint("decision IN ('consented', 'refused', 'withdrawn')",
                           name=op.f("ck_guardian_consents_decision")),
    )
    op.create_index("ix_guardian_consents_athlete_id", "guardian_consents", ["athlete_id"])
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("sent_at", TS, nullable=True),
        sa.Column("opened_by", sa.String(length=100), nullable=True),
        sa.Column("opened_at", TS, nullable=True),
        sa.CheckConstraint("kind IN ('referral', 'reminder')", name=op.f("ck_alerts_kind")),
        sa.CheckConstraint("status IN ('pending', 'sent', 'failed')",
                           name=op.f("ck_alerts_status")),
        _fk("alerts", "team_id", "teams"), _fk("alerts", "athlete_id", "athletes"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
    )
    op.create_index("ix_alerts_team_id_status", "alerts", ["team_id", "status"])


def downgrade() -> None:
    """Drop them again."""
    for table in ("alerts", "guardian_consents", "back_checks", "self_sessions",
                  "athlete_links"):
        op.drop_table(table)
    with op.batch_alter_table("users") as batch:
        batch.drop_column("email")
