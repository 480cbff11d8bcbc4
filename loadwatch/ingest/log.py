"""From a coach's file to a validated, canonical session or weekly-totals table (spec §1–§3.2).

Headers are matched case/space/punctuation-insensitively through the schema's aliases; every
cell is validated and every problem is reported with its spreadsheet row, column and reason.
The default is all-or-nothing: any invalid row refuses the whole file, unless the caller asks
to skip invalid rows, in which case they come back with their reasons (nothing is dropped
silently). Session load is the `load` column when present, otherwise RPE × minutes (§2.1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd

from loadwatch.config import Config, default_config
from loadwatch.errors import LogError, Problem
from loadwatch.ingest.limits import Limits
from loadwatch.ingest.mapping import Prepared, ReadOptions, options_from, prepare
from loadwatch.ingest.parsing import blank, parse_clock, parse_date, parse_duration, parse_week
from loadwatch.ingest.readers import RawTable, Source, read_table
from loadwatch.ingest.validate import (
    Checker,
    DateWindow,
    map_columns,
    plausible_dates,
    require,
)
from loadwatch.ingest.wide import to_long
from loadwatch.schema import (
    EXTERNAL_FIELD,
    SESSION_COLUMNS,
    STATUS_WORDS,
    UNSPECIFIED_SPORT,
    WEEKLY_INPUT_COLUMNS,
    Col,
    DayStatus,
    Field,
    fields_for,
    normalise_word,
)

LogKind = Literal["sessions", "weekly"]
_BORG_MAX = 20


@dataclass
class ParsedLog:
    """A log after validation: canonical valid rows, every problem found, and the rejects.

    What :func:`parse_log` returns (spec §1.1–§3.2): ``data`` holds the valid rows in the
    layout of :func:`read_log` (load in AU, durations in minutes), ``problems`` every row error
    with its spreadsheet row, ``rejects`` the refused rows with their reasons, ``kind`` is
    'sessions' or 'weekly', ``extension_unit`` 'reps' or 'min'.

    Examples
    --------
    >>> import loadwatch as lw
    >>> parsed = lw.parse_log(b"athlete,date,load\\nA1,2024-01-01,300\\n")
    >>> parsed.ok, parsed.kind, parsed.extension_unit
    (True, 'sessions', 'min')
    """

    kind: LogKind
    data: pd.DataFrame
    name: str
    mapping: dict[str, str]
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rejects: pd.DataFrame = field(default_factory=pd.DataFrame)
    ignored_columns: list[str] = field(default_factory=list)
    extension_unit: str = "min"
    prepared: Prepared | None = None

    @property
    def ok(self) -> bool:
        """True when no row has an error."""
        return not self.problems

    @property
    def notes(self) -> list[str]:
        """What was decided on the way in: the export profile, conversions, rows that are not
        sessions, name decisions, every ignored column (issue 13: loud, never silent)."""
        return self.prepared.notes if self.prepared else []


def detect_kind(headers: Iterable[str], column_map: Mapping[str, str] | None = None) -> LogKind:
    """A file with a date column is a session log; one with only a week column is weekly."""
    headers = list(headers)
    forced = column_map or {}
    if Col.DATE in forced:
        return "sessions"
    if Col.WEEK in forced:
        return "weekly"
    session_map, _ = map_columns(headers, fields_for("sessions"))
    if Col.DATE in session_map:
        return "sessions"
    weekly_map, _ = map_columns(headers, fields_for("weekly"))
    return "weekly" if Col.WEEK in weekly_map else "sessions"


def parse_log(
    source: Source | RawTable,
    *,
    dayfirst: bool | None = None,
    column_map: Mapping[str, str] | None = None,
    period: tuple[dt.date | str, dt.date | str] | None = None,
    roster_full_period: bool = False,
    config: Config | None = None,
    options: ReadOptions | None = None,
) -> ParsedLog:
    """Read and validate a log without raising for row errors (they are in `.problems`).

    The same validation as :func:`read_log` (spec §1.1, §1.2, §2.1), but row errors come back
    as a :class:`ParsedLog` so that a face can show every one with its spreadsheet row. A
    rejected row whose athlete and date are readable marks its day "not recorded" (missing,
    never rest: spec §3.1). File-level problems (unreadable, empty, no header, missing required
    column, ambiguous dates) raise LogError.

    Parameters
    ----------
    source : str, Path, bytes, binary file or RawTable
        The coach's export. Durations in minutes (or ``h:mm`` / ``hh:mm:ss``), RPE on the
        CR-10 scale (0–10), load in AU, extension exposure in reps or minutes, cricket
        deliveries in balls.
    dayfirst : bool, optional
        How to read ambiguous dates such as 03/04/2026; ``None`` refuses them.
    column_map : mapping, optional
        Canonical column name → the file's header, for headers no alias matches.
    period : (date, date), optional
        The upload's declared coverage, first and last day included (spec §3.2); default:
        the first to the last date in the file.
    roster_full_period : bool, default False
        Every athlete was on the roster for the whole period: coverage starts at the period's
        first day, not at the athlete's first session (spec §3.2).
    config : Config, optional
        Team configuration (duration limits in minutes, extension-heavy sports); default: the
        shipped one.
    options : ReadOptions, optional
        The mapping and decisions of issue 13 (export profile, ``athlete``, duration unit,
        time zone, near-identical names); `column_map` is added to its columns.

    Returns
    -------
    ParsedLog
        Valid rows, problems, warnings and rejects.

    Examples
    --------
    >>> import loadwatch as lw
    >>> parsed = lw.parse_log(b"athlete,date,duration_min,rpe\\n"
    ...                       b"A1,2024-01-01,60,5\\nA1,2024-01-02,90,14\\n")
    >>> [(p.row, p.column, p.message) for p in parsed.problems]
    [(3, 'rpe', 'RPE 14.0 looks like the Borg 6–20 scale; loadwatch needs CR-10 (0–10)')]
    >>> parsed.data["load_au"].tolist()               # row 3's day is kept as missing
    [300.0, nan]
    """
    cfg = config or default_config()
    raw = source if isinstance(source, RawTable) else read_table(  # the team's [limits]
        source, limits=Limits.from_config(cfg))
    headers = [str(h) for h in raw.frame.columns]
    if raw.frame.empty:
        raise LogError(f"{raw.name}: no data rows below the header ({', '.join(headers)})")
    opts = options if options is not None else ReadOptions()
    opts = opts.merged(options_from(column_map))
    if not opts.timezone and cfg.get("ingest.timezone"):
        opts = replace(opts, timezone=cfg.get("ingest.timezone"))  # the team's setting
    forced = {k: v for k, v in opts.columns.items() if v in headers}
    kind = detect_kind(headers, forced)
    long = None
    if opts.wide:
        raw, columns, long = to_long(raw, opts.wide, kind, forced)
        opts = replace(opts, columns={**opts.columns, **columns}, wide={})
        headers = [str(h) for h in raw.frame.columns]
    prep = prepare(raw, opts, kind=kind)
    prep.long = long
    raw = prep.raw
    mapping = prep.mapping
    require(mapping, fields_for(kind), headers, raw.name)
    check = Checker(raw.frame, mapping)
    try:
        if kind == "sessions":
            data, unit = _sessions(check, raw, cfg, dayfirst, period, roster_full_period)
        else:
            data, unit = _weekly(check, raw, cfg, dayfirst)
    except LogError as exc:
        raise LogError(f"{raw.name}: {exc}", exc.problems) from None
    bad = check.bad_rows.to_numpy()
    keep = ~bad
    if kind == "sessions":
        markers = _rejected_days(data, bad)
        data.loc[markers, _CHANNEL_VALUES] = np.nan
        data.loc[markers, Col.DAY_STATUS] = DayStatus.MISSING
        keep |= markers
    check.errors.sort(key=lambda p: (p.row or 0, p.column or ""))
    return ParsedLog(
        kind=kind,
        data=data.loc[keep].reset_index(drop=True),
        name=raw.name,
        mapping=mapping,
        problems=check.errors,
        warnings=check.warnings,
        rejects=check.rejects(),
        ignored_columns=prep.ignored,
        extension_unit=unit,
        prepared=prep,
    )


_CHANNEL_VALUES = [Col.DURATION, Col.RPE, Col.LOAD, Col.EXT_REPS, Col.EXT_MIN, Col.EXT_EXPOSURE,
                   Col.DELIVERIES, Col.JUMPS]


def _rejected_days(data: pd.DataFrame, bad: np.ndarray) -> np.ndarray:
    """Rejected rows whose athlete and date are readable and inside coverage: their day is
    kept as 'not recorded', so skipping a bad row makes the day missing, never rest."""
    dates = data[Col.DATE]
    inside = (dates >= data[Col.COVER_START]) & (dates <= data[Col.COVER_END])
    readable = data[Col.ATHLETE].notna() & inside.fillna(False)
    return bad & readable.to_numpy(bool)


def read_log(
    source: Source,
    *,
    dayfirst: bool | None = None,
    column_map: Mapping[str, str] | None = None,
    skip_invalid: bool = False,
    period: tuple[dt.date | str, dt.date | str] | None = None,
    roster_full_period: bool = False,
    config: Config | None = None,
) -> pd.DataFrame:
    """Read a training log (CSV/TSV/semicolon, .xlsx, Parquet) into canonical rows.

    Headers are matched through the schema's aliases; session load is the `load` column, else
    RPE × minutes (spec §2.1). A session log (§1.1) comes back with the schema's
    SESSION_COLUMNS; a weekly-totals log (§1.2) with WEEKLY_INPUT_COLUMNS (it has a
    `week_start` column). Raises LogError listing every invalid row unless `skip_invalid` is
    set; then the valid rows are returned (use :func:`parse_log` to get the rejects with their
    reasons).

    Parameters
    ----------
    source : str, Path, bytes or binary file
        The coach's export. Durations in minutes (or ``h:mm`` / ``hh:mm:ss``), RPE on the
        CR-10 scale (0–10), load in AU, extension exposure in reps or minutes, cricket
        deliveries in balls; a weekly log gives total minutes and total AU per week.
    dayfirst : bool, optional
        How to read ambiguous dates such as 03/04/2026; ``None`` refuses them.
    column_map : mapping, optional
        Canonical column name → the file's header, for headers no alias matches.
    skip_invalid : bool, default False
        Return the valid rows instead of refusing the file; a rejected row's day becomes
        "not recorded" (missing), never rest (spec §3.1).
    period : (date, date), optional
        The upload's declared coverage, first and last day included (spec §3.2); default:
        the first to the last date in the file.
    roster_full_period : bool, default False
        Coverage starts at the period's first day for every athlete (spec §3.2).
    config : Config, optional
        Team configuration (duration limits in minutes, extension-heavy sports); default: the
        shipped one.

    Returns
    -------
    DataFrame
        One row per session: athlete, date, sport, duration_min (minutes), rpe (CR-10),
        load_au (AU), extension_reps (reps), extension_min (minutes), extension_exposure (reps
        or minutes), deliveries (balls), day_status, source_row (spreadsheet row),
        coverage_start and coverage_end (dates).

    Raises
    ------
    LogError
        With every problem found (row, column, reason), not only the first.

    Examples
    --------
    >>> import loadwatch as lw
    >>> log = lw.read_log(b"athlete,Date,Minutes,RPE\\n"
    ...                   b"A1,2024-01-01,60,5\\nA1,2024-01-02,1:30,6\\n")
    >>> log[["athlete", "duration_min", "load_au"]].values.tolist()      # AU = RPE × minutes
    [['A1', 60.0, 300.0], ['A1', 90.0, 540.0]]
    """
    parsed = parse_log(
        source, dayfirst=dayfirst, column_map=column_map, period=period,
        roster_full_period=roster_full_period, config=config,
    )
    if parsed.problems and not skip_invalid:
        n_rows = len({p.row for p in parsed.problems})
        raise LogError(
            f"{parsed.name}: {n_rows} row(s) are invalid; nothing was read "
            "(fix the file, or skip the invalid rows explicitly)",
            parsed.problems,
        )
    return parsed.data


def _as_date(value: dt.date | str) -> pd.Timestamp:
    try:
        return pd.Timestamp(value).normalize()
    except (ValueError, TypeError):
        raise LogError(f"period date '{value}' is not a date (use YYYY-MM-DD)") from None


def _status(check: Checker) -> pd.Series | None:
    text = check.text(Col.DAY_STATUS)
    if text is None:
        return None
    words = text.map(normalise_word, na_action="ignore")
    status = words.map(STATUS_WORDS)
    accepted = "rest, injured, ill, not recorded, trained"
    check.flag(text.notna() & status.isna(), Col.DAY_STATUS,
               lambda: "'" + text.astype(str) + f"' is not a day status (use one of: {accepted})")
    return status


def _sessions(
    check: Checker,
    raw: RawTable,
    cfg: Config,
    dayfirst: bool | None,
    period: tuple[dt.date | str, dt.date | str] | None,
    roster_full_period: bool,
) -> tuple[pd.DataFrame, str]:
    """Canonical session rows (spec §1.1): who, when, day status, load, exposure, coverage.

    The steps flag problems in the file's column order of checks (warnings keep that order).
    """
    fields = {f.name: f for f in fields_for("sessions")}
    index = raw.frame.index
    out = _session_keys(check, raw, fields, dayfirst, DateWindow.from_config(cfg))
    marks = _session_load(out, check, raw, cfg, fields)
    for name in (Col.EXT_REPS, Col.EXT_MIN, Col.DELIVERIES, Col.JUMPS):
        values = check.number(fields[name], raw.decimal_comma)
        out[name] = values if values is not None else np.nan
    unit = _extension_exposure(out, check, cfg, marks.rest, marks.rest | marks.missing)
    for name in (Col.TEAM, Col.SPELLS):
        values = check.text(name)
        out[name] = values if values is not None else pd.NA
    out[Col.SOURCE_ROW] = index.to_numpy()
    columns = list(SESSION_COLUMNS)
    external = check.number(EXTERNAL_FIELD, raw.decimal_comma)
    if external is not None:  # an export's own load: its channel, never AU (issue 13)
        out[Col.EXTERNAL_LOAD] = external.where(~(marks.rest | marks.missing))
        columns.append(Col.EXTERNAL_LOAD)
    codes = _athlete_codes(out)  # factorised once: coverage and duplicates share it
    _coverage(out, check, period, roster_full_period, codes, cfg.week_start_day)
    _warn_duplicates(out, check, codes)
    return out[columns], unit


def _athlete_column(check: Checker, out: pd.DataFrame) -> None:
    """The athlete id of every row (a blank one is an error)."""
    athlete = check.text(Col.ATHLETE)
    assert athlete is not None
    check.flag(athlete.isna(), Col.ATHLETE, "athlete is blank")
    out[Col.ATHLETE] = athlete


def _sport_column(check: Checker, index: pd.Index) -> pd.Series:
    """The sport of every row; blank or absent → the unspecified sport."""
    sport = check.text(Col.SPORT)
    return (sport if sport is not None else pd.Series(pd.NA, index=index)).fillna(
        UNSPECIFIED_SPORT
    ).astype(str)


def _session_keys(
    check: Checker, raw: RawTable, fields: Mapping[str, Field], dayfirst: bool | None,
    window: DateWindow | None = None,
) -> pd.DataFrame:
    """Athlete, date, sport, start time and day status of each session row (a date outside
    the plausible `window` is refused with its row: issue 19.2)."""
    index = raw.frame.index
    out = pd.DataFrame(index=index)
    _athlete_column(check, out)
    date_cells = check.cells(Col.DATE)
    assert date_cells is not None
    dates = plausible_dates(
        check, fields[Col.DATE],
        lambda cells: parse_date(cells, dayfirst=dayfirst, column=check.header(Col.DATE)),
        "a date (use YYYY-MM-DD, DD/MM/YYYY or MM/DD/YYYY)", window,
    )
    check.flag(blank(date_cells), Col.DATE, "date is blank")
    out[Col.DATE] = dates
    out[Col.SPORT] = _sport_column(check, index)
    clock_cells = check.cells(Col.START_TIME)
    if clock_cells is not None:
        out[Col.START_TIME] = check.parsed(
            fields[Col.START_TIME], parse_clock(clock_cells), "a time of day (e.g. 16:30)"
        )
    else:
        out[Col.START_TIME] = pd.Series(pd.NA, index=index, dtype="string")
    status = _status(check)
    out[Col.DAY_STATUS] = (status if status is not None else _no_text(index)).astype("str")
    return out


def _session_load(
    out: pd.DataFrame, check: Checker, raw: RawTable, cfg: Config, fields: Mapping[str, Field]
) -> StatusMarks:
    """Duration, RPE, load (given, else RPE × minutes, §2.1) and session type; rest rows carry
    zero load, 'not recorded' rows none. Returns the rows' day-status marks."""
    index = raw.frame.index
    duration = None
    dur_cells = check.cells(Col.DURATION)
    if dur_cells is not None:
        duration = check.parsed(
            fields[Col.DURATION],
            parse_duration(dur_cells, decimal_comma=raw.decimal_comma),
            "a duration (minutes, h:mm or hh:mm:ss)",
        )
    rpe = check.number(fields[Col.RPE], raw.decimal_comma, check_maximum=False)
    load = check.number(fields[Col.LOAD], raw.decimal_comma)
    empty = pd.Series(np.nan, index=index)
    duration = empty if duration is None else duration
    rpe_v = empty if rpe is None else rpe
    _check_session_values(check, cfg, duration, rpe_v, load, out[Col.DAY_STATUS])
    marks = status_marks(out[Col.DAY_STATUS])
    rest = marks.rest
    srpe = rpe_v * duration
    session_load = srpe if load is None else load.fillna(srpe)
    session_load = session_load.where(~(rest | marks.missing), np.nan)
    out[Col.DURATION] = duration.where(~rest, 0.0).where(~marks.missing)
    out[Col.RPE] = rpe_v
    out[Col.LOAD] = session_load.where(~rest, 0.0)
    session_type = check.text(Col.SESSION_TYPE)
    out[Col.SESSION_TYPE] = session_type if session_type is not None else _no_text(index)
    return marks


def _check_session_values(
    check: Checker,
    cfg: Config,
    duration: pd.Series,
    rpe: pd.Series,
    load: pd.Series | None,
    status: pd.Series,
) -> None:
    borg = (rpe > 10) & (rpe <= _BORG_MAX)
    check.flag(borg, Col.RPE, lambda: "RPE " + rpe.astype(str)
               + " looks like the Borg 6–20 scale; loadwatch needs CR-10 (0–10)")
    check.flag(rpe > _BORG_MAX, Col.RPE,
               lambda: "RPE " + rpe.astype(str) + " is outside 0–10 (CR-10)")
    max_min = float(cfg.get("load.duration_max_min"))
    warn_min = float(cfg.get("load.duration_warn_min"))
    check.flag(duration > max_min, Col.DURATION,
               lambda: "duration " + duration.round(1).astype(str)
               + f" min is longer than {max_min:g} min; check the unit (minutes expected)")
    check.flag((duration > warn_min) & (duration <= max_min), Col.DURATION,
               lambda: "duration " + duration.round(1).astype(str)
               + f" min is over {warn_min:g} min; please check", warn=True)
    check.flag(duration < 0, Col.DURATION,
               lambda: "negative value " + duration.astype(str) + " (must be ≥ 0)")
    marks = status_marks(status)
    marked = pd.Series(marks.rest | marks.missing, index=status.index)
    has_effort = (rpe > 0) | ((load > 0) if load is not None else False)
    check.flag((duration == 0) & has_effort & ~marked, Col.DURATION,
               "duration is 0 min but RPE/load is above 0: enter the session's minutes, "
               "or mark the day as rest")
    check.flag((rpe == 0) & (duration > 0) & ~marked, Col.RPE,
               "RPE 0 means rest; this session counts as 0 AU", warn=True)


def _no_text(index: pd.Index) -> pd.Series:
    """An absent optional text column: all <NA>, stored compactly (not 8 bytes a row)."""
    return pd.Series(index=index, dtype="string")


class StatusMarks(NamedTuple):
    """Which rows carry an explicit day status: rest, or 'not recorded' (missing)."""

    rest: np.ndarray
    missing: np.ndarray


def status_marks(status: pd.Series) -> StatusMarks:
    """Rows marked rest and rows marked 'not recorded' in a canonical ``day_status`` column
    (spec §3.1); most logs have no status at all (fast path). Shared by ingest and series."""
    present = status.notna().to_numpy(bool)
    rest = np.zeros(len(status), dtype=bool)
    missing = np.zeros(len(status), dtype=bool)
    if present.any():
        words = status[present].astype(str).to_numpy()
        rest[present] = words == DayStatus.REST
        missing[present] = words == DayStatus.MISSING
    return StatusMarks(rest=rest, missing=missing)


def extension_heavy(sports: pd.Series, cfg: Config) -> np.ndarray:
    """Whether each row's sport is extension-heavy (decided once per distinct sport)."""
    codes, names = pd.factorize(sports)
    verdict = np.array([cfg.is_extension_heavy(str(n)) for n in names] + [False], dtype=bool)
    return verdict[codes]


def _extension_exposure(
    out: pd.DataFrame, check: Checker, cfg: Config, rest: np.ndarray, not_session: np.ndarray
) -> str:
    """Extension exposure per session (spec §9.4): explicit reps, else explicit minutes, else
    the minutes of sessions in extension-heavy sports. Returns the channel's unit."""
    sports = out[Col.SPORT]
    heavy = pd.Series(extension_heavy(sports, cfg), index=sports.index)
    if Col.EXT_REPS in check.mapping:
        explicit, unit = out[Col.EXT_REPS], "reps"
    elif Col.EXT_MIN in check.mapping:
        explicit, unit = out[Col.EXT_MIN], "min"
    else:
        explicit, unit = None, "min"
    if explicit is not None:
        known_sport = out[Col.SPORT] != UNSPECIFIED_SPORT
        # a blank count means "not counted" for an extension-heavy (or unknown) sport
        exposure = explicit.where(explicit.notna() | (known_sport & ~heavy), 0.0)
    else:
        exposure = out[Col.DURATION].where(heavy, 0.0)
    exposure = exposure.where(~not_session, np.nan)
    out[Col.EXT_EXPOSURE] = exposure.where(~rest, 0.0)
    return unit


def _coverage(
    out: pd.DataFrame,
    check: Checker,
    period: tuple[dt.date | str, dt.date | str] | None,
    roster_full_period: bool,
    codes: np.ndarray,
    week_start: int = 0,
) -> None:
    """Per-row coverage interval of the athlete in this upload (spec §3.2); `codes` are the
    rows' athlete codes (:func:`_athlete_codes`). Without a declared period, an athlete is
    covered to the end of the last team week holding their rows (never past the file's last
    date): one athlete's later rows never make rest days for the others (issue 19.2)."""
    dates = out[Col.DATE]
    valid = dates.notna() & out[Col.ATHLETE].notna()
    if period is not None:
        start, end = _as_date(period[0]), _as_date(period[1])
        if end < start:
            raise LogError(f"the period ends ({end:%Y-%m-%d}) before it starts ({start:%Y-%m-%d})")
        outside = valid & ((dates < start) | (dates > end))
        check.flag(outside, Col.DATE, lambda: "date " + dates.dt.strftime("%Y-%m-%d").astype(str)
                   + f" is outside the declared period {start:%Y-%m-%d} to {end:%Y-%m-%d}")
        valid &= ~outside
    elif valid.any():
        start, end = dates[valid].min(), dates[valid].max()
    else:
        start = end = pd.NaT
    days = np.where(valid.to_numpy(bool), _day_numbers(dates), np.iinfo(np.int64).max)
    earliest = np.full(codes.max() + 2, np.iinfo(np.int64).max)
    np.minimum.at(earliest, codes, days)
    first_day = earliest[codes]
    first = pd.Series(np.where(first_day == np.iinfo(np.int64).max, np.datetime64("NaT"),
                               first_day.astype("datetime64[D]")), index=out.index
                      ).astype("datetime64[ns]")
    out[Col.COVER_START] = pd.Series(start, index=out.index) if roster_full_period else first
    out[Col.COVER_END] = end if period is not None else _athlete_ends(days, codes, end,
                                                                     week_start, out.index)


def _athlete_ends(days: np.ndarray, codes: np.ndarray, end: pd.Timestamp, week_start: int,
                  index: pd.Index) -> pd.Series:
    """Each row's coverage end without a declared period: the last day of the team week
    (starting on weekday `week_start`) of its athlete's last valid row, capped at `end`."""
    unset = np.iinfo(np.int64).max
    latest = np.full(codes.max() + 2, np.iinfo(np.int64).min)
    np.maximum.at(latest, codes, np.where(days == unset, np.iinfo(np.int64).min, days))
    last = latest[codes]
    week_end = last - (last + 3 - week_start) % 7 + 6  # 1970-01-01 was a Thursday
    known = (last > np.iinfo(np.int64).min) & pd.notna(end)
    cap = _day_numbers(pd.Series([end])).item() if pd.notna(end) else 0
    ends = np.minimum(week_end, cap).astype("datetime64[D]").astype("datetime64[ns]")
    return pd.Series(np.where(known, ends, np.datetime64("NaT")), index=index
                     ).astype("datetime64[ns]")


def _athlete_codes(out: pd.DataFrame) -> np.ndarray:
    """Integer code of each row's athlete (−1 → the last code for a blank athlete)."""
    codes, _ = pd.factorize(out[Col.ATHLETE])
    return np.where(codes < 0, codes.max() + 1, codes).astype(np.int64)


def _day_numbers(dates: pd.Series) -> np.ndarray:
    """Days since 1970 (NaT → a large negative number that matches no real day)."""
    values = dates.to_numpy(dtype="datetime64[ns]").view(np.int64)
    return values // 86_400_000_000_000


def _shared_days(codes: np.ndarray, days: np.ndarray) -> np.ndarray:
    """Rows whose athlete-day has two or more rows: counted on an athlete x day grid when it
    is small (a season), else by hashing the keys."""
    real = days > np.iinfo(np.int64).min // 2  # NaT dates match no real day
    first = int(days[real].min()) if real.any() else 0
    span = int(days[real].max()) - first + 2 if real.any() else 1
    if (codes.max(initial=0) + 1) * span <= 4 * len(codes) + 1_000_000:
        key = codes * span + np.where(real, days - first, span - 1)
        counts = np.bincount(key, minlength=1)
        return counts[key] > 1
    return pd.Series(codes * 100_000 + days).duplicated(keep=False).to_numpy()


def _warn_duplicates(out: pd.DataFrame, check: Checker, codes: np.ndarray) -> None:
    """Rows identical in athlete, date, sport, start, duration, RPE and load are probable
    duplicates (spec §2.1): reported for the user to confirm, both kept."""
    keys = [Col.ATHLETE, Col.DATE, Col.SPORT, Col.START_TIME, Col.DURATION, Col.RPE, Col.LOAD]
    keys += [Col.EXTERNAL_LOAD] if Col.EXTERNAL_LOAD in out.columns else []
    # only athlete-days with two or more rows can hold a duplicate: check those alone
    shared = _shared_days(codes, _day_numbers(out[Col.DATE]))
    candidates = shared & out[Col.DAY_STATUS].isna().to_numpy(bool) \
        & out[Col.DATE].notna().to_numpy(bool)  # a row without a (plausible) date is refused
    if not candidates.any():
        return
    sessions = out[candidates]
    dup = sessions.duplicated(subset=keys, keep=False)
    if not dup.any():
        return
    firsts = sessions[dup].reset_index().groupby(keys, dropna=False)["index"].transform("min")
    first_row = pd.Series(firsts.to_numpy(), index=sessions.index[dup.to_numpy()])
    later = first_row[first_row != first_row.index]
    mask = pd.Series(False, index=out.index)
    mask[later.index] = True
    message = pd.Series("", index=out.index)
    message[later.index] = ("probable duplicate of row " + later.astype(str)
                            + " (same athlete, date, sport, start, duration and RPE); "
                            "both are counted — delete one if it is the same session")
    check.flag(mask, Col.DATE, message, warn=True)


def _weekly(
    check: Checker, raw: RawTable, cfg: Config, dayfirst: bool | None
) -> tuple[pd.DataFrame, str]:
    """Canonical weekly-totals rows (spec §1.2): who, which week, minutes, load, exposure."""
    fields = {f.name: f for f in fields_for("weekly")}
    index = raw.frame.index
    out = _week_keys(check, raw, fields, dayfirst, cfg)
    minutes, numbers = _week_numbers(check, raw, fields)
    rpe = numbers[Col.MEAN_RPE]
    empty = pd.Series(np.nan, index=index)
    minutes = empty if minutes is None else minutes
    out[Col.WEEK_MINUTES] = minutes
    approx = minutes * (rpe if rpe is not None else empty)
    given = numbers[Col.WEEK_LOAD]
    out[Col.WEEK_LOAD] = approx if given is None else given.fillna(approx)
    out[Col.LOAD_APPROX] = (given.isna() if given is not None else pd.Series(True, index=index)) & \
        approx.notna()
    for name, values in numbers.items():
        if name != Col.WEEK_LOAD:
            out[name] = values if values is not None else np.nan
    sports = out[Col.SPORT]
    heavy = pd.Series(extension_heavy(sports, cfg), index=sports.index)
    if Col.EXT_REPS in check.mapping:
        out[Col.EXT_EXPOSURE], unit = out[Col.EXT_REPS], "reps"
    elif Col.EXT_MIN in check.mapping:
        out[Col.EXT_EXPOSURE], unit = out[Col.EXT_MIN], "min"
    else:
        out[Col.EXT_EXPOSURE], unit = minutes.where(heavy, 0.0), "min"
    team = check.text(Col.TEAM)
    out[Col.TEAM] = team if team is not None else _no_text(index)
    out[Col.SOURCE_ROW] = index.to_numpy()
    _flag_duplicate_weeks(out, check)
    return out[list(WEEKLY_INPUT_COLUMNS)], unit


def _week_keys(
    check: Checker, raw: RawTable, fields: Mapping[str, Field], dayfirst: bool | None,
    cfg: Config,
) -> pd.DataFrame:
    """Athlete, week (its first day: calendar.week_start) and sport of each weekly-totals
    row; ISO labels give Mondays."""
    index = raw.frame.index
    out = pd.DataFrame(index=index)
    _athlete_column(check, out)
    week_cells = check.cells(Col.WEEK)
    assert week_cells is not None
    weeks = plausible_dates(
        check, fields[Col.WEEK],
        lambda cells: parse_week(cells, dayfirst=dayfirst, column=check.header(Col.WEEK)),
        "a week (use 2026-W47 or the week's Monday as YYYY-MM-DD)",
        DateWindow.from_config(cfg), noun="week starting",
    )
    check.flag(blank(week_cells), Col.WEEK, "week is blank")
    not_first = weeks.notna() & (weeks.dt.day_of_week != cfg.week_start_day)
    first_name = str(cfg.get("calendar.week_start")).capitalize()
    check.flag(not_first, Col.WEEK, lambda: weeks.dt.strftime("%Y-%m-%d").astype(str) + " is a "
               + weeks.dt.day_name().astype(str) + f"; a week starts on a {first_name}")
    out[Col.WEEK] = weeks
    out[Col.SPORT] = _sport_column(check, index)
    return out


def _week_numbers(
    check: Checker, raw: RawTable, fields: Mapping[str, Field]
) -> tuple[pd.Series | None, dict[str, pd.Series | None]]:
    """The week's minutes and every numeric column, checked (CR-10 mean RPE, ≤ 7 rest days,
    no more minutes than a week has); ``None`` for a column the file does not have."""
    minutes = None
    if Col.WEEK_MINUTES in check.mapping:
        minutes = check.parsed(
            fields[Col.WEEK_MINUTES],
            parse_duration(check.raw[check.mapping[Col.WEEK_MINUTES]],
                           decimal_comma=raw.decimal_comma),
            "a number of minutes",
        )
        check.flag(minutes < 0, Col.WEEK_MINUTES, "negative minutes")
        check.flag(minutes > 7 * 24 * 60, Col.WEEK_MINUTES, "more minutes than a week has")
    numbers = {
        name: check.number(fields[name], raw.decimal_comma,
                           check_maximum=name not in (Col.MEAN_RPE, Col.REST_DAYS))
        for name in (Col.WEEK_LOAD, Col.MEAN_RPE, Col.SESSIONS, Col.REST_DAYS, Col.FREE_PLAY,
                     Col.EXT_REPS, Col.EXT_MIN, Col.DELIVERIES, Col.JUMPS)
    }
    rpe = numbers[Col.MEAN_RPE]
    if rpe is not None:
        check.flag((rpe > 10) & (rpe <= _BORG_MAX), Col.MEAN_RPE,
                   lambda: "mean RPE " + rpe.astype(str)
                   + " looks like the Borg 6–20 scale; loadwatch needs CR-10 (0–10)")
        check.flag(rpe > _BORG_MAX, Col.MEAN_RPE, "mean RPE outside 0–10 (CR-10)")
    rest_days = numbers[Col.REST_DAYS]
    if rest_days is not None:
        check.flag(rest_days > 7, Col.REST_DAYS, "a week has at most 7 rest days")
    return minutes, numbers


def _flag_duplicate_weeks(out: pd.DataFrame, check: Checker) -> None:
    keys = [Col.ATHLETE, Col.WEEK, Col.TEAM]
    dup = out.duplicated(subset=keys, keep="first") & out[Col.WEEK].notna()
    if not dup.any():
        return
    first = out.reset_index().groupby(keys, dropna=False)["index"].transform("min")
    first.index = out.index
    check.flag(dup, Col.WEEK, lambda: "a second row for this athlete and week (first is row "
               + first.astype(str) + "); one row per athlete per week")


def combine_logs(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Stack several logs of the same kind (e.g. two teams' exports) into one table.

    Session logs and weekly-totals logs (spec §1.1, §1.2) are never mixed: their days mean
    different things.

    Parameters
    ----------
    frames : list of DataFrame
        Logs as :func:`read_log` returns them (load in AU, durations in minutes).

    Returns
    -------
    DataFrame
        The rows of every log, in order, with the same columns and units.

    Raises
    ------
    LogError
        No log given, or session and weekly-totals logs mixed.

    Examples
    --------
    >>> import loadwatch as lw
    >>> one = lw.read_log(b"athlete,date,load\\nA1,2024-01-01,300\\n")
    >>> two = lw.read_log(b"athlete,date,load\\nB7,2024-01-01,420\\n")
    >>> lw.combine_logs([one, two])[["athlete", "load_au"]].values.tolist()
    [['A1', 300.0], ['B7', 420.0]]
    """
    if not frames:
        raise LogError("no logs given")
    weekly = {Col.WEEK in f.columns for f in frames}
    if len(weekly) > 1:
        raise LogError("cannot mix session logs and weekly-totals logs in one analysis")
    return pd.concat(frames, ignore_index=True)


def has_sessions(log: pd.DataFrame) -> bool:
    """True when the log has at least one row that is not a 'not recorded' marker."""
    if is_weekly(log):
        return not log.empty
    return bool(log[Col.DAY_STATUS].ne(DayStatus.MISSING).fillna(True).any())


def is_weekly(log: pd.DataFrame) -> bool:
    """True for a weekly-totals log (it has week starts instead of session dates)."""
    return Col.WEEK in log.columns
