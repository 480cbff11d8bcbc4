"""Initial schema: teams and their settings, athletes and names, uploads, coverage, sessions,
weekly totals, growth, clinical tables, users and roles, and the append-only audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def _pk(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(*columns, name=op.f(f"pk_{table}"))


def _uq(table: str, *columns: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*columns, name=op.f(f"uq_{table}_{'_'.join(columns)}"))


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"],
                                   name=op.f(f"fk_{table}_{column}_{target}"))


def _ck(table: str, name: str, sql: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(sql, name=op.f(f"ck_{table}_{name}"))


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _ref(column: str, nullable: bool = False) -> sa.Column:
    return sa.Column(column, sa.Integer(), nullable=nullable)


def _str(column: str, length: int, nullable: bool = True) -> sa.Column:
    return sa.Column(column, sa.String(length=length), nullable=nullable)


def _floats(*columns: str) -> list[sa.Column]:
    return [sa.Column(c, sa.Float(), nullable=True) for c in columns]


def _bools(*columns: str) -> list[sa.Column]:
    return [sa.Column(c, sa.Boolean(), nullable=True) for c in columns]


def _date(column: str, nullable: bool = False) -> sa.Column:
    return sa.Column(column, sa.Date(), nullable=nullable)


def _ts(column: str, nullable: bool = False) -> sa.Column:
    return sa.Column(column, TS, nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "audit_log", _id(), _ts("at"), _str("actor", 100, False), _str("action", 50, False),
        _str("object_type", 50, False), _str("object_id", 50), _str("detail", 500),
        _pk("audit_log", "id"),
    )
    op.create_table(
        "teams", _id(), _str("name", 100, False), _ts("created_at"),
        _pk("teams", "id"), _uq("teams", "name"),
    )
    op.create_table(
        "users", _id(), _str("username", 100, False), _str("password_hash", 255, False),
        _str("role", 20, False), sa.Column("active", sa.Boolean(), nullable=False),
        _ts("created_at"),
        _ck("users", "role", "role IN ('coach', 'therapist', 'admin')"),
        _pk("users", "id"), _uq("users", "username"),
    )
    op.create_table(
        "athletes", _id(), _str("code", 16, False), _ref("team_id", True),
        _date("birth_date", True), _str("sex", 1), _str("main_sport", 100), _str("role", 100),
        _str("age_group", 20), *_bools("prior_lumbar_bsi"), _date("prior_lumbar_bsi_date", True),
        *_floats("free_play_hours_per_week"),
        *_bools("chose_main_sport", "quit_other_sports", "over_8_months_in_main_sport"),
        _ts("roster_updated_at", True), _ts("created_at"),
        _fk("athletes", "team_id", "teams"), _pk("athletes", "id"), _uq("athletes", "code"),
    )
    op.create_table(
        "uploads", _id(), _ref("team_id"), _str("kind", 10, False),
        _str("uploaded_by", 100, False), _ts("uploaded_at"), _str("file_name", 255, False),
        _str("file_sha256", 64, False), _date("period_start"), _date("period_end"),
        *[sa.Column(c, sa.Integer(), nullable=False) for c in (
            "rows_in_file", "rows_added", "rows_duplicate", "rows_rejected", "rows_conflicting",
            "rows_replaced")],
        sa.Column("replace_period", sa.Boolean(), nullable=False),
        sa.Column("whole_period", sa.Boolean(), nullable=False),
        _ck("uploads", "kind", "kind IN ('sessions', 'weekly')"),
        _ck("uploads", "period", "period_end >= period_start"),
        _fk("uploads", "team_id", "teams"), _pk("uploads", "id"),
        _uq("uploads", "team_id", "file_sha256"),
    )
    op.create_table(
        "user_teams", _ref("user_id"), _ref("team_id"),
        _fk("user_teams", "team_id", "teams"), _fk("user_teams", "user_id", "users"),
        _pk("user_teams", "user_id", "team_id"),
    )
    op.create_table(
        "team_settings", _ref("team_id"), sa.Column("config_toml", sa.Text(), nullable=False),
        _str("updated_by", 100, False), _ts("updated_at"),
        _fk("team_settings", "team_id", "teams"), _pk("team_settings", "team_id"),
    )
    op.create_table(
        "athlete_names", _ref("athlete_id"), _str("label", 200, False),
        _str("display_name", 200),
        _fk("athlete_names", "athlete_id", "athletes"), _pk("athlete_names", "athlete_id"),
        _uq("athlete_names", "label"),
    )
    op.create_table(
        "athlete_teams", _ref("athlete_id"), _ref("team_id"),
        _fk("athlete_teams", "athlete_id", "athletes"), _fk("athlete_teams", "team_id", "teams"),
        _pk("athlete_teams", "athlete_id", "team_id"),
    )
    op.create_index("ix_athlete_teams_team_id", "athlete_teams", ["team_id"])
    op.create_table(
        "clinical_notes", _id(), _ref("athlete_id"), _date("date"),
        _str("author", 100, False), sa.Column("text", sa.Text(), nullable=False),
        _ts("created_at"),
        _fk("clinical_notes", "athlete_id", "athletes"), _pk("clinical_notes", "id"),
    )
    op.create_index("ix_clinical_notes_athlete_id_date", "clinical_notes", ["athlete_id", "date"])
    op.create_table(
        "clinician_plans", _id(), _ref("athlete_id"), _date("start_date"),
        _date("review_date", True), _str("restriction", 40, False), *_floats("cap"),
        _str("entered_by", 100, False), _ts("created_at"), _ts("updated_at"),
        _fk("clinician_plans", "athlete_id", "athletes"), _pk("clinician_plans", "id"),
        _uq("clinician_plans", "athlete_id", "start_date", "restriction"),
    )
    op.create_table(
        "coverage", _id(), _ref("upload_id"), _ref("athlete_id"), _date("start_date"),
        _date("end_date"),
        _fk("coverage", "athlete_id", "athletes"), _fk("coverage", "upload_id", "uploads"),
        _pk("coverage", "id"),
    )
    op.create_index("ix_coverage_athlete_id", "coverage", ["athlete_id"])
    op.create_index("ix_coverage_upload_id", "coverage", ["upload_id"])
    op.create_table(
        "growth", _id(), _ref("athlete_id"), _date("date"),
        sa.Column("height_cm", sa.Float(), nullable=False),
        *_floats("sitting_height_cm", "mass_kg"), _str("entered_by", 100, False),
        _ts("created_at"),
        _fk("growth", "athlete_id", "athletes"), _pk("growth", "id"),
        _uq("growth", "athlete_id", "date"),
    )
    op.create_table(
        "sessions", _id(), _ref("team_id"), _ref("athlete_id"), _ref("upload_id"),
        _str("session_key", 40, False), _date("date"), _str("sport", 100, False),
        _str("start_time", 8), *_floats("duration_min", "rpe", "load_au"),
        _str("session_type", 100), _str("day_status", 10),
        *_floats("extension_reps", "extension_min", "extension_exposure", "deliveries", "jumps"),
        _str("spells", 100), _str("source_team", 100),
        sa.Column("source_row", sa.Integer(), nullable=False),
        _ck("sessions", "day_status", "day_status IS NULL OR day_status IN ('rest', 'missing')"),
        _fk("sessions", "athlete_id", "athletes"), _fk("sessions", "team_id", "teams"),
        _fk("sessions", "upload_id", "uploads"), _pk("sessions", "id"),
        _uq("sessions", "team_id", "athlete_id", "session_key"),
    )
    op.create_index("ix_sessions_athlete_id_date", "sessions", ["athlete_id", "date"])
    op.create_index("ix_sessions_upload_id", "sessions", ["upload_id"])
    op.create_table(
        "symptom_checkins", _id(), _ref("athlete_id"), _date("date"),
        sa.Column("low_back_pain", sa.Boolean(), nullable=False), _str("side", 10),
        *_bools("worse_when_arching"), _date("onset_date", True), *_floats("pain_0_10"),
        *_bools("limits_training", "night_pain", "fever_or_unwell", "weight_loss",
                "leg_numbness_weakness", "bladder_bowel_change", "trauma"),
        _str("checkin_key", 40, False), _str("entered_by", 100, False), _ts("created_at"),
        _fk("symptom_checkins", "athlete_id", "athletes"), _pk("symptom_checkins", "id"),
        _uq("symptom_checkins", "athlete_id", "checkin_key"),
    )
    op.create_index("ix_symptom_checkins_athlete_id_date", "symptom_checkins",
                    ["athlete_id", "date"])
    op.create_table(
        "weekly_totals", _id(), _ref("team_id"), _ref("athlete_id"), _ref("upload_id"),
        _date("week_start"), _str("value_key", 40, False), _str("sport", 100, False),
        *_floats("total_minutes", "total_load_au"),
        sa.Column("load_approximate", sa.Boolean(), nullable=False),
        *_floats("mean_rpe", "sessions", "rest_days", "free_play_hours", "extension_reps",
                 "extension_min", "extension_exposure", "deliveries", "jumps"),
        _str("source_team", 100), sa.Column("source_row", sa.Integer(), nullable=False),
        _fk("weekly_totals", "athlete_id", "athletes"), _fk("weekly_totals", "team_id", "teams"),
        _fk("weekly_totals", "upload_id", "uploads"), _pk("weekly_totals", "id"),
        _uq("weekly_totals", "team_id", "athlete_id", "week_start"),
    )
    op.create_index("ix_weekly_totals_upload_id", "weekly_totals", ["upload_id"])
    op.create_table(
        "session_sources", _ref("session_id"), _ref("upload_id"),
        sa.Column("source_row", sa.Integer(), nullable=False),
        _fk("session_sources", "session_id", "sessions"),
        _fk("session_sources", "upload_id", "uploads"),
        _pk("session_sources", "session_id", "upload_id"),
    )
    op.create_index("ix_session_sources_upload_id", "session_sources", ["upload_id"])
    op.create_table(
        "weekly_sources", _ref("weekly_id"), _ref("upload_id"),
        sa.Column("source_row", sa.Integer(), nullable=False),
        _fk("weekly_sources", "upload_id", "uploads"),
        _fk("weekly_sources", "weekly_id", "weekly_totals"),
        _pk("weekly_sources", "weekly_id", "upload_id"),
    )
    op.create_index("ix_weekly_sources_upload_id", "weekly_sources", ["upload_id"])
    _append_only_audit_log()


def _append_only_audit_log() -> None:
    """UPDATE and DELETE on audit_log are refused by the database itself."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER audit_log_no_change ON audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")
    else:
        op.execute("DROP TRIGGER audit_log_no_update")
        op.execute("DROP TRIGGER audit_log_no_delete")
    for table in ("weekly_sources", "session_sources", "weekly_totals", "symptom_checkins",
                  "sessions", "growth", "coverage", "clinician_plans", "clinical_notes",
                  "athlete_teams", "athlete_names", "team_settings", "user_teams", "uploads",
                  "athletes", "users", "teams", "audit_log"):
        op.drop_table(table)
