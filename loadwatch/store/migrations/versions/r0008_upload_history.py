"""Upload history and undo, teams that can be renamed and archived (issues 15 and 19).

- ``teams.archived_at``: an archived team vanishes from pickers, its data stays;
- ``uploads``: ids never reused on SQLite (AUTOINCREMENT; PostgreSQL sequences never reuse),
  and (team, file hash) no longer unique: the same file again with replace_period applies;
- ``replaced_rows``: what a replacing upload deleted, so that undoing it restores it exactly.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def _uploads_columns(unique: bool) -> list[SchemaItem]:
    """The uploads table of 0001, with (team, file hash) unique (before 0008) or indexed."""
    counts = ("rows_in_file", "rows_added", "rows_duplicate", "rows_rejected",
              "rows_conflicting", "rows_replaced")
    items: list[SchemaItem] = [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("uploaded_by", sa.String(length=100), nullable=False),
        sa.Column("uploaded_at", TS, nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        *[sa.Column(c, sa.Integer(), nullable=False) for c in counts],
        sa.Column("replace_period", sa.Boolean(), nullable=False),
        sa.Column("whole_period", sa.Boolean(), nullable=False),
        sa.CheckConstraint("kind IN ('sessions', 'weekly')", name=op.f("ck_uploads_kind")),
        sa.CheckConstraint("period_end >= period_start", name=op.f("ck_uploads_period")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"],
                                name=op.f("fk_uploads_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_uploads")),
    ]
    if unique:
        items.append(sa.UniqueConstraint("team_id", "file_sha256",
                                         name=op.f("uq_uploads_team_id_file_sha256")))
    return items


def _rebuild_sqlite_uploads(*, autoincrement: bool) -> None:
    """SQLite: recreate uploads (AUTOINCREMENT needs a new table) inside the migration's
    transaction while other tables point at it. Foreign keys cannot be switched off inside a
    transaction; deferred, the violations the drop counts are settled when the same rows
    come back, before the commit checks them."""
    op.execute("PRAGMA defer_foreign_keys = ON")
    op.execute("CREATE TEMP TABLE _uploads_0008 AS SELECT * FROM uploads")
    op.drop_table("uploads")
    op.create_table("uploads", *_uploads_columns(unique=not autoincrement),
                    sqlite_autoincrement=autoincrement)
    op.execute("INSERT INTO uploads SELECT * FROM _uploads_0008")
    op.execute("DROP TABLE _uploads_0008")


def upgrade() -> None:
    with op.batch_alter_table("teams") as batch:
        batch.add_column(sa.Column("archived_at", TS, nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite_uploads(autoincrement=True)
    else:
        op.drop_constraint("uq_uploads_team_id_file_sha256", "uploads", type_="unique")
    op.create_index("ix_uploads_team_id_file_sha256", "uploads", ["team_id", "file_sha256"])
    op.create_table(
        "replaced_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["upload_id"], ["uploads.id"],
                                name=op.f("fk_replaced_rows_upload_id_uploads")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_replaced_rows")),
    )
    op.create_index("ix_replaced_rows_upload_id", "replaced_rows", ["upload_id"])


def downgrade() -> None:
    op.drop_index("ix_replaced_rows_upload_id", table_name="replaced_rows")
    op.drop_table("replaced_rows")
    op.drop_index("ix_uploads_team_id_file_sha256", table_name="uploads")
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite_uploads(autoincrement=False)
    else:
        op.create_unique_constraint("uq_uploads_team_id_file_sha256", "uploads",
                                    ["team_id", "file_sha256"])
    # a plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35): a rebuilt teams table would break
    # every reference to it inside this transaction
    op.drop_column("teams", "archived_at")
