"""Alembic environment of loadwatch's store, run programmatically (see loadwatch.store.db).

The caller passes an open connection in ``config.attributes["connection"]`` (already inside
a locked transaction, which Alembic then uses as is); a URL in ``sqlalchemy.url`` works too,
for developers generating a new revision (docs/store.md).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from loadwatch.store.tables import metadata

config = context.config


def _run(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no connection and no sqlalchemy.url for the migrations")
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            _run(conn)
            conn.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("loadwatch's migrations run online only")
run_migrations_online()
