"""Where the store lives, how it is opened, and how its schema is kept current.

The database is chosen by ``--db URL`` (any SQLAlchemy URL, or a plain file path meaning
SQLite), else the ``LOADWATCH_DB`` environment variable, else SQLite at
``var/loadwatch.db`` when run from a loadwatch checkout that has a ``var/`` folder (the
dashboard's database under ``make run``, so that the CLI and the dashboard share it), else
``$XDG_DATA_HOME/loadwatch/loadwatch.db`` (``~/.local/share/loadwatch/loadwatch.db``).
``loadwatch db which`` prints the choice and why.

SQLite runs in WAL mode with foreign keys on and a 30-second busy timeout, and every write
transaction starts with ``BEGIN IMMEDIATE``; on PostgreSQL a write transaction takes a
transaction-level advisory lock. Either way writes are serialised: two uploads from two
processes run one after the other, each seeing everything the other committed.

Migrations are Alembic scripts shipped in ``migrations/``; they run with a configuration
built here, no ``alembic.ini`` needed. Opening an empty database creates the schema; a
database at an older revision is refused until ``loadwatch db upgrade`` is run.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

import sqlalchemy as sa
from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.pool import StaticPool

from loadwatch.errors import UsageError
from loadwatch.store.tables import metadata

ENV_VAR: Final = "LOADWATCH_DB"
MIGRATIONS: Final = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_S: Final = 30
_WRITE: Final = "loadwatch_write"
_LOCK_NAME: Final = "loadwatch.store"


def checkout_folder(folder: Path | None = None) -> Path | None:
    """The current folder when it is a loadwatch checkout with a ``var/`` folder (its
    pyproject.toml names the project loadwatch), else None (issue 15 item 7)."""
    here = folder or Path.cwd()
    project = here / "pyproject.toml"
    if not (here / "var").is_dir() or not project.is_file():
        return None
    head = project.read_text(errors="replace")[:4000]
    return here if re.search(r'^name\s*=\s*"loadwatch"\s*$', head, re.MULTILINE) else None


def default_path() -> Path:
    """Default SQLite file: the checkout's ``var/loadwatch.db`` when run from a checkout
    (see :func:`checkout_folder`), else ``$XDG_DATA_HOME/loadwatch/loadwatch.db``."""
    checkout = checkout_folder()
    if checkout is not None:
        return checkout / "var" / "loadwatch.db"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "loadwatch" / "loadwatch.db"


def resolve_url(url: str | None = None) -> str:
    """The database URL to use: ``url`` > ``$LOADWATCH_DB`` > the default SQLite file.

    A value without ``://`` is a file path and means SQLite."""
    chosen = url or os.environ.get(ENV_VAR) or None
    if chosen is None:
        path = default_path()
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        return f"sqlite:///{path}"
    if "://" not in chosen:
        return f"sqlite:///{Path(chosen).expanduser().resolve()}"
    return chosen


def describe(url: str | URL) -> str:
    """The URL with any password masked (for messages)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "<invalid database URL>"


def now() -> dt.datetime:
    """Current time in UTC (every timestamp in the store is UTC)."""
    return dt.datetime.now(dt.UTC)


class Store:
    """An open store: an engine plus the transaction helpers every module uses."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def url(self) -> str:
        """The database URL, password masked."""
        return describe(self.engine.url)

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One serialised write transaction: committed at the end, rolled back on error."""
        with self.engine.connect() as conn:
            conn.execution_options(**{_WRITE: True})
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(sa.text(
                        "SELECT pg_advisory_xact_lock(hashtext(current_schema() || :name))"
                    ), {"name": _LOCK_NAME})
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction with one consistent snapshot of the database."""
        with self.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    memory = database in ("", ":memory:") or database.startswith("file::memory:")
    kwargs: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT_S}}
    if memory:
        kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        path = Path(database)
        if not path.parent.is_dir():
            raise UsageError(f"cannot create the database {path}: folder {path.parent} "
                             "does not exist")
        if not path.exists():
            # health data of minors: the file is readable by its owner only
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    engine = sa.create_engine(url, **kwargs)

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see _begin)
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not memory:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def create_engine(url: str | None = None) -> Engine:
    """An engine for the resolved URL, configured for concurrent use (see module doc)."""
    resolved = resolve_url(url)
    try:
        parsed = make_url(resolved)
        if parsed.get_backend_name() == "sqlite":
            return _sqlite_engine(parsed)
        return sa.create_engine(parsed, pool_pre_ping=True)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as exc:
        raise UsageError(f"'{describe(resolved)}' is not a database URL loadwatch can use "
                         f"({exc.__class__.__name__}); e.g. sqlite:///path/to/file.db or "
                         "postgresql+psycopg://user@host/dbname") from None


# --- migrations ---------------------------------------------------------------------------


def alembic_config(connection: Connection | None = None, url: str | None = None
                   ) -> AlembicConfig:
    """An Alembic configuration built in code (no alembic.ini): the packaged scripts, and
    either an open connection (used as is, inside its transaction) or a URL."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest migration shipped with this loadwatch."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(conn: Connection) -> str | None:
    """The database's migration revision (None for a database loadwatch has not set up)."""
    return MigrationContext.configure(conn).get_current_revision()


def _known_revisions() -> set[str]:
    scripts = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in scripts.walk_revisions()}


def _upgrade_locked(conn: Connection) -> tuple[str | None, str]:
    before = current_revision(conn)
    if before is None:
        ours = set(metadata.tables) & set(sa.inspect(conn).get_table_names())
        if ours:
            raise UsageError(
                f"the database has loadwatch tables ({', '.join(sorted(ours)[:3])}, …) but "
                "no migration record; refusing to touch it")
    elif before not in _known_revisions():
        raise UsageError(f"the database is at revision {before}, made by a newer loadwatch; "
                         "upgrade loadwatch")
    head = head_revision()
    if before != head:
        command.upgrade(alembic_config(conn), "head")
    return before, head


def upgrade(store: Store) -> tuple[str | None, str]:
    """Run the migrations up to head in one locked transaction; returns (before, after)."""
    with store.write() as conn:
        return _upgrade_locked(conn)


def ensure_schema(store: Store) -> None:
    """Create the schema in an empty database; refuse one at an older or unknown revision."""
    head = head_revision()
    with store.read() as conn:
        if current_revision(conn) == head:
            return
    with store.write() as conn:
        current = current_revision(conn)
        if current == head:
            return  # another process set it up meanwhile
        if current is None:
            _upgrade_locked(conn)
            return
    if current in _known_revisions():
        raise UsageError(f"the database {store.url} is at revision {current}; this loadwatch "
                         f"needs {head}: back it up (loadwatch export), then run "
                         "'loadwatch db upgrade'")
    raise UsageError(f"the database {store.url} is at revision {current}, made by a newer "
                     "loadwatch; upgrade loadwatch")


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """Open the store (``url`` > ``$LOADWATCH_DB`` > default SQLite file).

    An empty database gets the schema; with ``migrate=False`` nothing is checked (used by
    ``loadwatch db upgrade``). Raises UsageError when the database cannot be opened.
    """
    engine = create_engine(url)
    store = Store(engine)
    try:
        if migrate:
            ensure_schema(store)
        else:
            with engine.connect():
                pass
    except sa.exc.OperationalError as exc:
        store.close()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise UsageError(f"cannot open the database {describe(engine.url)}: {reason}") from None
    except BaseException:
        store.close()
        raise
    return store


StoreOrUrl = Store | str | None


@contextmanager
def opened(store_or_url: StoreOrUrl) -> Iterator[Store]:
    """Use an open store as is, or open (and afterwards close) the one a URL names."""
    if isinstance(store_or_url, Store):
        yield store_or_url
        return
    store = open_store(store_or_url)
    try:
        yield store
    finally:
        store.close()
