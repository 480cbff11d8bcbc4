"""Backup and restore of the whole store (issue 17): a byte-for-byte round trip.

SQLite is copied with its online backup API (a consistent copy while others keep writing);
PostgreSQL with ``pg_dump --format=custom``, limited to the schema the URL's ``search_path``
names when it names one; restore turns the archive into SQL with ``pg_restore``, renames its
schema to the target's when they differ, and runs it with ``psql`` in one transaction. The
file says which it is (SQLite files begin ``SQLite format 3``, pg_dump's ``PGDMP``); a backup
restores only into the same kind of database. Restore refuses a target that already holds
tables unless ``force`` is given (then the target is replaced). Backup files are readable by
their owner only (health data of minors). Backup and restore are audited in the store they
read or write.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from loadwatch.errors import UsageError
from loadwatch.store import audit
from loadwatch.store.db import describe, open_store, resolve_url

SQLITE_MAGIC: Final = b"SQLite format 3\x00"
PG_MAGIC: Final = b"PGDMP"


@dataclass(frozen=True)
class BackupResult:
    """What was written or restored."""

    path: Path
    kind: str      # 'sqlite' | 'postgresql'
    tables: int
    bytes: int

    @property
    def message(self) -> str:
        """One line for the terminal."""
        return f"{self.kind} backup {self.path}: {self.tables} table(s), {self.bytes:,} bytes"


def _url(url: str | None) -> URL:
    return make_url(resolve_url(url))


def _libpq(url: URL) -> tuple[str, list[str]]:
    """A libpq connection string for pg_dump/pg_restore and the schema options it needs."""
    query = dict(url.query)
    options = str(query.pop("options", ""))
    schema = options.split("search_path=", 1)[1].split()[0] if "search_path=" in options \
        else None
    plain = url.set(drivername="postgresql", query=query)
    return plain.render_as_string(hide_password=False), (["--schema", schema] if schema else [])


def _table_count(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return len(sa.inspect(conn).get_table_names())
    finally:
        engine.dispose()


def _run(command: list[str], what: str) -> None:
    tool = shutil.which(command[0])
    if tool is None:
        raise UsageError(f"{command[0]} is not installed; it is needed to {what} PostgreSQL")
    done = subprocess.run([tool, *command[1:]], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["failed"])[-1]
        raise UsageError(f"{command[0]} could not {what} the database: {reason}")


def _private(path: Path) -> None:
    path.touch(mode=0o600)
    path.chmod(0o600)


def backup(url: str | None, out: str | Path, *, by: str = "cli") -> BackupResult:
    """Write a backup of the store at `url` to `out` (a new file)."""
    target = Path(out)
    if target.exists():
        raise UsageError(f"{target} already exists; choose a new file for the backup")
    if not target.parent.is_dir():
        raise UsageError(f"the folder {target.parent} does not exist")
    parsed = _url(url)
    with open_store(parsed.render_as_string(hide_password=False)) as store:
        tables = _table_count(parsed.render_as_string(hide_password=False))
        with store.write() as conn:  # audited in the copy too: it says when it was made
            audit.record(conn, by, "backup", "store", None, f"tables={tables}")
        _private(target)
        if store.dialect == "sqlite":
            source = sqlite3.connect(parsed.database or "")
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)
            finally:
                copy.close()
                source.close()
        else:
            conninfo, schema = _libpq(parsed)
            _run(["pg_dump", "--format=custom", "--no-owner", *schema, "--file", str(target),
                  "--dbname", conninfo], "back up")
    return BackupResult(target, parsed.get_backend_name(), tables, target.stat().st_size)


def _kind_of(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise UsageError(f"{path} is not a loadwatch backup (neither SQLite nor pg_dump)")


def restore(path: str | Path, url: str, *, force: bool = False, by: str = "cli"
            ) -> BackupResult:
    """Restore a backup into the database at `url`; refuses a target with tables unless
    `force` (which replaces what the target holds)."""
    source = Path(path)
    if not source.is_file():
        raise UsageError(f"no backup file {source}")
    kind = _kind_of(source)
    parsed = _url(url)
    if parsed.get_backend_name() != kind:
        raise UsageError(f"{source} is a {kind} backup; it restores only into {kind}, not "
                         f"{describe(parsed)}")
    plain = parsed.render_as_string(hide_password=False)
    if kind == "sqlite":
        database = Path(parsed.database or "")
        if not database.parent.is_dir():
            raise UsageError(f"the folder {database.parent} does not exist")
        if database.exists() and _table_count(plain) and not force:
            raise _not_empty(parsed)
        if not database.exists():
            os.close(os.open(database, os.O_CREAT | os.O_WRONLY, 0o600))
        backup_db = sqlite3.connect(source)
        into = sqlite3.connect(database)
        try:
            backup_db.backup(into)
        finally:
            into.close()
            backup_db.close()
    else:
        if _table_count(plain) and not force:
            raise _not_empty(parsed)
        _pg_restore(source, parsed, force)
    with open_store(plain) as store, store.write() as conn:
        audit.record(conn, by, "restore", "store", None, f"from={source.name} force={force}")
    return BackupResult(source, kind, _table_count(plain), source.stat().st_size)


def _pg_restore(source: Path, url: URL, force: bool) -> None:
    """pg_restore into the URL's schema: the archive's SQL, its schema renamed to the
    target's when they differ (a backup of one schema restores into another), run by psql
    in one transaction; with `force` the target schema is emptied first."""
    conninfo, schema = _libpq(url)
    target = schema[1] if schema else "public"
    tool = shutil.which("pg_restore")
    if tool is None:
        raise UsageError("pg_restore is not installed; it is needed to restore into PostgreSQL")
    done = subprocess.run([tool, "--no-owner", "--file", "-", str(source)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise UsageError(f"pg_restore could not read {source}: "
                         f"{(done.stderr.strip().splitlines() or ['failed'])[-1]}")
    sql = done.stdout
    found = re.search(r"^CREATE SCHEMA (\S+);$", sql, re.MULTILINE)
    origin = found.group(1) if found else "public"
    if found:
        sql = sql.replace(found.group(0), "")
    if origin != target:
        sql = re.sub(rf"(?<![\w]){re.escape(origin)}\.", f"{target}.", sql)
    if force:
        sql = f'DROP SCHEMA IF EXISTS "{target}" CASCADE;\nCREATE SCHEMA "{target}";\n' + sql
    psql = shutil.which("psql")
    if psql is None:
        raise UsageError("psql is not installed; it is needed to restore into PostgreSQL")
    ran = subprocess.run([psql, "--quiet", "--no-psqlrc", "--single-transaction",
                          "-v", "ON_ERROR_STOP=1", "--dbname", conninfo, "--file", "-"],
                         input=sql, capture_output=True, text=True, check=False)
    if ran.returncode != 0:
        reason = (ran.stderr.strip().splitlines() or ["failed"])[-1]
        raise UsageError(f"psql could not restore into the database: {reason}")


def _not_empty(url: URL) -> UsageError:
    return UsageError(f"{describe(url)} already holds tables; restore into an empty database, "
                      "or add --force to replace what it holds")
