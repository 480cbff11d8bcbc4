"""loadwatch.store: the database behind loadwatch (issue #4).

Uploads accumulate week after week in SQLite (default) or PostgreSQL, each stored in one
transaction, deduplicated by session identity, with the declared period driving coverage
(spec §3.2). Everything the engine computes can start from the store::

from loadwatch.store import open_store, ingest_file, load_sessions
    db = open_store()                      # --db URL > $LOADWATCH_DB > default SQLite file
    ingest_file(db, "week47.csv", team="Gymnastics club")
    daily_metrics(load_sessions(db, team="Gymnastics club"))

Clinical data (symptoms, plans, notes, injuries) is reached only through the clinical functions
below; the coach-facing loaders never touch it. See docs/store.md.
"""

from loadwatch.store.audit import audit_events, record_event
from loadwatch.store.clinical import (
    add_note,
    add_plan,
    add_symptom,
    import_plans,
    import_symptoms,
    load_notes,
    load_plans,
    load_symptoms,
)
from loadwatch.store.db import (
    Store,
    default_path,
    ensure_schema,
    head_revision,
    open_store,
    resolve_url,
    upgrade,
)
from loadwatch.store.export import export_tables
from loadwatch.store.injuries import import_injuries, load_injuries
from loadwatch.store.profiles import ImportResult, import_growth, import_roster
from loadwatch.store.queries import (
    list_teams,
    list_uploads,
    load_growth,
    load_log,
    load_roster,
    load_sessions,
    load_weekly,
)
from loadwatch.store.settings import save_team_config, team_config
from loadwatch.store.uploads import (
    DeleteResult,
    PreparedUpload,
    UploadResult,
    delete_upload,
    ingest_file,
    prepare_upload,
    store_upload,
)

__all__ = [
    # opening and migrating (docs/store.md)
    "Store", "open_store", "resolve_url", "default_path", "upgrade", "ensure_schema",
    "head_revision",
    # uploads: all-or-nothing, deduplicated
    "ingest_file", "prepare_upload", "store_upload", "UploadResult", "PreparedUpload",
    "delete_upload", "DeleteResult", "list_uploads", "list_teams",
    # coach-facing reads (the engine's own frames)
    "load_sessions", "load_weekly", "load_log", "load_roster", "load_growth",
    # profiles
    "import_roster", "import_growth", "ImportResult",
    # clinical data (therapist role)
    "add_symptom", "import_symptoms", "load_symptoms", "add_plan", "import_plans",
    "load_plans", "add_note", "load_notes", "import_injuries", "load_injuries",
    # team settings, audit, backup, demo
    "team_config", "save_team_config", "audit_events", "record_event", "export_tables",

]
