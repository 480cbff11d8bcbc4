"""A session's own external load (PlayerLoad, TSS, HR load, km) and its unit (issue 13).

Nullable columns added in place (``op.add_column``, no table rebuild): sessions stored before
keep NULL, i.e. no external load recorded — never 0.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("sessions", sa.Column("external_load", sa.Float(), nullable=True))
    op.add_column("sessions", sa.Column("external_unit", sa.String(length=40), nullable=True))


def downgrade() -> None:
    # a plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35): a batch rebuild of sessions would
    # break the tables that point at it inside this transaction
    op.drop_column("sessions", "external_unit")
    op.drop_column("sessions", "external_load")
