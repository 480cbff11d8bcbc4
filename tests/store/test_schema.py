"""The database: migrations from empty to head (an `alembic check`), refusal of databases
the code does not know, the append-only audit log, and where the default database lives."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from loadwatch.errors import UsageError
from loadwatch.store import Store, default_path, head_revision, open_store, resolve_url, upgrade
from loadwatch.store.audit import record
from loadwatch.store.db import alembic_config, current_revision
from loadwatch.store.tables import audit_log, metadata

TABLES = {
    "teams", "team_settings", "athletes", "athlete_names", "uploads",
    "coverage", "sessions", "session_sources", "weekly_totals", "weekly_sources", "growth",
    "symptom_checkins", "clinician_plans", "clinical_notes", "injuries", "team_models", "users",
    "user_teams", "gap_resolutions", "saved_mappings",
    "user_sessions", "sign_in_failures", "installation_secret",
    "athlete_links", "self_sessions", "back_checks", "guardian_consents", "alerts",
    "replaced_rows",
    "injury_episodes", "treatment_log", "return_plans", "return_stages",
    "audit_log",
}


def _schema_diff(store: Store) -> list[object]:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))


def test_an_empty_database_is_migrated_to_head_and_matches_the_tables(db_url: str) -> None:
    with open_store(db_url, migrate=False) as store:
        with store.engine.connect() as conn:
            assert sa.inspect(conn).get_table_names() == []
        assert upgrade(store) == (None, head_revision())
        assert upgrade(store) == (head_revision(), head_revision())
        with store.engine.connect() as conn:
            inspector = sa.inspect(conn)
            assert set(inspector.get_table_names()) == TABLES | {"alembic_version"}
            assert set(metadata.tables) == TABLES
            for name, table in metadata.tables.items():
                assert [c["name"] for c in inspector.get_columns(name)] == \
                    [c.name for c in table.columns], name
            assert current_revision(conn) == head_revision() == "0011"
        assert _schema_diff(store) == []  # what `alembic check` verifies


def test_opening_an_empty_database_creates_the_schema(store: Store) -> None:
    assert _schema_diff(store) == []
    with store.read() as conn:
        assert current_revision(conn) == head_revision()


def test_the_migration_goes_down_to_empty_and_up_again(store: Store) -> None:
    with store.write() as conn:
        command.downgrade(alembic_config(conn), "base")
    with store.engine.connect() as conn:
        assert sa.inspect(conn).get_table_names() == ["alembic_version"]
    assert upgrade(store) == (None, "0011")
    assert _schema_diff(store) == []


def test_a_database_of_the_first_release_is_refused_until_upgraded_and_keeps_its_data(
        db_url: str) -> None:
    with open_store(db_url, migrate=False) as store, store.write() as conn:
        command.upgrade(alembic_config(conn), "0001")
    with pytest.raises(UsageError, match="at revision 0001; this loadwatch needs 0011: back it "
                                         "up \\(loadwatch export\\), then run 'loadwatch db "
                                         "upgrade'"):
        open_store(db_url)
    with open_store(db_url, migrate=False) as store:
        with store.write() as conn:
            conn.execute(sa.insert(metadata.tables["teams"]).values(
                name="Club", created_at=sa.func.now()))
        assert upgrade(store) == ("0001", "0011")
        assert _schema_diff(store) == []
        with store.read() as conn:
            assert conn.execute(sa.select(metadata.tables["teams"].c.name)).scalars().all() \
                == ["Club"]
            assert {"injuries", "team_models"} <= set(sa.inspect(conn).get_table_names())


def test_a_database_from_a_newer_loadwatch_is_refused(db_url: str) -> None:
    with open_store(db_url) as store, store.write() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(UsageError, match="at revision 9999, made by a newer loadwatch"):
        open_store(db_url)


def test_loadwatch_tables_without_a_migration_record_are_left_alone(db_url: str) -> None:
    engine = sa.create_engine(db_url)
    metadata.tables["teams"].create(engine)
    engine.dispose()
    with pytest.raises(UsageError, match="loadwatch tables \\(teams, …\\) but no migration"):
        open_store(db_url)


def test_the_audit_log_is_append_only(store: Store) -> None:
    with store.write() as conn:
        record(conn, "coach", "upload.add", "upload", 1, "added=3")
    for statement in (sa.update(audit_log).values(actor="someone else"), sa.delete(audit_log)):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), store.write() as conn:
            conn.execute(statement)
    with store.read() as conn:
        rows = conn.execute(sa.select(audit_log.c.actor, audit_log.c.detail)).all()
    assert rows == [("coach", "added=3")]


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(sa.exc.IntegrityError), store.write() as conn:
        conn.execute(sa.insert(metadata.tables["athlete_names"]).values(athlete_id=7,
                                                                       team_id=9, label="x"))


# --- SQLite specifics and where the database lives ------------------------------------------


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "lw.db"
    with open_store(f"sqlite:///{path}") as store, store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_default_database_respects_xdg_data_home(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOADWATCH_DB", raising=False)
    monkeypatch.chdir(tmp_path)  # not a checkout (there, var/loadwatch.db is the default)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_path() == tmp_path / "data" / "loadwatch" / "loadwatch.db"
    assert resolve_url() == f"sqlite:///{tmp_path}/data/loadwatch/loadwatch.db"
    assert stat.S_IMODE((tmp_path / "data" / "loadwatch").stat().st_mode) == 0o700
    with open_store() as store:
        assert store.url == f"sqlite:///{tmp_path}/data/loadwatch/loadwatch.db"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_path() == tmp_path / "home" / ".local" / "share" / "loadwatch" / \
        "loadwatch.db"


def test_db_option_beats_the_environment_which_beats_the_default(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOADWATCH_DB", f"sqlite:///{tmp_path}/env.db")
    assert resolve_url() == f"sqlite:///{tmp_path}/env.db"
    assert resolve_url(f"sqlite:///{tmp_path}/opt.db") == f"sqlite:///{tmp_path}/opt.db"
    assert resolve_url(str(tmp_path / "plain.db")) == f"sqlite:///{tmp_path}/plain.db"


@pytest.mark.parametrize(("url", "message"), [
    ("nosuchdriver://x/y", "not a database URL loadwatch can use"),
    ("sqlite:////no/such/folder/lw.db", "folder /no/such/folder does not exist"),
    ("postgresql+psycopg://nobody:secret@127.0.0.1:9/x",
     "cannot open the database postgresql\\+psycopg://nobody:\\*\\*\\*@127.0.0.1:9/x"),
])
def test_a_database_that_cannot_be_opened_is_a_clear_error(url: str, message: str) -> None:
    with pytest.raises(UsageError, match=message) as err:
        open_store(url)
    assert "secret" not in str(err.value)
