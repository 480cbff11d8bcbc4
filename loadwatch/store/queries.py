"""Coach-facing reads: sessions, weekly totals, roster, growth, uploads and teams.

Everything here returns the engine's own tables, so anything the engine computes can start
from the store: ``daily_metrics(load_sessions(db))`` equals ``daily_metrics(read_log(f))``
for a file ``f`` holding the union of the uploads. This module never reads the clinical
tables (symptoms, plans, notes live in :mod:`loadwatch.store.clinical`); a test checks its
source and the SQL it sends.

A team filter selects the team's athletes (an athlete belongs to one team, see
:mod:`loadwatch.store.athletes`); without one, every team is read, refused while two teams
use the same athlete id unless ``pseudonymise=True``. Athletes are shown by the id the
coach's files use, or by their pseudonymous code with ``pseudonymise=True``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import numpy as np
import pandas as pd
import sqlalchemy as sa

from loadwatch.errors import LogError
from loadwatch.schema import (
    GROWTH_FIELDS,
    ROSTER_FIELDS,
    SESSION_COLUMNS,
    WEEKLY_INPUT_COLUMNS,
    Col,
)
from loadwatch.store.athletes import require_team
from loadwatch.store.db import StoreOrUrl, opened
from loadwatch.store.frames import (
    dates,
    fetch,
    identity,
    members,
    objects,
    strings,
    typed,
    with_identity,
)
from loadwatch.store.gaps import resolution_rows, with_resolutions
from loadwatch.store.tables import (
    athlete_names,
    athletes,
    coverage,
    growth,
    session_sources,
    sessions,
    teams,
    uploads,
    weekly_sources,
    weekly_totals,
)

_FLOAT_SESSION = (Col.DURATION, Col.RPE, Col.LOAD, Col.EXT_REPS, Col.EXT_MIN, Col.EXT_EXPOSURE,
                  Col.DELIVERIES, Col.JUMPS)
_FLOAT_WEEKLY = (Col.WEEK_MINUTES, Col.WEEK_LOAD, Col.MEAN_RPE, Col.SESSIONS, Col.REST_DAYS,
                 Col.FREE_PLAY, Col.EXT_REPS, Col.EXT_MIN, Col.EXT_EXPOSURE, Col.DELIVERIES,
                 Col.JUMPS)


def since_date(since: dt.date | str | None) -> dt.date | None:
    """A `since` argument as a date (None stays None); LogError for a non-date."""
    if since is None:
        return None
    try:
        return pd.Timestamp(since).date()
    except (ValueError, TypeError):
        raise LogError(f"'{since}' is not a date (use YYYY-MM-DD)") from None


# --- sessions -------------------------------------------------------------------------------


def load_sessions(store_or_url: StoreOrUrl, team: str | None = None,
                  since: dt.date | str | None = None, *, pseudonymise: bool = False,
                  athletes: Collection[str] | None = None) -> pd.DataFrame:
    """The canonical session frame (same columns as :func:`loadwatch.read_log`) of the store,
    or of one team's athletes, from `since` on.

    ``coverage_start`` / ``coverage_end`` come from the uploads' declared periods: each
    upload covers an athlete from their first row in it to the period end; overlapping or
    touching coverage of an athlete is merged, so a session's coverage is the stretch of
    covered days it lies in (spec §3.2). ``team`` is the file's own team column where it had
    one, else the team the upload was made for. Resolved logging gaps
    (:mod:`loadwatch.store.gaps`) are added as one rest or 'not recorded' row per day.
    `athletes` (with a team) keeps only those of its athletes.
    """
    start = since_date(since)
    with opened(store_or_url) as store, store.read() as conn:
        chosen = members(conn, team, pseudonymise, athletes if team else None)
        query = with_identity(
            sa.select(sessions, identity(pseudonymise).label("who"),
                      teams.c.name.label("upload_team")),
            sessions.c.athlete_id, pseudonymise,
        ).join(teams, teams.c.id == sessions.c.team_id)
        spans = sa.select(coverage.c.athlete_id, coverage.c.start_date, coverage.c.end_date)
        if chosen is not None:
            query = query.where(sessions.c.athlete_id.in_(chosen))
            spans = spans.where(coverage.c.athlete_id.in_(chosen))
        if start is not None:
            query = query.where(sessions.c.date >= start)
            spans = spans.where(coverage.c.end_date >= start)
        rows = fetch(conn, query)
        cover = fetch(conn, spans)
        resolved = resolution_rows(conn, chosen, pseudonymise, start)
    return with_resolutions(_session_frame(rows, cover, start), resolved)


def _session_frame(rows: pd.DataFrame, cover: pd.DataFrame, since: dt.date | None
                   ) -> pd.DataFrame:
    out = pd.DataFrame(index=rows.index)
    out[Col.ATHLETE] = strings(rows["who"])
    out[Col.DATE] = dates(rows["date"])
    out[Col.SPORT] = rows["sport"].astype(str)
    out[Col.START_TIME] = strings(rows["start_time"])
    for name in _FLOAT_SESSION:
        out[name] = rows[name].astype("float64")
    out[Col.SESSION_TYPE] = strings(rows["session_type"])
    out[Col.DAY_STATUS] = strings(rows["day_status"], "str")
    out[Col.SPELLS] = objects(rows["spells"])
    out[Col.TEAM] = objects(rows["source_team"].where(rows["source_team"].notna(),
                                                       rows["upload_team"]))
    out[Col.SOURCE_ROW] = rows["source_row"].astype("int64")
    first, last = _assign_coverage(rows["athlete_id"], out[Col.DATE], cover, since)
    out[Col.COVER_START] = first
    out[Col.COVER_END] = last
    order = pd.DataFrame({"a": out[Col.ATHLETE], "d": out[Col.DATE],
                          "t": out[Col.START_TIME], "u": rows["upload_id"],
                          "r": out[Col.SOURCE_ROW]})
    order = order.sort_values(["a", "d", "t", "u", "r"], kind="stable", na_position="first")
    names = list(SESSION_COLUMNS)
    if rows["external_load"].notna().any():  # the export's own load: its channel (issue 13)
        out[Col.EXTERNAL_LOAD] = rows["external_load"].astype("float64")
        out[Col.EXTERNAL_UNIT] = objects(rows["external_unit"])
        names += [Col.EXTERNAL_LOAD, Col.EXTERNAL_UNIT]
    return out.loc[order.index, names].reset_index(drop=True)


def merge_coverage(cover: pd.DataFrame, since: dt.date | None = None) -> pd.DataFrame:
    """Coverage intervals (athlete_id, start_date, end_date) merged per athlete where they
    overlap or touch, clipped to start at `since`: columns athlete_id, start, end."""
    if cover.empty:
        return pd.DataFrame({"athlete_id": pd.Series(dtype="int64"),
                             "start": pd.Series(dtype="datetime64[ns]"),
                             "end": pd.Series(dtype="datetime64[ns]")})
    spans = pd.DataFrame({"athlete_id": cover["athlete_id"].astype("int64"),
                          "start": dates(cover["start_date"]),
                          "end": dates(cover["end_date"])})
    if since is not None:
        spans["start"] = spans["start"].clip(lower=pd.Timestamp(since))
        spans = spans[spans["end"] >= spans["start"]]
    spans = spans.sort_values(["athlete_id", "start"], kind="stable").reset_index(drop=True)
    reach = spans.groupby("athlete_id")["end"].cummax()
    before = reach.groupby(spans["athlete_id"]).shift()
    fresh = before.isna() | (spans["start"] > before + pd.Timedelta(days=1))
    group = fresh.cumsum()
    return spans.groupby(group).agg(athlete_id=("athlete_id", "first"), start=("start", "min"),
                                    end=("end", "max")).reset_index(drop=True)


def _assign_coverage(athlete_id: pd.Series, dates: pd.Series, cover: pd.DataFrame,
                     since: dt.date | None) -> tuple[pd.Series, pd.Series]:
    """Each session's merged coverage interval (a session outside every interval — not
    produced by uploads — covers its own day only)."""
    merged = merge_coverage(cover, since).sort_values("start", kind="stable")
    left = pd.DataFrame({"athlete_id": athlete_id.astype("int64"), "date": dates,
                         "row": np.arange(len(dates))}).sort_values("date", kind="stable")
    if len(left) and len(merged):
        found = pd.merge_asof(left, merged, left_on="date", right_on="start", by="athlete_id",
                              direction="backward")
    else:
        found = left.assign(start=pd.NaT, end=pd.NaT)
    found = found.sort_values("row")
    inside = found["end"].ge(found["date"]).fillna(False).to_numpy(bool)
    first = np.where(inside, found["start"], found["date"]).astype("datetime64[ns]")
    last = np.where(inside, found["end"], found["date"]).astype("datetime64[ns]")
    return (pd.Series(first, index=dates.index, dtype="datetime64[ns]"),
            pd.Series(last, index=dates.index, dtype="datetime64[ns]"))


# --- weekly totals ----------------------------------------------------------------------------


def load_weekly(store_or_url: StoreOrUrl, team: str | None = None,
                since: dt.date | str | None = None, *, pseudonymise: bool = False,
                athletes: Collection[str] | None = None) -> pd.DataFrame:
    """The weekly-totals frame (same columns as :func:`loadwatch.read_log` gives for a
    weekly log) of the store or one team's athletes, weeks starting on or after `since`'s
    Monday. A week without a row is missing (spec §1.2)."""
    start = since_date(since)
    with opened(store_or_url) as store, store.read() as conn:
        chosen = members(conn, team, pseudonymise, athletes if team else None)
        query = with_identity(
            sa.select(weekly_totals, identity(pseudonymise).label("who"),
                      teams.c.name.label("upload_team")),
            weekly_totals.c.athlete_id, pseudonymise,
        ).join(teams, teams.c.id == weekly_totals.c.team_id)
        if chosen is not None:
            query = query.where(weekly_totals.c.athlete_id.in_(chosen))
        if start is not None:
            monday = start - dt.timedelta(days=start.weekday())
            query = query.where(weekly_totals.c.week_start >= monday)
        rows = fetch(conn, query)
    out = pd.DataFrame(index=rows.index)
    out[Col.ATHLETE] = strings(rows["who"])
    out[Col.WEEK] = dates(rows["week_start"])
    out[Col.SPORT] = rows["sport"].astype(str)
    for name in _FLOAT_WEEKLY:
        out[name] = rows[name].astype("float64")
    out[Col.LOAD_APPROX] = rows["load_approximate"].astype(bool)
    out[Col.TEAM] = objects(rows["source_team"].where(rows["source_team"].notna(),
                                                       rows["upload_team"]))
    out[Col.SOURCE_ROW] = rows["source_row"].astype("int64")
    out = out.sort_values([Col.ATHLETE, Col.WEEK], kind="stable")
    return out[list(WEEKLY_INPUT_COLUMNS)].reset_index(drop=True)


def load_log(store_or_url: StoreOrUrl, team: str | None = None,
             since: dt.date | str | None = None, *, pseudonymise: bool = False,
             athletes: Collection[str] | None = None) -> pd.DataFrame:
    """Sessions or weekly totals, whichever the selected athletes have (LogError if the
    selection holds both kinds, or nothing): what ``loadwatch metrics --db`` analyses.
    `athletes` (with a team) keeps only those of the team's athletes."""
    with opened(store_or_url) as store:
        frames = [load_sessions(store, team, since, pseudonymise=pseudonymise,
                                athletes=athletes),
                  load_weekly(store, team, since, pseudonymise=pseudonymise,
                              athletes=athletes)]
    present = [f for f in frames if not f.empty]
    where = f"team '{team}'" if team else "the store"
    if not present:
        raise LogError(f"{where} holds no sessions or weekly totals"
                       + (f" since {since}" if since else "") + " (upload a log first)")
    if len(present) > 1:
        raise LogError(f"{where} holds both session logs and weekly totals; choose a team "
                       "(--team NAME) that logs one kind")
    units = sorted(present[0].get(Col.EXTERNAL_UNIT, pd.Series(dtype=object)).dropna().unique())
    if len(units) > 1:
        raise LogError(f"{where} holds external loads in {len(units)} units "
                       f"({', '.join(map(str, units))}), never one series; choose a team "
                       "(--team NAME) that logs one unit")
    return present[0]


# --- profiles and growth -------------------------------------------------------------------


def load_roster(store_or_url: StoreOrUrl, team: str | None = None, *,
                pseudonymise: bool = False) -> pd.DataFrame:
    """Athlete profiles (the roster's columns, spec §1.3) of athletes a roster described."""
    profile = [athletes.c[f.name] for f in ROSTER_FIELDS if f.name != Col.ATHLETE]
    with opened(store_or_url) as store, store.read() as conn:
        chosen = members(conn, team, pseudonymise)
        query = sa.select(identity(pseudonymise).label(Col.ATHLETE), *profile) \
            .select_from(athletes).where(athletes.c.roster_updated_at.is_not(None))
        if not pseudonymise:
            query = query.join(athlete_names, athlete_names.c.athlete_id == athletes.c.id)
        if chosen is not None:
            query = query.where(athletes.c.id.in_(chosen))
        rows = fetch(conn, query)
    return typed(rows, ROSTER_FIELDS).sort_values(Col.ATHLETE, kind="stable") \
        .reset_index(drop=True)


def load_growth(store_or_url: StoreOrUrl, team: str | None = None, *,
                pseudonymise: bool = False) -> pd.DataFrame:
    """Growth measurements (athlete, date, height, sitting height, mass), by athlete and date."""
    with opened(store_or_url) as store, store.read() as conn:
        chosen = members(conn, team, pseudonymise)
        query = with_identity(
            sa.select(identity(pseudonymise).label(Col.ATHLETE), growth.c.date,
                      growth.c.height_cm, growth.c.sitting_height_cm, growth.c.mass_kg),
            growth.c.athlete_id, pseudonymise)
        if chosen is not None:
            query = query.where(growth.c.athlete_id.in_(chosen))
        rows = fetch(conn, query)
    return typed(rows, GROWTH_FIELDS).sort_values([Col.ATHLETE, Col.DATE], kind="stable") \
        .reset_index(drop=True)


# --- uploads and teams ------------------------------------------------------------------------


def has_rows(store_or_url: StoreOrUrl, team: str, athletes: Collection[str]) -> bool:
    """True when some of the team's `athletes` have sessions or weekly totals stored."""
    with opened(store_or_url) as store, store.read() as conn:
        chosen = members(conn, team, False, athletes)
        assert chosen is not None  # a team is named
        found = [conn.execute(sa.select(table.c.id).where(
            table.c.athlete_id.in_(chosen)).limit(1)).first() for table in (sessions,
                                                                          weekly_totals)]
    return any(row is not None for row in found)


def upload_athletes(store_or_url: StoreOrUrl, upload_id: int) -> set[str]:
    """Ids (as written) of the athletes an upload covers or holds rows of: whose log it
    changed when stored, and changes again when undone."""
    ids = sa.union(
        sa.select(coverage.c.athlete_id).where(coverage.c.upload_id == upload_id),
        sa.select(sessions.c.athlete_id).where(sessions.c.upload_id == upload_id),
        sa.select(sessions.c.athlete_id).join(
            session_sources, session_sources.c.session_id == sessions.c.id).where(
            session_sources.c.upload_id == upload_id),
        sa.select(weekly_totals.c.athlete_id).where(weekly_totals.c.upload_id == upload_id),
        sa.select(weekly_totals.c.athlete_id).join(
            weekly_sources, weekly_sources.c.weekly_id == weekly_totals.c.id).where(
            weekly_sources.c.upload_id == upload_id),
    ).subquery()
    with opened(store_or_url) as store, store.read() as conn:
        labels = conn.execute(sa.select(athlete_names.c.label).where(
            athlete_names.c.athlete_id.in_(sa.select(ids.c.athlete_id)))).scalars()
        return {str(label) for label in labels}


def list_uploads(store_or_url: StoreOrUrl, team: str | None = None) -> pd.DataFrame:
    """Every upload, oldest first, with its counts at upload time and `held`: how many
    sessions (or weeks) it holds now, including ones other uploads also contain."""
    held = sa.union_all(
        sa.select(session_sources.c.upload_id.label("upload_id")),
        sa.select(weekly_sources.c.upload_id.label("upload_id")),
    ).subquery()
    counts = sa.select(held.c.upload_id, sa.func.count().label("held")) \
        .group_by(held.c.upload_id).subquery()
    query = (
        sa.select(uploads.c.id, teams.c.name.label("team"), uploads.c.kind,
                  uploads.c.uploaded_at, uploads.c.uploaded_by, uploads.c.file_name,
                  uploads.c.period_start, uploads.c.period_end, uploads.c.rows_in_file,
                  uploads.c.rows_added, uploads.c.rows_duplicate, uploads.c.rows_rejected,
                  uploads.c.rows_conflicting, uploads.c.rows_replaced,
                  sa.func.coalesce(counts.c.held, 0).label("held"), uploads.c.file_sha256)
        .join(teams, teams.c.id == uploads.c.team_id)
        .outerjoin(counts, counts.c.upload_id == uploads.c.id)
        .order_by(uploads.c.id)
    )
    with opened(store_or_url) as store, store.read() as conn:
        if team is not None:
            query = query.where(uploads.c.team_id == require_team(conn, team))
        return fetch(conn, query)


def list_teams(store_or_url: StoreOrUrl) -> pd.DataFrame:
    """Teams with their number of athletes and uploads."""
    n_athletes = sa.select(sa.func.count()).where(athletes.c.team_id == teams.c.id) \
        .scalar_subquery()
    n_uploads = sa.select(sa.func.count()).where(uploads.c.team_id == teams.c.id) \
        .scalar_subquery()
    query = sa.select(teams.c.id, teams.c.name, n_athletes.label("athletes"),
                      n_uploads.label("uploads")).order_by(teams.c.name)
    with opened(store_or_url) as store, store.read() as conn:
        return fetch(conn, query)
