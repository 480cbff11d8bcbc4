"""The upload preview (issues 13, 15, 19): what the upload page shows before anything is
stored, computed once per file and options.

The preview reads the file (bounded), detects the export profile and applies the team's
saved mapping for this layout, then shows every field with its column or "not in this
file" — also when a required field is unmatched, so that the mapping editor is reached
instead of a refusal — the ignored columns, the first rows as they will be stored, every
problem by row, and the rows that match stored sessions and differ (the correction diff),
with the earlier upload of the same file if there is one.

A field may be read from several columns (a planning workbook's one block per session:
ReadOptions.wide, the CLI's ``--map duration='*Tps min'``) and a file may be a plan
(ReadOptions.planned); the kind follows the mapping: a week column mapped (and no date)
makes a weekly-totals file, so the editor offers the week beside the session fields.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Final, Literal

import pandas as pd

from loadwatch.config import Config
from loadwatch.errors import LogError, Problem
from loadwatch.ingest.limits import Limits
from loadwatch.ingest.log import detect_kind, parse_log
from loadwatch.ingest.mapping import NOT_IN_FILE, ReadOptions, field_columns, layout_key, prepare
from loadwatch.ingest.profiles import detect_profile
from loadwatch.ingest.readers import RawTable, read_table
from loadwatch.ingest.wide import expand_columns, to_long
from loadwatch.schema import Col, fields_for
from loadwatch.store import uploads
from loadwatch.store.corrections import DIFF_COLUMNS
from loadwatch.store.db import Store
from loadwatch.store.mappings import saved_mapping

#: the first rows "as they will be stored": canonical column → words a coach reads
STORED_WORDS: Final = {Col.ATHLETE: "athlete", Col.DATE: "date", Col.SPORT: "sport",
                       Col.START_TIME: "start", Col.DURATION: "minutes", Col.RPE: "RPE",
                       Col.LOAD: "load (AU)", Col.WEEK: "week", Col.WEEK_MINUTES: "minutes",
                       Col.SESSIONS: "sessions", Col.WEEK_LOAD: "load that week (AU)"}
FIRST_ROWS: Final = 5
#: fields the mapping editor can read from several columns (one block each; summable)
WIDE_FIELDS: Final = (Col.DURATION,)
#: the one-column fields a wide duration replaces (a session's, a week's minutes)
WIDE_TARGETS: Final = frozenset({Col.DURATION, Col.WEEK_MINUTES})
#: the week column offered in a session log's editor: mapping it makes the file weekly
WEEK_WORDS: Final = ("Week start (a weekly-totals file)",
                     "map the week's column when each row is a week (e.g. a training plan)")
#: the mapping editor's labels: a field in words a coach reads (never the column name)
FIELD_WORDS: Final = {
    Col.ATHLETE: "Athlete", Col.DATE: "Date", Col.SPORT: "Sport", Col.START_TIME: "Start time",
    Col.DURATION: "Duration", Col.RPE: "RPE (0-10)", Col.LOAD: "Load (AU)",
    Col.SESSION_TYPE: "Session type", Col.DAY_STATUS: "Day status (rest, not recorded)",
    Col.EXT_REPS: "Extension elements", Col.EXT_MIN: "Extension minutes",
    Col.DELIVERIES: "Balls bowled", Col.JUMPS: "Jumps", Col.SPELLS: "Bowling spells",
    Col.TEAM: "Team or squad", Col.WEEK: "Week", Col.WEEK_MINUTES: "Minutes that week",
    Col.WEEK_LOAD: "Load that week (AU)", Col.MEAN_RPE: "Mean RPE",
    Col.SESSIONS: "Sessions that week", Col.REST_DAYS: "Rest days",
    Col.FREE_PLAY: "Free play hours",
}


@dataclass
class UploadPreview:
    """What the upload page shows before anything is stored."""

    kind: str = "sessions"
    headers: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    n_rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    error: str | None = None
    sheets: list[str] = field(default_factory=list)
    sheet: str | None = None
    ignored: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # required fields without a column
    notes: list[str] = field(default_factory=list)  # profile sentence, conversions, …
    profile: str | None = None  # "This looks like a Strava bulk export: …"
    saved_applied: bool = False  # the team's saved mapping for this layout was applied
    needs_athlete: bool = False  # a one-athlete export (Strava, …): the page asks the name
    layout: str = ""  # the saved-mapping key of this layout of columns
    first_rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    diff: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(DIFF_COLUMNS)))
    repeat_of: int | None = None  # an earlier upload of this very file for the team
    sha256: str = ""
    options: ReadOptions = field(default_factory=ReadOptions)  # as read (kind's fields)
    wide: dict[str, list[str]] = field(default_factory=dict)  # field → the columns it read

    @property
    def athlete_missing(self) -> bool:
        """True when no column holds the athlete (the page then asks for the name)."""
        return Col.ATHLETE in self.missing

    @property
    def planned(self) -> bool:
        """True when the file is read as a plan (the coach's planned minutes)."""
        return bool(self.options.planned)

    @property
    def n_invalid(self) -> int:
        """Rows with at least one problem."""
        return len({p.row for p in self.problems})

    @property
    def n_valid(self) -> int:
        """Rows that would be stored."""
        return self.n_rows - self.n_invalid

    @property
    def storable(self) -> bool:
        """True when the file was read with every required field matched."""
        return self.error is None and not self.missing

    def mapping_rows(self) -> list[tuple[str, str | None]]:
        """(canonical field, matched header or None) for every field of the log's kind."""
        fields = fields_for("weekly") if self.kind == "weekly" else fields_for("sessions")
        rows = [(f.name, self.mapping.get(f.name)) for f in fields]
        return rows if self.kind == "weekly" else [*rows, (Col.WEEK, None)]

    def field_words(self, name: str) -> tuple[str, str]:
        """(label in words, description) of a field for the mapping editor."""
        kind_fields = fields_for("weekly") if self.kind == "weekly" else fields_for("sessions")
        fields = {f.name: f for f in kind_fields}
        if name == Col.WEEK and self.kind != "weekly":
            return WEEK_WORDS
        described = fields[name].description if name in fields else ""
        return FIELD_WORDS.get(name, name.replace("_", " ").capitalize()), described

    def problems_table(self) -> pd.DataFrame:
        """Every problem by row and column, as the engine words it."""
        return problem_frame(self.problems)

    def warnings_table(self) -> pd.DataFrame:
        """Warnings (stored anyway) by row and column."""
        return problem_frame(self.warnings)


def problem_frame(problems: list[Problem]) -> pd.DataFrame:
    """Problems as a table: row, column, problem."""
    return pd.DataFrame([{"row": p.row, "column": p.column, "problem": p.message}
                         for p in problems], columns=["row", "column", "problem"])


def _options(store: Store, team: str | None, headers: list[str],
             column_map: dict[str, str] | None) -> tuple[ReadOptions, bool, str]:
    """The user's mapping, else the team's saved one for this layout: (options, saved, key)."""
    key, _ = layout_key(headers)
    named = column_map if isinstance(column_map, ReadOptions) else None  # e.g. the athlete
    if column_map is not None and (named is None or named.columns):
        return named or ReadOptions(columns=dict(column_map)), False, key
    saved = saved_mapping(store, team, key) if team else None
    found = (saved, True, key) if saved is not None else (ReadOptions(), False, key)
    return (found[0].merged(named), found[1], key) if named is not None else found


def _one_athlete(headers: list[str], options: ReadOptions) -> bool:
    """True for a one-athlete export (Strava, …) with neither a name nor an athlete column
    given: the preview still shows the mapping, and the page asks for the athlete's name
    (the CLI's --athlete)."""
    profile = detect_profile(headers) if not options.profile else None
    return bool(profile and profile.one_athlete and not options.athlete
                and not options.columns.get(Col.ATHLETE))


def _fit(options: ReadOptions, headers: list[str]) -> tuple[str, ReadOptions]:
    """The log's kind from the columns the user mapped (a week and no date: weekly), and the
    options holding only that kind's fields (the editor shows both kinds' week and date)."""
    given = {k: v for k, v in options.columns.items() if v in headers}
    kind = detect_kind(headers, given)
    names = {f.name for f in fields_for(kind)} | {Col.EXTERNAL_LOAD}
    columns = {k: v for k, v in options.columns.items() if k in names
               and k not in options.wide}
    return kind, replace(options, columns=columns)


def _wide(raw: RawTable, options: ReadOptions, kind: str
          ) -> tuple[RawTable, ReadOptions, dict[str, list[str]]]:
    """A wide layout turned long as parse_log does (the table the mapping is checked on),
    with the columns each wide field reads; the table and options as given otherwise."""
    if not options.wide:
        return raw, options, {}
    headers = [str(h) for h in raw.frame.columns]
    read = {f: expand_columns(p, headers, f) for f, p in options.wide.items()}
    given = {k: v for k, v in options.columns.items() if v in headers}
    table, columns, _ = to_long(raw, options.wide, kind, given)
    return table, replace(options, columns={**options.columns, **columns}, wide={}), read


def _stored_rows(data: pd.DataFrame) -> pd.DataFrame:
    """The first rows as they will be stored, in words (dates as dates)."""
    present = [c for c in STORED_WORDS if c in data.columns]
    rows = data[present].head(FIRST_ROWS).copy()
    for day in (Col.DATE, Col.WEEK):
        if day in rows:
            rows[day] = rows[day].dt.strftime("%Y-%m-%d")
    return rows.astype(object).where(rows.notna(), "").rename(columns=STORED_WORDS)


def _read(data: bytes, name: str, sheet: str | None, config: Config | None) -> RawTable:
    """The upload read within the team's ``[limits]`` (the shipped ones without a team)."""
    return read_table(data, sheet=sheet, name=name, limits=Limits.from_config(config))


def build_preview(store: Store, data: bytes, name: str, *, team: str | None,
                  column_map: dict[str, str] | None, dayfirst: bool | None,
                  sheet: str | None = None, config: Config | None = None) -> UploadPreview:
    """Validate an upload without storing anything (team already scoped by the caller);
    `config` is the team's settings (limits, dates), the shipped defaults if None."""
    out = UploadPreview(sha256=hashlib.sha256(data).hexdigest())
    try:
        raw = _read(data, name, sheet, config)
    except LogError as exc:
        out.error = exc.report()
        return out
    out.headers = [str(h) for h in raw.frame.columns]
    out.sheets, out.sheet, out.n_rows = list(raw.sheets), raw.sheet, len(raw.frame)
    options, out.saved_applied, out.layout = _options(store, team, out.headers, column_map)
    out.kind, options = _fit(options, out.headers)
    out.options = options
    try:
        out.needs_athlete = out.kind == "sessions" and _one_athlete(out.headers, options)
        table, long_options, out.wide = _wide(raw, options, out.kind)
        ready = prepare(table, replace(long_options, athlete="?") if out.needs_athlete
                        else long_options, kind=out.kind)
    except LogError as exc:
        out.error = exc.report()
        return out
    out.mapping = {k: v for k, v in field_columns(ready).items() if v != NOT_IN_FILE}
    if out.needs_athlete or options.athlete:  # a name, not a column ('--athlete')
        out.mapping.pop(Col.ATHLETE, None)
    out.ignored, out.notes = list(ready.ignored), list(ready.notes)
    out.profile = ready.profile.describe() if ready.profile else None
    kind: Literal["sessions", "weekly"] = "weekly" if out.kind == "weekly" else "sessions"
    out.missing = [f.name for f in fields_for(kind) if f.required
                   and f.name not in out.mapping and not (f.name == Col.ATHLETE
                                                          and options.athlete)]
    if out.missing:
        return out
    try:
        parsed = parse_log(raw, dayfirst=dayfirst, options=options, config=config)
    except LogError as exc:
        out.error = exc.report()
        return out
    out.problems, out.warnings = parsed.problems, parsed.warnings
    out.first_rows = _stored_rows(parsed.data)
    if team and not parsed.data.empty:
        prepared = uploads.PreparedUpload(name, out.sha256, parsed,
                                          uploads.period_of(parsed, None))
        out.diff, out.repeat_of = uploads.find_corrections(store, prepared, team)
    return out
