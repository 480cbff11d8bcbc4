"""Every table of the store, declared once (SQLAlchemy Core; the migrations create them).

Three families, kept apart on purpose:

- **load data** — teams, athletes (pseudonymous code, team and profile), uploads, sessions,
  weekly totals, coverage, growth. Coach-facing queries (:mod:`loadwatch.store.queries`)
  read only these.
- **names** — ``athlete_names`` holds the identifier as written in the coach's files (often
  a name) and an optional display name; nothing else stores them, so pseudonymised exports
  and log output can leave this one table out.
- **clinical data** — symptom check-ins, clinician plans, clinical notes (spec §1.4,
  therapist role) and the injury log (issue #8). Only :mod:`loadwatch.store.clinical` and
  :mod:`loadwatch.store.injuries` read or write them.

Plus the team's validated risk model (``team_models``), users and roles (for the
dashboard) and the append-only ``audit_log``.
A change here needs a new migration in ``migrations/versions`` (see docs/store.md).
"""

from __future__ import annotations

from typing import Final

import sqlalchemy as sa

from loadwatch.schema import EPISODE_STATUSES, INJURY_TYPES

NAMING_CONVENTION: Final = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

ROLES: Final = ("coach", "therapist", "admin")
UPLOAD_KINDS: Final = ("sessions", "weekly")
DAY_STATUSES: Final = ("rest", "missing")

_TS = sa.DateTime(timezone=True)


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _athlete_fk(nullable: bool = False) -> sa.Column:
    return sa.Column("athlete_id", sa.Integer, sa.ForeignKey("athletes.id"), nullable=nullable)


teams = sa.Table(
    "teams", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(100), nullable=False, unique=True),
    sa.Column("created_at", _TS, nullable=False),
    # set when an admin archives the team (migration 0008): gone from pickers, data kept
    sa.Column("archived_at", _TS),
)

athletes = sa.Table(
    "athletes", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # stable pseudonymous code, e.g. A-7F3K2Q: random, never derived from the name
    sa.Column("code", sa.String(16), nullable=False, unique=True),
    # the team the athlete belongs to (set for every athlete; nullable only in the schema's
    # history: athlete_names' (athlete_id, team_id) key makes it required for named athletes)
    sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), nullable=True),
    # profile (spec §1.3; RosterCol)
    sa.Column("birth_date", sa.Date),
    sa.Column("sex", sa.String(1)),
    sa.Column("main_sport", sa.String(100)),
    sa.Column("role", sa.String(100)),
    sa.Column("age_group", sa.String(20)),
    sa.Column("prior_lumbar_bsi", sa.Boolean),
    sa.Column("prior_lumbar_bsi_date", sa.Date),
    sa.Column("free_play_hours_per_week", sa.Float),
    sa.Column("chose_main_sport", sa.Boolean),
    sa.Column("quit_other_sports", sa.Boolean),
    sa.Column("over_8_months_in_main_sport", sa.Boolean),
    sa.Column("roster_updated_at", _TS),  # null until a roster row describes the athlete
    sa.Column("created_at", _TS, nullable=False),
    sa.Index("ix_athletes_id_team_id", "id", "team_id", unique=True),  # athlete_names' key
)

athlete_names = sa.Table(
    "athlete_names", metadata,
    sa.Column("athlete_id", sa.Integer, primary_key=True),
    # the athlete column as written in uploads (may be a name): the join key of every import,
    # unique within the athlete's team (the same label in two teams is two athletes)
    sa.Column("label", sa.String(200), nullable=False),
    sa.Column("display_name", sa.String(200)),
    sa.Column("team_id", sa.Integer, nullable=False),
    sa.UniqueConstraint("team_id", "label"),
    # the name's team is the athlete's team (athletes.team_id), checked by the database
    sa.ForeignKeyConstraint(["athlete_id", "team_id"], ["athletes.id", "athletes.team_id"]),
)

uploads = sa.Table(
    "uploads", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("uploaded_by", sa.String(100), nullable=False),
    sa.Column("uploaded_at", _TS, nullable=False),
    sa.Column("file_name", sa.String(255), nullable=False),
    sa.Column("file_sha256", sa.String(64), nullable=False),
    sa.Column("period_start", sa.Date, nullable=False),
    sa.Column("period_end", sa.Date, nullable=False),
    sa.Column("rows_in_file", sa.Integer, nullable=False),
    sa.Column("rows_added", sa.Integer, nullable=False),
    sa.Column("rows_duplicate", sa.Integer, nullable=False),
    sa.Column("rows_rejected", sa.Integer, nullable=False),
    sa.Column("rows_conflicting", sa.Integer, nullable=False),
    sa.Column("rows_replaced", sa.Integer, nullable=False),
    sa.Column("replace_period", sa.Boolean, nullable=False),
    sa.Column("whole_period", sa.Boolean, nullable=False),
    # not unique since migration 0008: the same file again with replace_period applies
    sa.Index("ix_uploads_team_id_file_sha256", "team_id", "file_sha256"),
    sa.CheckConstraint(f"kind IN ({_quoted(UPLOAD_KINDS)})", name="kind"),
    sa.CheckConstraint("period_end >= period_start", name="period"),
    sqlite_autoincrement=True,  # an upload id is never reused (the audit log names them)
)

# Coverage of an athlete by an upload (spec §3.2): inside it a day without a session is rest.
coverage = sa.Table(
    "coverage", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("upload_id", sa.Integer, sa.ForeignKey("uploads.id"), nullable=False),
    _athlete_fk(),
    sa.Column("start_date", sa.Date, nullable=False),
    sa.Column("end_date", sa.Date, nullable=False),
    sa.Index("ix_coverage_upload_id", "upload_id"),
    sa.Index("ix_coverage_athlete_id", "athlete_id"),
)

sessions = sa.Table(
    "sessions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), nullable=False),
    _athlete_fk(),
    # the upload that first brought the session (session_sources lists every upload holding it)
    sa.Column("upload_id", sa.Integer, sa.ForeignKey("uploads.id"), nullable=False),
    sa.Column("session_key", sa.String(40), nullable=False),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("sport", sa.String(100), nullable=False),
    sa.Column("start_time", sa.String(8)),
    sa.Column("duration_min", sa.Float),
    sa.Column("rpe", sa.Float),
    sa.Column("load_au", sa.Float),
    sa.Column("session_type", sa.String(100)),
    sa.Column("day_status", sa.String(10)),
    sa.Column("extension_reps", sa.Float),
    sa.Column("extension_min", sa.Float),
    sa.Column("extension_exposure", sa.Float),
    sa.Column("deliveries", sa.Float),
    sa.Column("jumps", sa.Float),
    sa.Column("spells", sa.String(100)),
    sa.Column("source_team", sa.String(100)),  # the file's own team/source column, if any
    sa.Column("source_row", sa.Integer, nullable=False),
    # the export's own load and its unit (PlayerLoad, TSS, …; migration 0011, issue 13): its
    # own channel, never AU, never mixed into load_au; NULL = not recorded
    sa.Column("external_load", sa.Float),
    sa.Column("external_unit", sa.String(40)),
    sa.UniqueConstraint("team_id", "athlete_id", "session_key"),
    sa.Index("ix_sessions_athlete_id_date", "athlete_id", "date"),
    sa.Index("ix_sessions_upload_id", "upload_id"),
    sa.CheckConstraint(f"day_status IS NULL OR day_status IN ({_quoted(DAY_STATUSES)})",
                       name="day_status"),
)

session_sources = sa.Table(
    "session_sources", metadata,
    sa.Column("session_id", sa.Integer, sa.ForeignKey("sessions.id"), primary_key=True),
    sa.Column("upload_id", sa.Integer, sa.ForeignKey("uploads.id"), primary_key=True),
    sa.Column("source_row", sa.Integer, nullable=False),
    sa.Index("ix_session_sources_upload_id", "upload_id"),
)

weekly_totals = sa.Table(
    "weekly_totals", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), nullable=False),
    _athlete_fk(),
    sa.Column("upload_id", sa.Integer, sa.ForeignKey("uploads.id"), nullable=False),
    sa.Column("week_start", sa.Date, nullable=False),
    sa.Column("value_key", sa.String(40), nullable=False),
    sa.Column("sport", sa.String(100), nullable=False),
    sa.Column("total_minutes", sa.Float),
    sa.Column("total_load_au", sa.Float),
    sa.Column("load_approximate", sa.Boolean, nullable=False),
    sa.Column("mean_rpe", sa.Float),
    sa.Column("sessions", sa.Float),
    sa.Column("rest_days", sa.Float),
    sa.Column("free_play_hours", sa.Float),
    sa.Column("extension_reps", sa.Float),
    sa.Column("extension_min", sa.Float),
    sa.Column("extension_exposure", sa.Float),
    sa.Column("deliveries", sa.Float),
    sa.Column("jumps", sa.Float),
    sa.Column("source_team", sa.String(100)),
    sa.Column("source_row", sa.Integer, nullable=False),
    sa.UniqueConstraint("team_id", "athlete_id", "week_start"),
    sa.Index("ix_weekly_totals_upload_id", "upload_id"),
)

weekly_sources = sa.Table(
    "weekly_sources", metadata,
    sa.Column("weekly_id", sa.Integer, sa.ForeignKey("weekly_totals.id"), primary_key=True),
    sa.Column("upload_id", sa.Integer, sa.ForeignKey("uploads.id"), primary_key=True),
    sa.Column("source_row", sa.Integer, nullable=False),
    sa.Index("ix_weekly_sources_upload_id", "upload_id"),
)

growth = sa.Table(
    "growth", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _athlete_fk(),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("height_cm", sa.Float, nullable=False),
    sa.Column("sitting_height_cm", sa.Float),
    sa.Column("mass_kg", sa.Float),
    sa.Column("entered_by", sa.String(100), nullable=False),
    sa.Column("created_at", _TS, nullable=False),
    sa.UniqueConstraint("athlete_id", "date"),
)

# Per-team overrides of the default configuration (spec §10.3), as the admin saved them.
team_settings = sa.Table(
    "team_settings", metadata,
    sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), primary_key=True),
    sa.Column("config_toml", sa.Text, nullable=False),
    sa.Column("updated_by", sa.String(100), nullable=False),
    sa.Column("updated_at", _TS, nullable=False),
)

# --- clinical data (therapist role; only loadwatch.store.clinical touches these) ---------

symptom_checkins = sa.Table(
    "symptom_checkins", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _athlete_fk(),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("low_back_pain", sa.Boolean, nullable=False),
    sa.Column("side", sa.String(10)),
    sa.Column("worse_when_arching", sa.Boolean),
    sa.Column("onset_date", sa.Date),
    sa.Column("pain_0_10", sa.Float),
    sa.Column("limits_training", sa.Boolean),
    sa.Column("night_pain", sa.Boolean),
    sa.Column("fever_or_unwell", sa.Boolean),
    sa.Column("weight_loss", sa.Boolean),
    sa.Column("leg_numbness_weakness", sa.Boolean),
    sa.Column("bladder_bowel_change", sa.Boolean),
    sa.Column("trauma", sa.Boolean),
    sa.Column("checkin_key", sa.String(40), nullable=False),
    sa.Column("entered_by", sa.String(100), nullable=False),
    sa.Column("created_at", _TS, nullable=False),
    sa.UniqueConstraint("athlete_id", "checkin_key"),
    sa.Index("ix_symptom_checkins_athlete_id_date", "athlete_id", "date"),
)

clinician_plans = sa.Table(
    "clinician_plans", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _athlete_fk(),
    sa.Column("start_date", sa.Date, nullable=False),
    sa.Column("review_date", sa.Date),
    sa.Column("restriction", sa.String(40), nullable=False),
    sa.Column("cap", sa.Float),
    sa.Column("entered_by", sa.String(100), nullable=False),
    sa.Column("created_at", _TS, nullable=False),
    sa.Column("updated_at", _TS, nullable=False),
    sa.UniqueConstraint("athlete_id", "start_date", "restriction"),
)

clinical_notes = sa.Table(
    "clinical_notes", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _athlete_fk(),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("author", sa.String(100), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("created_at", _TS, nullable=False),
    sa.Index("ix_clinical_notes_athlete_id_date", "athlete_id", "date"),
)

# One row per injury, identified by athlete, onset date and body region (as the injury-log
# reader identifies them); a re-imported log updates type, time loss and return date.
injuries = sa.Table(
    "injuries", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _athlete_fk(),
    sa.Column("onset_date", sa.Date, nullable=False),
    sa.Column("body_region", sa.String(30), nullable=False),
    sa.Column("injury_type", sa.String(10), nullable=False),
    sa.Column("time_loss_days", sa.Float),
    sa.Column("return_date", sa.Date),
    sa.Column("file_name", sa.String(255), nullable=False),
    sa.Column("entered_by", sa.String(100), nullable=False),
    sa.Column("created_at", _TS, nullable=False),
    sa.Column("updated_at", _TS, nullable=False),
    sa.UniqueConstraint("athlete_id", "onset_date", "body_region"),
    sa.CheckConstraint(f"injury_type IN ({_quoted(INJURY_TYPES)})", name="injury_type"),
    sa.CheckConstraint("return_date IS NULL OR return_date >= onset_date", name="return"),
)

CLINICAL_TABLES: Final = (symptom_checkins, clinician_plans, clinical_notes, injuries)

# --- the team's validated risk model (issue #8) ------------------------------------------

# One per team: the fitted model (joblib bytes) with the card and metrics of its evaluation,
# which the dashboard shows beside every probability. Only a model whose evaluation beat
# chance is installed (loadwatch.model.installed).
team_models = sa.Table(
    "team_models", metadata,
    sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), primary_key=True),
    sa.Column("model", sa.LargeBinary, nullable=False),
    sa.Column("card", sa.Text, nullable=False),
    sa.Column("metrics_json", sa.Text, nullable=False),
    sa.Column("installed_by", sa.String(100), nullable=False),
    sa.Column("installed_at", _TS, nullable=False),
)

# --- users, roles and the audit log ------------------------------------------------------

#: A person's answer to a possible logging gap (spec §3.2, issue 14): the athlete's days
#: first_day … last_day were rest, or were not recorded. Applied when the log is loaded
#: (:mod:`loadwatch.store.gaps`); the athlete id is team-scoped like every athlete.
GAP_RESOLUTIONS: Final = ("rest", "not_recorded")

gap_resolutions = sa.Table(
    "gap_resolutions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _athlete_fk(),
    sa.Column("first_day", sa.Date, nullable=False),
    sa.Column("last_day", sa.Date, nullable=False),
    sa.Column("resolution", sa.String(20), nullable=False),
    sa.Column("resolved_by", sa.String(100), nullable=False),
    sa.Column("resolved_at", _TS, nullable=False),
    sa.UniqueConstraint("athlete_id", "first_day", "last_day"),
    sa.CheckConstraint(f"resolution IN ({_quoted(GAP_RESOLUTIONS)})", name="resolution"),
    sa.CheckConstraint("last_day >= first_day", name="span"),
)

users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(100), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("created_at", _TS, nullable=False),
    # set by an admin's password reset (migration 0007): a new password at next sign-in
    sa.Column("must_change_password", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("password_changed_at", _TS),
    sa.Column("email", sa.String(254)),  # where alerts reach a therapist (migration 0009)
    sa.CheckConstraint(f"role IN ({_quoted(ROLES)})", name="role"),
)

user_teams = sa.Table(
    "user_teams", metadata,
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
    sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), primary_key=True),
)

# Append-only (UPDATE and DELETE refused by triggers); actor is text so that no row ever
# depends on another one. `detail` holds counts and ids only — never clinical content.
audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", _TS, nullable=False),
    sa.Column("actor", sa.String(100), nullable=False),
    sa.Column("action", sa.String(50), nullable=False),
    sa.Column("object_type", sa.String(50), nullable=False),
    sa.Column("object_id", sa.String(50)),
    sa.Column("detail", sa.String(500)),
)

# --- Saved column mappings (migration 0006, issue 13) -------------------------------------

# A confirmed mapping per team and export profile (profile key = its TOML file's name, or
# "unknown layout"), applied to next week's file of the same export. `mapping` is JSON:
# {"columns": {field: header}, "athlete": …, "duration_unit": …, "timezone": …}.
saved_mappings = sa.Table(
    "saved_mappings", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), nullable=False),
    sa.Column("profile", sa.String(100), nullable=False),
    sa.Column("mapping", sa.Text, nullable=False),
    sa.Column("saved_by", sa.String(100), nullable=False),
    sa.Column("saved_at", _TS, nullable=False),
    sa.UniqueConstraint("team_id", "profile"),
)

# --- Sign-in and sessions (migration 0007, issues 15/19) ----------------------------------

#: A signed-in browser (loadwatch.app.sessions): only the SHA-256 of its random token is kept,
#: so a copy of the database signs nobody in. Ends at revoked_at, after idle time since
#: last_seen_at, or at expires_at (absolute lifetime), whichever comes first.
user_sessions = sa.Table(
    "user_sessions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column("created_at", _TS, nullable=False),
    sa.Column("last_seen_at", _TS, nullable=False),
    sa.Column("expires_at", _TS, nullable=False),
    sa.Column("revoked_at", _TS),
)

#: Failed sign-ins per username ("user") or per client ("client", a hash of its address):
#: the count since the last success and the lock it earned (loadwatch.app.sessions).
SIGN_IN_SUBJECTS: Final = ("user", "client")

sign_in_failures = sa.Table(
    "sign_in_failures", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("subject", sa.String(100), nullable=False),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("last_failure_at", _TS, nullable=False),
    sa.Column("locked_until", _TS),
    sa.UniqueConstraint("kind", "subject"),
    sa.CheckConstraint(f"kind IN ({_quoted(SIGN_IN_SUBJECTS)})", name="kind"),
)

#: One installation-wide random secret (loadwatch.store.secret), drawn on first use: it salts
#: pseudonym codes so that nobody holding the id list can recompute them.
installation_secret = sa.Table(
    "installation_secret", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("secret", sa.String(128), nullable=False),
    sa.Column("created_at", _TS, nullable=False),
)

#: Left out of every export: the secret would let anyone recompute pseudonym codes, and
#: session hashes and failure counts are of no use in a backup.
SIGN_IN_TABLES: Final = (user_sessions, sign_in_failures, installation_secret)

# --- Upload history and teams (migration 0008, issues 15/19) ------------------------------

# What a replacing upload deleted (sessions, weekly totals, their source links, coverage),
# one JSON row each, so that undoing the upload restores the previous rows exactly.
replaced_rows = sa.Table(
    "replaced_rows", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("upload_id", sa.Integer, sa.ForeignKey("uploads.id"), nullable=False),
    sa.Column("table_name", sa.String(40), nullable=False),
    sa.Column("row_json", sa.Text, nullable=False),
    sa.Index("ix_replaced_rows_upload_id", "upload_id"),
)

# --- Athlete self-reports, links, guardian consent, alerts (migration 0009, issue 16) -----

#: An athlete's personal link, or their guardian's (issue 16). Only the SHA-256 of the token
#: is kept; a new link of the same kind revokes the old one; `email` is where reminders go.
LINK_KINDS: Final = ("athlete", "guardian")
CONSENT_DECISIONS: Final = ("consented", "refused", "withdrawn")
ALERT_KINDS: Final = ("referral", "reminder")
ALERT_STATUSES: Final = ("pending", "sent", "failed")

athlete_links = sa.Table(
    "athlete_links", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _athlete_fk(),
    sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("email", sa.String(254)),
    sa.Column("created_by", sa.String(100), nullable=False),
    sa.Column("created_at", _TS, nullable=False),
    sa.Column("expires_at", _TS, nullable=False),
    sa.Column("revoked_at", _TS),
    sa.Index("ix_athlete_links_athlete_id", "athlete_id"),
    sa.CheckConstraint(f"kind IN ({_quoted(LINK_KINDS)})", name="kind"),
)

#: Sessions the athlete reported by link (load data; the coach's upload of the same day wins).
self_sessions = sa.Table(
    "self_sessions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _athlete_fk(),
    sa.Column("link_id", sa.Integer, sa.ForeignKey("athlete_links.id"), nullable=False),
    sa.Column("submission_id", sa.String(64), nullable=False),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("duration_min", sa.Float, nullable=False),
    sa.Column("rpe", sa.Float, nullable=False),
    sa.Column("extension_reps", sa.Float),
    sa.Column("created_at", _TS, nullable=False),
    sa.UniqueConstraint("athlete_id", "submission_id"),
    sa.Index("ix_self_sessions_athlete_id_date", "athlete_id", "date"),
)

#: The weekly back check (clinical data: therapist role): OSTRC answers (points as scored)
#: and the symptom check-in fields the S rules read.
back_checks = sa.Table(
    "back_checks", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _athlete_fk(),
    sa.Column("link_id", sa.Integer, sa.ForeignKey("athlete_links.id"), nullable=False),
    sa.Column("submission_id", sa.String(64), nullable=False),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("ostrc_participation", sa.Integer, nullable=False),
    sa.Column("ostrc_volume", sa.Integer, nullable=False),
    sa.Column("ostrc_performance", sa.Integer, nullable=False),
    sa.Column("ostrc_pain", sa.Integer, nullable=False),
    sa.Column("ostrc_score", sa.Integer, nullable=False),
    sa.Column("low_back_pain", sa.Boolean, nullable=False),
    sa.Column("side", sa.String(10)),
    sa.Column("worse_when_arching", sa.Boolean),
    sa.Column("limits_training", sa.Boolean),
    sa.Column("night_pain", sa.Boolean),
    sa.Column("fever_or_unwell", sa.Boolean),
    sa.Column("weight_loss", sa.Boolean),
    sa.Column("leg_numbness_weakness", sa.Boolean),
    sa.Column("bladder_bowel_change", sa.Boolean),
    sa.Column("trauma", sa.Boolean),
    sa.Column("created_at", _TS, nullable=False),
    sa.UniqueConstraint("athlete_id", "submission_id"),
    sa.Index("ix_back_checks_athlete_id_date", "athlete_id", "date"),
)

#: A guardian's decision, with the version of the text they read (the latest row counts).
guardian_consents = sa.Table(
    "guardian_consents", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _athlete_fk(),
    sa.Column("link_id", sa.Integer, sa.ForeignKey("athlete_links.id"), nullable=False),
    sa.Column("decision", sa.String(12), nullable=False),
    sa.Column("version", sa.String(20), nullable=False),
    sa.Column("decided_at", _TS, nullable=False),
    sa.Index("ix_guardian_consents_athlete_id", "athlete_id"),
    sa.CheckConstraint(f"decision IN ({_quoted(CONSENT_DECISIONS)})", name="decision"),
)

#: One mail to one person: a referral alert to a therapist or a reminder; never a symptom.
alerts = sa.Table(
    "alerts", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), nullable=False),
    _athlete_fk(nullable=True),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("recipient", sa.String(254), nullable=False),
    sa.Column("subject", sa.String(200), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("last_error", sa.String(300)),
    sa.Column("created_at", _TS, nullable=False),
    sa.Column("sent_at", _TS),
    sa.Column("opened_by", sa.String(100)),
    sa.Column("opened_at", _TS),
    sa.Index("ix_alerts_team_id_status", "team_id", "status"),
    sa.CheckConstraint(f"kind IN ({_quoted(ALERT_KINDS)})", name="kind"),
    sa.CheckConstraint(f"status IN ({_quoted(ALERT_STATUSES)})", name="status"),
)

CLINICAL_TABLES = (*CLINICAL_TABLES, back_checks)  # type: ignore[misc,assignment]  # self-reported


# --- Injury episodes, treatment log, return plans (migration 0010, issue 17) --------------

# The therapist's record (store/episodes.py only): an injury episode, its treatment log, and
# the staged return plan whose approved stages become clinician_plans rows (rule S4, planner).
# Every table carries athlete_id so that erasing an athlete reaches it (store/erase.py).
MECHANISMS: Final = INJURY_TYPES
PLAN_STATUSES: Final = ("draft", "approved", "done")

injury_episodes = sa.Table(
    "injury_episodes", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _athlete_fk(),
    sa.Column("onset_date", sa.Date, nullable=False),
    sa.Column("body_region", sa.String(30), nullable=False),
    sa.Column("side", sa.String(10)),
    sa.Column("mechanism", sa.String(10), nullable=False),
    sa.Column("working_diagnosis", sa.Text),
    sa.Column("imaging_ordered", sa.Text),
    sa.Column("imaging_result", sa.Text),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("return_date", sa.Date),
    sa.Column("entered_by", sa.String(100), nullable=False),
    sa.Column("created_at", _TS, nullable=False),
    sa.Column("updated_at", _TS, nullable=False),
    sa.Index("ix_injury_episodes_athlete_id", "athlete_id"),
    sa.CheckConstraint(f"mechanism IN ({_quoted(MECHANISMS)})", name="mechanism"),
    sa.CheckConstraint(f"status IN ({_quoted(EPISODE_STATUSES)})", name="status"),
    sa.CheckConstraint("return_date IS NULL OR return_date >= onset_date", name="return"),
)

treatment_log = sa.Table(
    "treatment_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("episode_id", sa.Integer, sa.ForeignKey("injury_episodes.id"), nullable=False),
    _athlete_fk(),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("clinician", sa.String(100), nullable=False),
    sa.Column("treatment", sa.Text, nullable=False),
    sa.Column("next_review", sa.Date),
    sa.Column("created_at", _TS, nullable=False),
    sa.Index("ix_treatment_log_episode_id", "episode_id"),
)

return_plans = sa.Table(
    "return_plans", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("episode_id", sa.Integer, sa.ForeignKey("injury_episodes.id"), nullable=False),
    _athlete_fk(),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("current_stage", sa.Integer, nullable=False),
    # the athlete's typical pre-injury week the caps are fractions of (risk/return_plan.py)
    sa.Column("base_weeks", sa.Integer, nullable=False),
    sa.Column("base_minutes", sa.Float),
    sa.Column("base_srpe_au", sa.Float),
    sa.Column("base_extension", sa.Float),
    sa.Column("created_by", sa.String(100), nullable=False),
    sa.Column("created_at", _TS, nullable=False),
    sa.Column("approved_by", sa.String(100)),
    sa.Column("approved_at", _TS),
    sa.Index("ix_return_plans_episode_id", "episode_id"),
    sa.CheckConstraint(f"status IN ({_quoted(PLAN_STATUSES)})", name="status"),
)

return_stages = sa.Table(
    "return_stages", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("plan_id", sa.Integer, sa.ForeignKey("return_plans.id"), nullable=False),
    _athlete_fk(),
    sa.Column("stage", sa.Integer, nullable=False),
    sa.Column("name", sa.String(60), nullable=False),
    sa.Column("start_date", sa.Date),
    sa.Column("review_date", sa.Date),
    sa.Column("weeks", sa.Integer, nullable=False),
    sa.Column("cap_minutes", sa.Float),
    sa.Column("cap_srpe_au", sa.Float),
    sa.Column("cap_extension", sa.Float),
    sa.Column("no_extension", sa.Boolean, nullable=False),
    sa.Column("ticked_by", sa.String(100)),
    sa.Column("ticked_at", _TS),
    sa.UniqueConstraint("plan_id", "stage"),
)

EPISODE_TABLES: Final = (injury_episodes, treatment_log, return_plans, return_stages)
