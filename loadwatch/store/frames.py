"""Shared helpers of the read modules: team selection, athlete identity, typed frames.

Used by both the coach-facing queries and the clinical module; refers to no clinical table.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from loadwatch.errors import LogError
from loadwatch.schema import Field
from loadwatch.store.athletes import require_team
from loadwatch.store.tables import athlete_names, athletes

_KIND_DTYPE = {"date": "datetime64[ns]", "number": "float64", "duration": "float64",
               "bool": "boolean"}


def members(conn: Connection, team: str | None, pseudonymise: bool = False,
            only: Collection[str] | None = None) -> sa.Select | None:
    """Ids of the team's athletes (None: every athlete), or of those of them whose id as
    written is in `only`; LogError for an unknown team.

    Reading every team by label is refused while two teams use the same label (the rows of
    two children would carry one id): name a team, or pseudonymise (codes are unique)."""
    if team is None:
        if not pseudonymise:
            _labels_unambiguous(conn)
        return None
    team_id = require_team(conn, team)
    query = sa.select(athletes.c.id).where(athletes.c.team_id == team_id)
    if only is not None:
        query = query.where(athletes.c.id.in_(sa.select(athlete_names.c.athlete_id).where(
            athlete_names.c.label.in_(sorted(map(str, only))))))
    return query


def _labels_unambiguous(conn: Connection) -> None:
    shared = sa.select(athlete_names.c.label).group_by(athlete_names.c.label) \
        .having(sa.func.count() > 1).subquery()
    n = conn.execute(sa.select(sa.func.count()).select_from(shared)).scalar_one()
    if n:
        raise LogError(f"{n} athlete id(s) are used by several teams; choose a team "
                       "(--team NAME) or pseudonymise, so that two children are never merged")


def identity(pseudonymise: bool) -> sa.ColumnElement[Any]:
    """The athlete column shown: the coach's id (label), or the pseudonymous code."""
    return athletes.c.code if pseudonymise else athlete_names.c.label


def with_identity(query: sa.Select, athlete_column: sa.Column, pseudonymise: bool
                  ) -> sa.Select:
    """Join what :func:`identity` needs (athlete_names only when names are shown)."""
    query = query.join(athletes, athletes.c.id == athlete_column)
    if not pseudonymise:
        query = query.join(athlete_names, athlete_names.c.athlete_id == athletes.c.id)
    return query


def fetch(conn: Connection, query: sa.Select) -> pd.DataFrame:
    """Run a query; its rows as a frame (with the columns even when there are no rows)."""
    result = conn.execute(query)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def dates(values: pd.Series) -> pd.Series:
    """Dates from the database as datetime64[ns] (NaT for missing)."""
    return pd.to_datetime(values.astype(object)).astype("datetime64[ns]")


def strings(values: pd.Series, dtype: str = "string") -> pd.Series:
    """Text with missing values as the dtype's missing marker."""
    return values.astype(object).where(values.notna(), None).astype(dtype)


def objects(values: pd.Series) -> pd.Series:
    """An object column with pd.NA for missing (as ingest gives for free-text columns)."""
    return values.astype(object).where(values.notna(), pd.NA)


def typed(rows: pd.DataFrame, fields: tuple[Field, ...]) -> pd.DataFrame:
    """The fields' columns with the dtypes the engine's table readers give them."""
    out = pd.DataFrame(index=rows.index)
    for fld in fields:
        values = rows[fld.name]
        dtype = _KIND_DTYPE.get(fld.kind, "string")
        if dtype.startswith("datetime"):
            out[fld.name] = dates(values)
        elif dtype == "boolean":
            out[fld.name] = values.astype(object).where(values.notna(), None).astype("boolean")
        elif dtype == "float64":
            out[fld.name] = values.astype("float64")
        else:
            out[fld.name] = strings(values)
    return out
