"""Uploads: a coach's log validated in full, then stored in one transaction.

An upload is all or nothing. The file goes through the engine's own ingest
(:func:`loadwatch.parse_log`); any invalid row refuses it unless the caller skips invalid
rows explicitly. Then, inside one serialised write transaction, the store

1. treats the same file again (same SHA-256 for the same team) as a no-op that says so,
   unless ``replace_period`` asks for it to be applied again;
2. with ``replace_period``, deletes the team's stored sessions of the file's athletes inside
   the declared period (and trims older coverage there) — explicit and reported, kept for
   undo (:mod:`loadwatch.store.history`); each athlete's coverage then starts where the
   replaced coverage started, so the history before the period stays joined to it and the
   ratios equal those of one file holding everything;
3. without ``replace_period``, refuses a file whose rows match stored sessions by
   athlete, date and sport but differ (a probable correction, :mod:`.corrections`) unless
   ``add_as_new`` says they are extra sessions; then adds only sessions whose identity
   (``session_key``, below) is new for the athlete and team, and links every row of the
   file to its stored session (``session_sources``);
4. records the upload's coverage per athlete: from the athlete's first row in the file (or
   the period start with ``whole_period``) to the period end (spec §3.2).

Session identity: athlete, date, sport (case and punctuation folded), start time (when
given), duration, RPE and load (4 decimals), day-status marker, and the occurrence number
of identical rows in one file (so a file with two identical rows stores two sessions, as the
engine counts both, spec §2.1, and the same file re-exported stores no third).

Deleting (undoing) an upload removes exactly the sessions no other upload holds; sessions
another upload also contained stay, now attributed to it; what it replaced comes back; and
athletes left with no data are removed, names included. So the store's content depends only
on which uploads it holds, never on their order. Upload ids are never reused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from loadwatch.config import Config
from loadwatch.errors import LogError, Problem, UsageError
from loadwatch.ingest.limits import Limits
from loadwatch.ingest.log import ParsedLog, parse_log
from loadwatch.ingest.readers import read_table
from loadwatch.schema import Channel, Col, normalise_word
from loadwatch.store import audit, history
from loadwatch.store.athletes import clean_team, ensure_athletes, ensure_team, find_team, lookup
from loadwatch.store.corrections import describe, matched_sessions
from loadwatch.store.db import StoreOrUrl, now, opened
from loadwatch.store.tables import (
    coverage,
    session_sources,
    sessions,
    teams,
    uploads,
    weekly_sources,
    weekly_totals,
)

log = logging.getLogger(__name__)

KEY_VERSION: Final = "v1"
CHUNK: Final = 500
#: Test hook (tests/store only): "ROWS:SECONDS:FLAGFILE" makes the insert loop touch
#: FLAGFILE and sleep SECONDS once ROWS sessions of the upload have been inserted.
PAUSE_ENV: Final = "LOADWATCH_STORE_TEST_PAUSE"

#: session columns stored as they come from ingest
_SESSION_VALUES: Final = (
    Col.SPORT, Col.START_TIME, Col.DURATION, Col.RPE, Col.LOAD, Col.SESSION_TYPE,
    Col.DAY_STATUS, Col.EXT_REPS, Col.EXT_MIN, Col.EXT_EXPOSURE, Col.DELIVERIES, Col.JUMPS,
    Col.SPELLS,
)
_WEEKLY_VALUES: Final = (
    Col.SPORT, Col.WEEK_MINUTES, Col.WEEK_LOAD, Col.LOAD_APPROX, Col.MEAN_RPE, Col.SESSIONS,
    Col.REST_DAYS, Col.FREE_PLAY, Col.EXT_REPS, Col.EXT_MIN, Col.EXT_EXPOSURE, Col.DELIVERIES,
    Col.JUMPS,
)

#: tables a replace deletes from (kept for undo by name)
_TABLES: Final = {t.name: t for t in (sessions, session_sources, coverage, weekly_totals,
                                      weekly_sources)}


@dataclass
class PreparedUpload:
    """A file read and validated, not yet stored."""

    name: str
    sha256: str
    parsed: ParsedLog
    period: tuple[dt.date, dt.date]
    declared: bool = False
    whole_period: bool = False

    @property
    def kind(self) -> str:
        """'sessions' or 'weekly'."""
        return self.parsed.kind


@dataclass
class UploadResult:
    """What an upload did. `added` / `duplicates` count sessions (weeks for weekly logs)."""

    added: int
    duplicates: int
    rejected: int
    upload_id: int | None
    message: str
    file_name: str = ""
    team: str = ""
    kind: str = "sessions"
    repeated: bool = False
    replaced: int = 0
    conflicting: int = 0
    period: tuple[dt.date, dt.date] | None = None
    notes: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rejects: pd.DataFrame = field(default_factory=pd.DataFrame)


@dataclass
class DeleteResult:
    """What deleting an upload did."""

    upload_id: int
    removed: int
    kept: int
    message: str
    restored: int = 0
    athletes_removed: int = 0


# --- periods ------------------------------------------------------------------------------


def _as_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise UsageError(f"'{value}' is not a date (use YYYY-MM-DD)") from None


def parse_period(value: str | Sequence[dt.date | str] | None
                 ) -> tuple[dt.date, dt.date] | None:
    """``"2026-05-25:2026-08-02"`` (or a pair of dates) → (start, end); None stays None."""
    if value is None:
        return None
    if isinstance(value, str):
        parts = value.split(":")
        if len(parts) != 2:
            raise UsageError(f"--period must be START:END (YYYY-MM-DD:YYYY-MM-DD), not '{value}'")
        value = parts
    if len(value) != 2:
        raise UsageError("a period is two dates, start and end")
    start, end = _as_date(value[0]), _as_date(value[1])
    if end < start:
        raise UsageError(f"the period ends ({end}) before it starts ({start})")
    return start, end


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


# --- preparing ----------------------------------------------------------------------------


def prepare_upload(
    path: str | Path,
    *,
    period: str | Sequence[dt.date | str] | None = None,
    skip_invalid: bool = False,
    whole_period: bool = False,
    dayfirst: bool | None = None,
    column_map: Mapping[str, str] | None = None,
    config: Config | None = None,
    sheet: str | int | None = None,
    header_row: int | None = None,
) -> PreparedUpload:
    """Read, hash and validate a log (nothing touches the database).

    Raises LogError listing every invalid row unless `skip_invalid`; the rejects are then in
    ``.parsed.rejects``. `sheet` / `header_row` as in :func:`read_table`.
    """
    name, data, _ = _read_file(path)
    return prepare_bytes(data, name, period=period, skip_invalid=skip_invalid,
                         whole_period=whole_period, dayfirst=dayfirst, column_map=column_map,
                         config=config, sheet=sheet, header_row=header_row)


def prepare_bytes(
    data: bytes,
    name: str,
    *,
    period: str | Sequence[dt.date | str] | None = None,
    skip_invalid: bool = False,
    whole_period: bool = False,
    dayfirst: bool | None = None,
    column_map: Mapping[str, str] | None = None,
    config: Config | None = None,
    sheet: str | int | None = None,
    header_row: int | None = None,
) -> PreparedUpload:
    """:func:`prepare_upload` of a file's bytes (the dashboard's upload, never on disk);
    `sheet` picks a workbook's sheet, `header_row` the header's 1-based row (default: the
    reader's choice)."""
    digest = hashlib.sha256(data).hexdigest()
    source: Any = read_table(data, sheet=sheet, header_row=header_row, name=name,
                             limits=Limits.from_config(config))  # the team's [limits]
    source.name = name
    declared = parse_period(period)
    parsed = parse_log(source, dayfirst=dayfirst, column_map=column_map, period=declared,
                       roster_full_period=whole_period, config=config)
    if parsed.kind == "weekly" and declared is not None:
        _weeks_in_period(parsed, declared)
    if parsed.problems and not skip_invalid:
        n_rows = len({p.row for p in parsed.problems})
        raise LogError(
            f"{parsed.name}: {n_rows} row(s) are invalid; nothing was stored. Fix them, or "
            "skip the invalid rows explicitly (--skip-invalid --rejects FILE.csv)",
            parsed.problems,
        )
    if parsed.data.empty:
        raise LogError(f"{parsed.name}: no valid rows to store")
    return PreparedUpload(name, digest, parsed, _period_of(parsed, declared),
                          declared is not None, whole_period)


def _read_file(path: str | Path) -> tuple[str, bytes, str]:
    """(file name, bytes, SHA-256) of an upload; LogError when it cannot be read."""
    file = Path(path)
    if not file.exists():
        raise LogError(f"{file}: no such file")
    if file.is_dir():
        raise LogError(f"{file}: is a folder, not a file")
    data = file.read_bytes()
    return file.name, data, hashlib.sha256(data).hexdigest()


def _weeks_in_period(parsed: ParsedLog, period: tuple[dt.date, dt.date]) -> None:
    weeks = parsed.data[Col.WEEK]
    start, end = pd.Timestamp(_monday(period[0])), pd.Timestamp(period[1])
    outside = (weeks < start) | (weeks > end)
    if outside.any():
        column = parsed.mapping.get(Col.WEEK, Col.WEEK)
        rows = parsed.data.loc[outside, Col.SOURCE_ROW]
        raise LogError(
            f"{parsed.name}: {int(outside.sum())} week(s) are outside the declared period "
            f"{period[0]} to {period[1]}; nothing was stored",
            [Problem(int(r), column, "week outside the declared period") for r in rows],
        )


def period_of(parsed: ParsedLog, declared: tuple[dt.date, dt.date] | None = None
              ) -> tuple[dt.date, dt.date]:
    """The upload's period: the declared one, else the file's first to last covered day."""
    return _period_of(parsed, declared)


def _period_of(parsed: ParsedLog, declared: tuple[dt.date, dt.date] | None
               ) -> tuple[dt.date, dt.date]:
    if declared is not None:
        return declared
    if parsed.kind == "weekly":
        weeks = parsed.data[Col.WEEK]
        return weeks.min().date(), (weeks.max() + pd.Timedelta(days=6)).date()
    return parsed.data[Col.DATE].min().date(), parsed.data[Col.COVER_END].max().date()


# --- identity -------------------------------------------------------------------------------


def _numbers(values: pd.Series) -> pd.Series:
    return values.map(lambda x: "" if pd.isna(x) else f"{float(x):.4f}").astype(str)


def _texts(values: pd.Series) -> pd.Series:
    return values.astype(object).where(values.notna(), "").astype(str)


def _digest(parts: pd.Series) -> pd.Series:
    return parts.map(lambda text: hashlib.sha256(text.encode("utf-8")).hexdigest()[:32])


def session_keys(frame: pd.DataFrame, codes: pd.Series) -> pd.Series:
    """The identity of each session row (see the module docstring), as 32 hex digits."""
    parts = (
        codes.astype(str) + "|" + frame[Col.DATE].dt.strftime("%Y-%m-%d")
        + "|" + frame[Col.SPORT].map(normalise_word).astype(str)
        + "|" + _texts(frame[Col.START_TIME])
        + "|" + _numbers(frame[Col.DURATION]) + "|" + _numbers(frame[Col.RPE])
        + "|" + _numbers(frame[Col.LOAD]) + "|" + _texts(frame[Col.DAY_STATUS])
    )
    occurrence = parts.groupby(parts, sort=False).cumcount() + 1
    return _digest(KEY_VERSION + "|" + parts + "|" + occurrence.astype(str))


def _week_values_key(frame: pd.DataFrame) -> pd.Series:
    parts = pd.Series("", index=frame.index)
    for name in _WEEKLY_VALUES:
        column = frame[name]
        text = _numbers(column) if pd.api.types.is_numeric_dtype(column) and \
            not pd.api.types.is_bool_dtype(column) else _texts(column)
        parts = parts + "|" + text
    return _digest(KEY_VERSION + parts)


# --- rows for the database ----------------------------------------------------------------


def _column_values(values: pd.Series) -> list[Any]:
    if pd.api.types.is_datetime64_any_dtype(values):
        return [None if pd.isna(v) else v.date() for v in values]
    if pd.api.types.is_bool_dtype(values):
        return [None if pd.isna(v) else bool(v) for v in values]
    if pd.api.types.is_integer_dtype(values):
        return [None if pd.isna(v) else int(v) for v in values]
    if pd.api.types.is_float_dtype(values):
        return [None if pd.isna(v) else float(v) for v in values]
    return [None if pd.isna(v) else str(v) for v in values]


def _records(frame: pd.DataFrame, columns: Mapping[str, str], **constant: Any
             ) -> list[dict[str, Any]]:
    """Rows as dicts {db column: python value}; `columns` maps frame → db column names."""
    data = {db: _column_values(frame[name]) for name, db in columns.items()}
    n = len(frame)
    for key, value in constant.items():
        data[key] = [value] * n
    keys = list(data)
    return [dict(zip(keys, row, strict=True)) for row in zip(*data.values(), strict=True)]


def _pause_point(done: int) -> None:
    spec = os.environ.get(PAUSE_ENV)
    if not spec:
        return
    rows, seconds, flag = spec.split(":", 2)
    if done >= int(rows) and not Path(flag).exists():
        Path(flag).write_text(str(done))
        time.sleep(float(seconds))


def _insert_chunks(conn: Connection, table: sa.Table, rows: list[dict[str, Any]],
                   *, hook: bool = False) -> None:
    for start in range(0, len(rows), CHUNK):
        conn.execute(sa.insert(table), rows[start:start + CHUNK])
        if hook:
            _pause_point(start + len(rows[start:start + CHUNK]))


def _in_chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start:start + CHUNK])


# --- storing --------------------------------------------------------------------------------


def store_upload(
    store_or_url: StoreOrUrl,
    prepared: PreparedUpload,
    team: str,
    *,
    replace_period: bool = False,
    uploaded_by: str = "cli",
    add_as_new: bool = False,
) -> UploadResult:
    """Store a prepared upload in one serialised transaction (all rows or none)."""
    team = clean_team(team)
    with opened(store_or_url) as store, store.write() as conn:
        return store_prepared(conn, prepared, team, replace_period=replace_period,
                              uploaded_by=uploaded_by, add_as_new=add_as_new)


def ingest_file(
    store_or_url: StoreOrUrl,
    path: str | Path,
    team: str,
    *,
    period: str | Sequence[dt.date | str] | None = None,
    replace_period: bool = False,
    uploaded_by: str = "cli",
    skip_invalid: bool = False,
    whole_period: bool = False,
    dayfirst: bool | None = None,
    column_map: Mapping[str, str] | None = None,
    config: Config | None = None,
    add_as_new: bool = False,
) -> UploadResult:
    """Validate a session or weekly-totals log in full, then store it in one transaction.

    `period` is the upload's declared coverage ("START:END" or two dates; default the first
    to the last date in the file). `whole_period` says every athlete in the file was on the
    roster for the whole period (coverage starts at the period start, spec §3.2).
    """
    team = clean_team(team)
    parse_period(period)  # a wrong option is an error even when the file is a repeat
    name, _, digest = _read_file(path)
    with opened(store_or_url) as store:
        with store.read() as conn:
            prior = _prior_upload(conn, team, digest)
        if prior is not None and not replace_period:  # the same file again: not read
            with store.write() as conn:
                return _repeated(conn, prior, team, name, digest, uploaded_by)
        prepared = prepare_upload(path, period=period, skip_invalid=skip_invalid,
                                  whole_period=whole_period, dayfirst=dayfirst,
                                  column_map=column_map, config=config)
        return store_upload(store, prepared, team, replace_period=replace_period,
                            uploaded_by=uploaded_by, add_as_new=add_as_new)


def ingest_bytes(
    store_or_url: StoreOrUrl,
    data: bytes,
    name: str,
    team: str,
    *,
    uploaded_by: str,
    replace_period: bool = False,
    add_as_new: bool = False,
    skip_invalid: bool = False,
    dayfirst: bool | None = None,
    column_map: Mapping[str, str] | None = None,
    sheet: str | int | None = None,
    config: Config | None = None,
) -> UploadResult:
    """:func:`ingest_file` of an upload's bytes (the dashboard): the same file again is a
    no-op unless replacing; rows matching stored sessions need `replace_period` or
    `add_as_new`."""
    team = clean_team(team)
    digest = hashlib.sha256(data).hexdigest()
    with opened(store_or_url) as store:
        with store.read() as conn:
            prior = _prior_upload(conn, team, digest)
        if prior is not None and not replace_period:
            with store.write() as conn:
                return _repeated(conn, prior, team, name, digest, uploaded_by)
        prepared = prepare_bytes(data, name, skip_invalid=skip_invalid, dayfirst=dayfirst,
                                 column_map=column_map, sheet=sheet, config=config)
        return store_upload(store, prepared, team, replace_period=replace_period,
                            uploaded_by=uploaded_by, add_as_new=add_as_new)


def find_corrections(store_or_url: StoreOrUrl, prepared: PreparedUpload, team: str
                     ) -> tuple[pd.DataFrame, int | None]:
    """(the diff of rows matching stored sessions and differing, the id of an earlier upload
    of the same file or None), read only: what the preview shows before anything is
    stored."""
    with opened(store_or_url) as store, store.read() as conn:
        prior = _prior_upload(conn, clean_team(team), prepared.sha256)
        return corrections_in(conn, prepared, team), None if prior is None else int(prior.id)


def _prior_upload(conn: Connection, team: str, digest: str) -> Any:
    """The first upload row (id, uploaded_at, kind, period) of this file for this team, or
    None."""
    return conn.execute(
        sa.select(uploads.c.id, uploads.c.uploaded_at, uploads.c.kind, uploads.c.period_start,
                  uploads.c.period_end, uploads.c.team_id)
        .join(teams, teams.c.id == uploads.c.team_id)
        .where(teams.c.name == team, uploads.c.file_sha256 == digest)
        .order_by(uploads.c.id).limit(1)
    ).first()


def _repeated(conn: Connection, prior: Any, team: str, name: str, digest: str,
              uploaded_by: str, warnings: list[Problem] | None = None) -> UploadResult:
    audit.record(conn, uploaded_by, "upload.repeat", "upload", prior.id,
                 f"team_id={prior.team_id} sha256={digest[:12]}")
    when = f"{prior.uploaded_at:%Y-%m-%d %H:%M}" if prior.uploaded_at else "earlier"
    return UploadResult(
        0, 0, 0, int(prior.id),
        f"{name}: already uploaded for team '{team}' as upload {prior.id} ({when} UTC); "
        "nothing added",
        file_name=name, team=team, kind=prior.kind, repeated=True,
        period=(prior.period_start, prior.period_end), warnings=warnings or [],
    )


def store_prepared(conn: Connection, prepared: PreparedUpload, team: str, *,
                   replace_period: bool, uploaded_by: str, add_as_new: bool = False
                   ) -> UploadResult:
    """Store a prepared upload inside the caller's write transaction; LogError (nothing
    stored) when rows match stored sessions and differ, unless `replace_period` or
    `add_as_new` says what they are."""
    parsed = prepared.parsed
    prior = _prior_upload(conn, team, prepared.sha256)
    if prior is not None and not replace_period:
        return _repeated(conn, prior, team, prepared.name, prepared.sha256, uploaded_by,
                         parsed.warnings)
    if prepared.kind == "sessions" and not replace_period and not add_as_new:
        diff = corrections_in(conn, prepared, team)
        if len(diff):
            raise LogError(describe(diff, prepared.name))
    team_id = ensure_team(conn, team)
    if prepared.kind == "sessions":
        _check_external_unit(conn, prepared, team, team_id)
    data = parsed.data
    people = ensure_athletes(conn, data[Col.ATHLETE].unique(), team_id)
    athlete_id = data[Col.ATHLETE].map({k: v.id for k, v in people.items()}).astype("int64")
    code = data[Col.ATHLETE].map({k: v.code for k, v in people.items()}).astype(str)
    if prepared.kind == "sessions":
        result = _store_sessions(conn, prepared, team_id, athlete_id, code, replace_period,
                                 uploaded_by)
    else:
        result = _store_weekly(conn, prepared, team_id, athlete_id, replace_period, uploaded_by)
    result.team = team
    result.rejected = len(parsed.rejects)
    result.rejects = parsed.rejects
    result.warnings = parsed.warnings
    result.message = _message(prepared, result)
    audit.record(conn, uploaded_by, "upload.add", "upload", result.upload_id,
                 f"team_id={team_id} kind={prepared.kind} sha256={prepared.sha256[:12]} "
                 f"added={result.added} duplicate={result.duplicates} "
                 f"rejected={result.rejected} replaced={result.replaced} "
                 f"conflicting={result.conflicting}")
    log.info("upload %s (%s): %d added, %d duplicate, %d rejected, %d replaced, %d athletes",
             result.upload_id, prepared.kind, result.added, result.duplicates, result.rejected,
             result.replaced, len(people))
    return result


def _insert_upload(conn: Connection, prepared: PreparedUpload, team_id: int, uploaded_by: str,
                   replace_period: bool, **counts: int) -> int:
    return int(conn.execute(sa.insert(uploads).values(
        team_id=team_id, kind=prepared.kind, uploaded_by=(uploaded_by or "unknown")[:100],
        uploaded_at=now(), file_name=prepared.name[:255], file_sha256=prepared.sha256,
        period_start=prepared.period[0], period_end=prepared.period[1],
        rows_in_file=len(set(prepared.parsed.data[Col.SOURCE_ROW])
                         | set(prepared.parsed.rejects.get("row", []))),
        rows_rejected=len(prepared.parsed.rejects), replace_period=replace_period,
        whole_period=prepared.whole_period, **counts,
    ).returning(uploads.c.id)).scalar_one())


@dataclass
class _Replaced:
    """What a replace deleted (kept for undo) and where each athlete's coverage began."""

    removed: int = 0
    rows: dict[str, list[Any]] = field(default_factory=dict)
    starts: dict[int, dt.date] = field(default_factory=dict)

    def keep(self, table: sa.Table, found: Sequence[Any]) -> None:
        """Remember deleted rows of `table` (mappings of every column)."""
        self.rows.setdefault(table.name, []).extend(found)

    def archive(self, conn: Connection, upload_id: int) -> None:
        """Write what was deleted under the replacing upload (see loadwatch.store.history)."""
        for name, found in self.rows.items():
            history.archive(conn, upload_id, _TABLES[name], found)


def _store_sessions(conn: Connection, prepared: PreparedUpload, team_id: int,
                    athlete_id: pd.Series, code: pd.Series, replace: bool, by: str
                    ) -> UploadResult:
    data = prepared.parsed.data
    frame = data.assign(athlete_id=athlete_id, key=session_keys(data, code))
    ids = sorted(int(i) for i in frame["athlete_id"].unique())
    start, end = prepared.period
    gone = _replace_sessions(conn, team_id, ids, start, end) if replace else _Replaced()
    stored = _stored_sessions(conn, team_id, ids, data[Col.DATE].min().date(),
                              data[Col.DATE].max().date())
    known = dict(zip(zip(stored["athlete_id"], stored["session_key"], strict=True),
                     stored["id"], strict=True))
    pairs = list(zip(frame["athlete_id"].astype(int), frame["key"], strict=True))
    duplicate = np.array([pair in known for pair in pairs], dtype=bool)
    new = frame.loc[~duplicate]
    # a rejected row with a readable date is kept as a 'not recorded' day (engine, §3.1):
    # counted as rejected only, so added + duplicate + rejected = rows in the file
    marker = _from_rejects(prepared)
    added, dups = int((~duplicate & ~marker).sum()), int((duplicate & ~marker).sum())
    notes = _session_notes(frame, stored)
    upload_id = _insert_upload(
        conn, prepared, team_id, by, replace, rows_added=added, rows_duplicate=dups,
        rows_conflicting=0, rows_replaced=gone.removed,
    )
    gone.archive(conn, upload_id)
    columns = {name: name for name in _SESSION_VALUES}
    columns.update({"athlete_id": "athlete_id", "key": "session_key", Col.DATE: "date",
                    Col.TEAM: "source_team", Col.SOURCE_ROW: "source_row"})
    if Col.EXTERNAL_LOAD in new.columns:  # its own channel, in its unit (issue 13)
        new = new.assign(**{Col.EXTERNAL_UNIT: new[Col.EXTERNAL_LOAD].notna().map(
            {True: external_unit(prepared), False: None}).astype(object)})
        columns.update({Col.EXTERNAL_LOAD: "external_load",
                        Col.EXTERNAL_UNIT: "external_unit"})
    _insert_chunks(conn, sessions, _records(new, columns, team_id=team_id, upload_id=upload_id),
                   hook=True)
    inserted = conn.execute(sa.select(sessions.c.athlete_id, sessions.c.session_key,
                                      sessions.c.id).where(sessions.c.upload_id == upload_id))
    known.update({(a, k): i for a, k, i in inserted})
    links = [{"session_id": known[pair], "upload_id": upload_id, "source_row": int(row)}
             for pair, row in zip(pairs, frame[Col.SOURCE_ROW], strict=True)]
    _insert_chunks(conn, session_sources, links)
    _insert_coverage(conn, upload_id, frame, gone.starts)
    result = UploadResult(added, dups, 0, upload_id, "", file_name=prepared.name,
                          kind="sessions", replaced=gone.removed, period=prepared.period)
    result.notes = notes
    if marker.any():
        result.notes.append(f"the day of {int(marker.sum())} rejected row(s) is stored as "
                            "'not recorded' (missing, never rest: spec §3.1)")
    return result


def external_unit(prepared: PreparedUpload) -> str | None:
    """The unit of the file's own load (the export profile's, e.g. 'PlayerLoad'; 'units'
    when the column was mapped by hand), or None when the file has no external load."""
    if Col.EXTERNAL_LOAD not in prepared.parsed.data.columns:
        return None
    given = prepared.parsed.prepared.external_unit if prepared.parsed.prepared else None
    return (given or Channel.UNIT[Channel.EXTERNAL])[:40]


def _check_external_unit(conn: Connection, prepared: PreparedUpload, team: str,
                         team_id: int) -> None:
    """LogError (nothing stored) when the team's store already holds an external load in
    another unit: PlayerLoad and TSS are different quantities, never one series."""
    unit = external_unit(prepared)
    if unit is None or not prepared.parsed.data[Col.EXTERNAL_LOAD].notna().any():
        return
    held = conn.execute(sa.select(sessions.c.external_unit).where(
        sessions.c.team_id == team_id, sessions.c.external_unit.is_not(None),
        sessions.c.external_unit != unit).limit(1)).scalar_one_or_none()
    if held is not None:
        raise LogError(f"{prepared.name}: its own load is in {unit}, but team '{team}' already "
                       f"stores its external load in {held}; one team keeps one external unit "
                       "(different units are never one series): nothing was stored. Upload it "
                       "for another team, or delete the other uploads first")


def _insert_coverage(conn: Connection, upload_id: int, frame: pd.DataFrame,
                     starts: Mapping[int, dt.date]) -> None:
    """Each athlete's coverage by the upload: first row to period end, or from where the
    coverage it replaced began (so the history before a corrected period stays joined)."""
    spans = frame.groupby("athlete_id").agg(start=(Col.COVER_START, "min"),
                                            end=(Col.COVER_END, "max"))
    conn.execute(sa.insert(coverage), [
        {"upload_id": upload_id, "athlete_id": int(a),
         "start_date": min(s.date(), starts.get(int(a), s.date())), "end_date": e.date()}
        for a, s, e in zip(spans.index, spans["start"], spans["end"], strict=True)
    ])


def _from_rejects(prepared: PreparedUpload) -> np.ndarray:
    """Rows of the parsed data that stand for rejected rows (kept as 'not recorded')."""
    rejects = prepared.parsed.rejects
    rows = prepared.parsed.data[Col.SOURCE_ROW]
    if rejects.empty or "row" not in rejects.columns:
        return np.zeros(len(rows), dtype=bool)
    return rows.isin(rejects["row"]).to_numpy(bool)


def _stored_sessions(conn: Connection, team_id: int, ids: list[int], low: dt.date,
                     high: dt.date) -> pd.DataFrame:
    columns = [sessions.c.id, sessions.c.athlete_id, sessions.c.session_key, sessions.c.date,
               sessions.c.sport, sessions.c.start_time, sessions.c[Col.DURATION],
               sessions.c[Col.RPE], sessions.c[Col.LOAD], sessions.c[Col.DAY_STATUS]]
    rows: list[Any] = []
    for chunk in _in_chunks(ids):
        rows += conn.execute(sa.select(*columns).where(
            sessions.c.team_id == team_id, sessions.c.athlete_id.in_(chunk),
            sessions.c.date.between(low, high))).all()
    return pd.DataFrame(rows, columns=[c.name for c in columns])


def corrections_in(conn: Connection, prepared: PreparedUpload, team: str) -> pd.DataFrame:
    """The file's rows that match stored sessions of the team and differ (the diff of
    :func:`loadwatch.store.corrections.matched_sessions`); read only, creates nothing."""
    data = prepared.parsed.data
    team_id = find_team(conn, clean_team(team))
    if prepared.kind != "sessions" or team_id is None or data.empty:
        return matched_sessions(pd.DataFrame(), pd.DataFrame())
    people = lookup(conn, data[Col.ATHLETE].unique(), team_id)
    known = data[Col.ATHLETE].isin(list(people))
    if not known.any():
        return matched_sessions(pd.DataFrame(), pd.DataFrame())
    mine = data[known]
    frame = mine.assign(
        athlete_id=mine[Col.ATHLETE].map({k: v.id for k, v in people.items()}).astype("int64"),
        key=session_keys(mine, mine[Col.ATHLETE].map({k: v.code for k, v in people.items()})))
    stored = _stored_sessions(conn, team_id, sorted({v.id for v in people.values()}),
                              mine[Col.DATE].min().date(), mine[Col.DATE].max().date())
    return matched_sessions(frame, stored)


def _session_notes(frame: pd.DataFrame, stored: pd.DataFrame) -> list[str]:
    """Probable corrections added as new sessions on request (add_as_new), reported."""
    diff = matched_sessions(frame, stored)
    if diff.empty:
        return []
    return [f"{len(diff)} session(s) added as new although they match stored sessions by "
            f"athlete, date and sport (rows {_rows(diff['row'].tolist())}); if the file "
            "corrects them, undo this upload and upload it with --replace-period"]


def _rows(rows: list[int], limit: int = 10) -> str:
    shown = ", ".join(str(r) for r in rows[:limit])
    return shown + (f", … {len(rows) - limit} more" if len(rows) > limit else "")


def _replace_sessions(conn: Connection, team_id: int, ids: list[int], start: dt.date,
                      end: dt.date) -> _Replaced:
    """Delete the team's sessions of these athletes inside [start, end]; trim coverage;
    keep what went (for undo) and where each athlete's replaced coverage began."""
    gone = _Replaced()
    for chunk in _in_chunks(ids):
        inside = sa.and_(sessions.c.team_id == team_id, sessions.c.athlete_id.in_(chunk),
                         sessions.c.date.between(start, end))
        chosen = sa.select(sessions.c.id).where(inside)
        gone.keep(sessions, conn.execute(sa.select(sessions).where(inside)).mappings().all())
        gone.keep(session_sources, conn.execute(sa.select(session_sources).where(
            session_sources.c.session_id.in_(chosen))).mappings().all())
        conn.execute(sa.delete(session_sources).where(session_sources.c.session_id.in_(chosen)))
        gone.removed += conn.execute(sa.delete(sessions).where(inside)).rowcount
        _trim_coverage(conn, team_id, chunk, start, end, gone)
    return gone


def _trim_coverage(conn: Connection, team_id: int, ids: list[int], start: dt.date,
                   end: dt.date, gone: _Replaced) -> None:
    overlapping = conn.execute(
        sa.select(coverage).join(uploads, uploads.c.id == coverage.c.upload_id).where(
            uploads.c.team_id == team_id, coverage.c.athlete_id.in_(ids),
            coverage.c.start_date <= end, coverage.c.end_date >= start)
    ).mappings().all()
    gone.keep(coverage, overlapping)
    one = dt.timedelta(days=1)
    pieces = []
    for row in overlapping:
        first = max(row["start_date"], start)
        athlete = int(row["athlete_id"])
        gone.starts[athlete] = min(gone.starts.get(athlete, first), first)
        if row["start_date"] < start:
            pieces.append({"upload_id": row["upload_id"], "athlete_id": row["athlete_id"],
                           "start_date": row["start_date"], "end_date": start - one})
        if row["end_date"] > end:
            pieces.append({"upload_id": row["upload_id"], "athlete_id": row["athlete_id"],
                           "start_date": end + one, "end_date": row["end_date"]})
    if overlapping:
        conn.execute(sa.delete(coverage).where(coverage.c.id.in_([r["id"] for r in overlapping])))
    if pieces:
        conn.execute(sa.insert(coverage), pieces)


def _store_weekly(conn: Connection, prepared: PreparedUpload, team_id: int,
                  athlete_id: pd.Series, replace: bool, by: str) -> UploadResult:
    data = prepared.parsed.data
    frame = data.assign(athlete_id=athlete_id, value_key=_week_values_key(data))
    ids = sorted(int(i) for i in frame["athlete_id"].unique())
    start, end = prepared.period
    gone = _replace_weeks(conn, team_id, ids, _monday(start), end) if replace else _Replaced()
    replaced = gone.removed
    low, high = data[Col.WEEK].min().date(), data[Col.WEEK].max().date()
    stored: dict[tuple[int, dt.date], tuple[int, str]] = {}
    for chunk in _in_chunks(ids):
        stored.update({(a, w): (i, k) for i, a, w, k in conn.execute(
            sa.select(weekly_totals.c.id, weekly_totals.c.athlete_id, weekly_totals.c.week_start,
                      weekly_totals.c.value_key).where(
                weekly_totals.c.team_id == team_id, weekly_totals.c.athlete_id.in_(chunk),
                weekly_totals.c.week_start.between(low, high))).all()})
    pairs = [(int(a), w.date()) for a, w in zip(frame["athlete_id"], frame[Col.WEEK],
                                                strict=True)]
    state = np.array(["new" if p not in stored else
                      ("same" if stored[p][1] == k else "conflict")
                      for p, k in zip(pairs, frame["value_key"], strict=True)])
    new = frame.loc[state == "new"]
    upload_id = _insert_upload(
        conn, prepared, team_id, by, replace, rows_added=len(new),
        rows_duplicate=int((state == "same").sum()),
        rows_conflicting=int((state == "conflict").sum()), rows_replaced=replaced,
    )
    gone.archive(conn, upload_id)
    columns = {name: name for name in _WEEKLY_VALUES}
    columns.update({"athlete_id": "athlete_id", "value_key": "value_key",
                    Col.WEEK: "week_start", Col.TEAM: "source_team",
                    Col.SOURCE_ROW: "source_row"})
    _insert_chunks(conn, weekly_totals,
                   _records(new, columns, team_id=team_id, upload_id=upload_id), hook=True)
    inserted = conn.execute(sa.select(weekly_totals.c.athlete_id, weekly_totals.c.week_start,
                                      weekly_totals.c.id)
                            .where(weekly_totals.c.upload_id == upload_id))
    ids_by_pair = {p: v[0] for p, v in stored.items()}
    ids_by_pair.update({(a, w): i for a, w, i in inserted})
    links = [{"weekly_id": ids_by_pair[p], "upload_id": upload_id, "source_row": int(row)}
             for p, row, s in zip(pairs, frame[Col.SOURCE_ROW], state, strict=True)
             if s != "conflict"]
    _insert_chunks(conn, weekly_sources, links)
    result = UploadResult(len(new), int((state == "same").sum()), 0, upload_id, "",
                          file_name=prepared.name, kind="weekly", replaced=replaced,
                          conflicting=int((state == "conflict").sum()), period=prepared.period)
    if result.conflicting:
        rows = frame.loc[state == "conflict", Col.SOURCE_ROW].tolist()
        result.notes.append(
            f"{result.conflicting} week(s) differ from the stored values for the same athlete "
            f"and week (rows {_rows(rows)}); the stored values are kept — upload the file "
            "with --replace-period to replace them")
    return result


def _replace_weeks(conn: Connection, team_id: int, ids: list[int], start: dt.date,
                   end: dt.date) -> _Replaced:
    gone = _Replaced()
    for chunk in _in_chunks(ids):
        inside = sa.and_(weekly_totals.c.team_id == team_id,
                         weekly_totals.c.athlete_id.in_(chunk),
                         weekly_totals.c.week_start.between(start, end))
        chosen = sa.select(weekly_totals.c.id).where(inside)
        gone.keep(weekly_totals, conn.execute(sa.select(weekly_totals).where(inside))
                  .mappings().all())
        gone.keep(weekly_sources, conn.execute(sa.select(weekly_sources).where(
            weekly_sources.c.weekly_id.in_(chosen))).mappings().all())
        conn.execute(sa.delete(weekly_sources).where(weekly_sources.c.weekly_id.in_(chosen)))
        gone.removed += conn.execute(sa.delete(weekly_totals).where(inside)).rowcount
    return gone


def _message(prepared: PreparedUpload, result: UploadResult) -> str:
    unit = "sessions" if prepared.kind == "sessions" else "weeks"
    parts = [f"{result.added} {unit} added", f"{result.duplicates} skipped as duplicate"]
    if result.conflicting:
        parts.append(f"{result.conflicting} conflicting (kept the stored values)")
    parts.append(f"{result.rejected} rejected")
    start, end = prepared.period
    text = (f"{prepared.name}: {', '.join(parts)} — upload {result.upload_id}, team "
            f"'{result.team}', period {start} to {end}")
    if result.replaced:
        text += (f"; replaced {result.replaced} stored {unit} of the file's athletes from "
                 f"{start} to {end}")
    return text


# --- deleting -----------------------------------------------------------------------------


def delete_upload(store_or_url: StoreOrUrl, upload_id: int, *, by: str = "cli"
                  ) -> DeleteResult:
    """Remove (undo) an upload: exactly the sessions (or weeks) no other upload holds, its
    coverage and its record; what it replaced comes back as it was; athletes it leaves
    without any data are removed, names included. Sessions another upload also contained
    stay, attributed to that one. Audited with counts only."""
    with opened(store_or_url) as store, store.write() as conn:
        row = conn.execute(sa.select(uploads.c.id, uploads.c.kind, uploads.c.team_id,
                                     teams.c.name)
                           .join(teams, teams.c.id == uploads.c.team_id)
                           .where(uploads.c.id == int(upload_id))).first()
        if row is None:
            raise LogError(f"there is no upload {upload_id} (see 'loadwatch uploads')")
        history.refuse_if_replaced_later(conn, int(upload_id), int(row.team_id))
        candidates = history.athletes_of(conn, int(upload_id))
        if row.kind == "sessions":
            removed, kept = _detach(conn, int(upload_id), sessions, session_sources,
                                    session_sources.c.session_id)
        else:
            removed, kept = _detach(conn, int(upload_id), weekly_totals, weekly_sources,
                                    weekly_sources.c.weekly_id)
        conn.execute(sa.delete(coverage).where(coverage.c.upload_id == int(upload_id)))
        restored = history.restore(conn, int(upload_id), row.kind)
        conn.execute(sa.delete(uploads).where(uploads.c.id == int(upload_id)))
        pruned = history.prune_athletes(conn, candidates)
        audit.record(conn, by, "upload.delete", "upload", upload_id,
                     f"team_id={row.team_id} kind={row.kind} removed={removed} kept={kept} "
                     f"restored={restored} athletes_removed={pruned}")
    unit = "sessions" if row.kind == "sessions" else "weeks"
    message = f"upload {upload_id} (team '{row.name}') deleted: {removed} {unit} removed"
    if kept:
        message += f"; {kept} {unit} stay because other uploads also contain them"
    if restored:
        message += f"; {restored} {unit} it had replaced are back"
    if pruned:
        message += f"; {pruned} athlete(s) left without data removed (names included)"
    log.info("upload %s deleted: %d removed, %d kept, %d restored, %d athletes removed",
             upload_id, removed, kept, restored, pruned)
    return DeleteResult(int(upload_id), removed, kept, message, restored, pruned)


def _detach(conn: Connection, upload_id: int, table: sa.Table, links: sa.Table,
            link_column: sa.Column) -> tuple[int, int]:
    conn.execute(sa.delete(links).where(links.c.upload_id == upload_id))
    orphan = ~sa.exists().where(link_column == table.c.id)
    removed = conn.execute(sa.delete(table).where(table.c.upload_id == upload_id, orphan)
                           ).rowcount
    # survivors now belong to the oldest other upload holding them (and its row number)
    oldest = (sa.select(links.c.upload_id, links.c.source_row).where(link_column == table.c.id)
              .order_by(links.c.upload_id).limit(1))
    kept = conn.execute(sa.update(table).where(table.c.upload_id == upload_id).values(
        upload_id=oldest.with_only_columns(links.c.upload_id).scalar_subquery(),
        source_row=oldest.with_only_columns(links.c.source_row).scalar_subquery(),
    )).rowcount
    return int(removed), int(kept)

