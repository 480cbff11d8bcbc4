"""Backup and restore (issue 17): a backup restores into an empty database with every row of
every table identical; a non-empty target is refused unless forced; a backup restores only
into its own kind of database; backups are private files. SQLite and PostgreSQL."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from loadwatch.errors import UsageError
from loadwatch.store import add_note, ingest_file, open_store
from loadwatch.store.backup import backup, restore
from loadwatch.store.tables import metadata
from tests.store.support import write_csv


def _rows(url: str) -> dict[str, list[tuple]]:
    """Every table's rows in key order, but the audit log (restore appends to it)."""
    with open_store(url) as store, store.read() as conn:
        return {t.name: [tuple(r) for r in conn.execute(
            sa.select(t).order_by(*t.primary_key.columns)).all()]
            for t in metadata.sorted_tables if t.name != "audit_log"}


def _filled(url: str, tmp_path: Path) -> str:
    with open_store(url) as store:
        ingest_file(store, write_csv(tmp_path / "log.csv", [
            "athlete,date,duration_min,rpe", "Ann Example,2026-03-02,60,5",
            "B2,2026-03-03,45,4"]), "Gym")
        add_note(store, "Ann Example", "private note", team="Gym", date="2026-03-04")
    return url


def test_backup_then_restore_gives_every_row_back(new_url: Callable[[], str],
                                                  tmp_path: Path) -> None:
    source = _filled(new_url(), tmp_path)
    made = backup(source, tmp_path / "store.backup")
    assert stat.S_IMODE((tmp_path / "store.backup").stat().st_mode) == 0o600
    assert made.bytes > 0 and made.tables == len(metadata.tables) + 1  # + alembic_version
    target = new_url()
    restore(made.path, target)
    assert _rows(target) == _rows(source)
    assert "private note" in _rows(target)["clinical_notes"][0]


def test_restore_refuses_a_non_empty_target_unless_forced(new_url: Callable[[], str],
                                                          tmp_path: Path) -> None:
    source = _filled(new_url(), tmp_path)
    made = backup(source, tmp_path / "store.backup")
    target = new_url()
    with open_store(target) as store:
        ingest_file(store, write_csv(tmp_path / "other.csv", ["athlete,date,duration_min,rpe",
                                                              "Z9,2026-01-05,30,3"]), "Other")
    with pytest.raises(UsageError, match="already holds tables; restore into an empty "
                                         "database, or add --force"):
        restore(made.path, target)
    assert [r[1] for r in _rows(target)["teams"]] == ["Other"]
    restore(made.path, target, force=True)
    assert _rows(target) == _rows(source)


def test_a_backup_file_is_never_overwritten_and_kinds_do_not_mix(tmp_path: Path) -> None:
    source = _filled(f"sqlite:///{tmp_path / 'a.db'}", tmp_path)
    made = backup(source, tmp_path / "store.backup")
    with pytest.raises(UsageError, match="already exists; choose a new file"):
        backup(source, made.path)
    with pytest.raises(UsageError, match="is a sqlite backup; it restores only into sqlite"):
        restore(made.path, "postgresql+psycopg://nobody@127.0.0.1:1/none")
    (tmp_path / "junk.bin").write_bytes(b"not a backup")
    with pytest.raises(UsageError, match="is not a loadwatch backup"):
        restore(tmp_path / "junk.bin", f"sqlite:///{tmp_path / 'b.db'}")
