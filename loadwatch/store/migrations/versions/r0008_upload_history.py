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

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("teams") as batch:
        batch.add_column(sa.Column("archived_at", TS, nullable=True))
    with op.batch_alter_table("uploads", recreate="always",
                              table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_constraint("uq_uploads_team_id_file_sha256", type_="unique")
        batch.create_index("ix_uploads_team_id_file_sha256", ["team_id", "file_sha256"])
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
    with op.batch_alter_table("uploads", recreate="always") as batch:
        batch.drop_index("ix_uploads_team_id_file_sha256")
        batch.create_unique_constraint("uq_uploads_team_id_file_sha256",
                                       ["team_id", "file_sha256"])
    with op.batch_alter_table("teams") as batch:
        batch.drop_column("archived_at")
