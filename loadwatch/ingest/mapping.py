"""Mapping everywhere (issue 13): from an export as it is to the columns the log reader
knows, loudly.

:func:`prepare` applies the detected export profile (headers only), the user's mapping
(``--map FIELD=COLUMN``, a mapping file, a saved mapping), the duration unit, the time zone
and ``--athlete`` to a raw table, and says what it did: the profile, each field's column or
"not in this file", every ignored column, symptom-like columns, planned workouts and rows
that are not sessions, and near-identical athlete labels (never merged or split silently).
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from loadwatch.errors import LogError
from loadwatch.ingest.names import settle_names
from loadwatch.ingest.parsing import as_text, blank, parse_number
from loadwatch.ingest.profiles import ExportProfile, by_key, detect_profile
from loadwatch.ingest.readers import RawTable
from loadwatch.ingest.units import UNIT_NAMES, duration_unit, has_stamps, local_days, to_minutes
from loadwatch.ingest.validate import map_columns
from loadwatch.schema import Col, Field, fields_for, normalise_header

NOT_IN_FILE = "not in this file"
ATHLETE_OPTION = "--athlete"  # the column --athlete NAME fills
STATUS_OPTION = "(no values)"  # the day status of rows without any value
#: short field names a user may type (the issue's words) → canonical names
SHORT_NAMES = {"duration": Col.DURATION, "load": Col.LOAD, "week": Col.WEEK,
               "minutes": Col.DURATION, "external": Col.EXTERNAL_LOAD}
_NONE_WORDS = {"", "-", "none", "notinthisfile"}
_SYMPTOM_WORDS = ("pain", "injur", "sore", "symptom", "hurt", "ache", "niggle")
_RPE_LABEL = r"^\s*(\d+(?:[.,]\d+)?)\s*(?:[-–—:=(]|$)"
PLANNED_NOTE = ("planned minutes: read as the coach's weekly totals (a plan, not what was "
                "done; ratios on it describe the plan)")
_SESSION_VALUES = (Col.DURATION, Col.RPE, Col.LOAD, Col.EXTERNAL_LOAD)


@dataclass
class ReadOptions(Mapping[str, str]):
    """How to read one export: the user's mapping and decisions (all optional).

    ``columns`` maps a field (schema name or athlete/date/duration/rpe/load/…) to the file's
    header, or to "" / "not in this file" to leave the field out. A ReadOptions is itself
    the mapping {field: header}, so it can go wherever a ``column_map`` goes (e.g.
    ``store.prepare_upload``) and its decisions travel with it.

    Examples
    --------
    >>> options = ReadOptions(columns={"rpe": "Perceived Exertion"}, athlete="Runner 1")
    >>> dict(options), options.athlete
    ({'rpe': 'Perceived Exertion'}, 'Runner 1')
    """

    columns: dict[str, str] = field(default_factory=dict)
    athlete: str | None = None
    duration_unit: str | None = None
    timezone: str | None = None
    merge_names: bool | None = None
    profile: str | None = None
    wide: dict[str, list[str]] = field(default_factory=dict)  # field → several columns
    planned: bool | None = None  # the file is a plan (the coach's planned minutes)

    def __getitem__(self, key: str) -> str:
        return self.columns[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.columns)

    def __len__(self) -> int:
        return len(self.columns)

    def merged(self, other: ReadOptions) -> ReadOptions:
        """These options with `other`'s given values on top (command line over file)."""
        given = {k: v for k, v in vars(other).items() if v not in (None, {})}
        columns = {k: v for k, v in {**self.columns, **other.columns}.items()
                   if k not in other.wide}
        wide = {k: v for k, v in {**self.wide, **other.wide}.items() if k not in other.columns}
        return replace(self, **{**given, "columns": columns, "wide": wide})


@dataclass
class Prepared:
    """A raw table in canonical columns, and what was done to get it (for the preview)."""

    raw: RawTable
    mapping: dict[str, str]
    ignored: list[str]
    profile: ExportProfile | None
    notes: list[str]
    unit: str | None
    fields: tuple[str, ...]
    long: pd.DataFrame | None = None  # a wide layout's long table (one row per block)

    @property
    def external_unit(self) -> str | None:
        """The unit of the export's own load channel, when it has one."""
        return self.profile.external_unit if Col.EXTERNAL_LOAD in self.mapping and \
            self.profile else None


def field_name(text: str) -> str:
    """The canonical field of a user's word ('duration' → 'duration_min')."""
    word = str(text).strip()
    return SHORT_NAMES.get(word, word)


def _map_items(items: list[str] | None) -> dict[str, list[str]]:
    """``--map FIELD=COLUMN`` items as {field: [columns, in order]}; a clear error for a bad
    item."""
    out: dict[str, list[str]] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise LogError(f"--map '{item}' is not FIELD=COLUMN (e.g. --map athlete=Name)")
        out.setdefault(field_name(key), []).append(value.strip())
    return out


def _is_wide(columns: list[str]) -> bool:
    """A field given several columns, or a pattern ('*Tps min'), is read wide."""
    return len(columns) > 1 or any(c in columns[0] for c in "*?[")


def parse_map_options(items: list[str] | None) -> dict[str, str]:
    """``--map FIELD=COLUMN`` items as {field: column} (fields given one column)."""
    return {k: v[0] for k, v in _map_items(items).items() if not _is_wide(v)}


def parse_wide_options(items: list[str] | None) -> dict[str, list[str]]:
    """The fields of ``--map`` items given several columns or a pattern (a wide layout:
    ``--map duration=A --map duration=B`` or ``--map duration=*Tps min``)."""
    return {k: v for k, v in _map_items(items).items() if _is_wide(v)}


def read_mapping_file(path: str | Path) -> ReadOptions:
    """A mapping file (TOML): ``[columns]`` field = "header", and optionally profile,
    athlete, duration_unit, timezone, merge_names."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LogError(f"{path}: no such mapping file") from None
    except tomllib.TOMLDecodeError as exc:
        raise LogError(f"{path}: not a valid TOML mapping file ({exc})") from None
    given = data.get("columns", {})
    columns = {field_name(k): str(v) for k, v in given.items() if not isinstance(v, list)}
    wide = {field_name(k): [str(c) for c in v] for k, v in given.items() if isinstance(v, list)}
    unit = data.get("duration_unit")
    return ReadOptions(columns=columns, wide=wide, planned=data.get("planned"),
                       athlete=data.get("athlete"),
                       duration_unit=duration_unit(unit) if unit else None,
                       timezone=data.get("timezone"), merge_names=data.get("merge_names"),
                       profile=data.get("profile"))


def _by_norm(headers: list[str]) -> dict[str, str]:
    """Normalised header → the file's header (the first of equal spellings)."""
    out: dict[str, str] = {}
    for header in headers:
        out.setdefault(normalise_header(header), header)
    return out


def _profile_columns(profile: ExportProfile, headers: list[str]) -> dict[str, str]:
    """The profile's field → header mapping for the headers this file has: exact columns
    first, then a header containing one of the profile's words (question titles)."""
    norm = _by_norm(headers)
    found: dict[str, str] = {}
    for name, header in profile.mapping.items():
        hit = norm.get(normalise_header(header))
        if hit is not None:
            found[field_name(name)] = hit
    used = set(found.values())
    for name, words in profile.match.items():
        key = field_name(name)
        for word in words:
            hit = next((h for n, h in norm.items() if word in n and h not in used), None)
            if hit is not None:
                found[key] = hit
                used.add(hit)
                break
    return found


def resolve_columns(headers: list[str], fields: tuple[Field, ...], options: ReadOptions,
                    profile: ExportProfile | None) -> tuple[dict[str, str], set[str]]:
    """Field → header: the user's mapping over the profile's over the aliases, and the
    fields the user left out ("not in this file"). With a profile, aliases only fill its
    required fields, never the athlete of a one-athlete export nor its own load column."""
    names = {f.name for f in fields} | {Col.EXTERNAL_LOAD}
    user = {field_name(k): v for k, v in options.columns.items()}
    unknown = sorted(set(user) - names)
    if unknown:
        raise LogError(f"column_map names unknown field(s) {unknown}; valid: "
                       f"{', '.join(f.name for f in fields)} (or the short athlete, date, "
                       "duration, rpe, load)")
    left_out = {k for k, v in user.items() if normalise_header(v) in _NONE_WORDS}
    chosen = {k: v for k, v in user.items() if k not in left_out}
    missing = [v for v in chosen.values() if v not in headers]
    if missing:
        raise LogError(f"column_map refers to column(s) {missing} that are not in the "
                       f"file; columns found: {', '.join(headers)}")
    found = _profile_columns(profile, headers) if profile else {}
    if profile and profile.external_column:
        hit = _by_norm(headers).get(normalise_header(profile.external_column))
        if hit is not None:
            found[Col.EXTERNAL_LOAD] = hit
    found = {k: v for k, v in found.items() if k not in left_out and v not in chosen.values()}
    mapping = {**found, **chosen}
    taken = set(mapping.values())
    auto_fields = tuple(
        f for f in fields if f.name not in mapping and f.name not in left_out
        and (profile is None or (f.required and not (profile.one_athlete
                                                      and f.name == Col.ATHLETE))))
    if options.athlete:
        auto_fields = tuple(f for f in auto_fields if f.name != Col.ATHLETE)
    auto, _ = map_columns([h for h in headers if h not in taken], auto_fields)
    return {**mapping, **auto}, left_out


def _rpe_numbers(cells: pd.Series, decimal_comma: bool) -> tuple[pd.Series, bool]:
    """RPE answers given as labels ('7 - Very hard') as their number; plain numbers stay."""
    number = parse_number(cells, decimal_comma=decimal_comma)
    words = number.bad.to_numpy(bool)  # the regex runs on non-numbers alone
    if not words.any():  # all numbers: handed on parsed (the row checks read them once)
        return number.values, False
    text = as_text(cells)
    lead = text[words].str.extract(_RPE_LABEL, expand=False)
    lead = lead[lead.notna()]
    if lead.empty:
        return cells, False
    text[lead.index] = lead.str.replace(",", ".", regex=False)
    return text, True


def _duration_column(cells: pd.Series, unit: str, raw: RawTable, header: str) -> pd.Series:
    """Minutes of a duration column in `unit` (refused as a whole when implausible); cells
    that cannot be read stay as written so that the row check names them."""
    parsed = to_minutes(cells, unit, decimal_comma=raw.decimal_comma, column=header)
    bad = parsed.bad.to_numpy(bool)
    if not bad.any():
        return parsed.values
    return parsed.values.astype(object).where(~bad, cells)


def _not_sessions(frame: pd.DataFrame, mapping: dict[str, str], profile: ExportProfile | None,
                  raw: RawTable) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Rows that are not sessions, with the notes that say so: planned workouts not
    completed (the profile's rule: left out) and rows without any load, duration or RPE
    (their day is 'not recorded' unless the athlete has another session that day: missing
    is not rest). Returns (rows left out, rows marked not recorded, notes)."""
    drop = np.zeros(len(frame), dtype=bool)
    notes = []
    if profile and profile.completed and profile.completed in raw.frame.columns:
        drop = blank(raw.frame[profile.completed]).to_numpy(bool)
        if drop.any():
            notes.append(f"{int(drop.sum())} planned workout(s) not completed (no "
                         f"'{profile.completed}') are not sessions: rows "
                         f"{_rows(frame.index[drop])}")
    values = [mapping[c] for c in _SESSION_VALUES if c in mapping]
    empty = np.zeros(len(frame), dtype=bool)
    if values and Col.DAY_STATUS not in mapping:
        empty = np.logical_and.reduce([blank(frame[c]).to_numpy(bool) for c in values]) & ~drop
    if not empty.any():
        return drop, empty, notes
    keys = [mapping[c] for c in (Col.ATHLETE, Col.DATE) if c in mapping]
    day = pd.MultiIndex.from_frame(frame[keys].astype("string").fillna(""))
    other = day.isin(day[~empty & ~drop]) & empty
    marked = empty & ~other
    notes.append(f"{int(empty.sum())} row(s) without any load, duration or RPE are not "
                 f"sessions: rows {_rows(frame.index[empty])}"
                 + (f"; the day of rows {_rows(frame.index[marked])} counts as not recorded "
                    "(missing, not rest)" if marked.any() else ""))
    return drop | other, empty & ~other, notes


def _rows(index: pd.Index, limit: int = 10) -> str:
    """Row numbers for a note: the first ten, then how many more."""
    rows = [str(r) for r in index[:limit]]
    more = f" and {len(index) - limit} more" if len(index) > limit else ""
    return ", ".join(rows) + more


def _loud_columns(ignored: list[str]) -> list[str]:
    """Notes naming every ignored column, and those that look like symptoms."""
    if not ignored:
        return []
    notes = [f"ignored: {', '.join(ignored)}"]
    symptoms = [h for h in ignored if any(w in normalise_header(h) for w in _SYMPTOM_WORDS)]
    if symptoms:
        notes.append(
            f"column(s) {', '.join(repr(h) for h in symptoms)} look like symptoms: they were not "
            "read. Symptoms belong in a check-in (loadwatch symptoms import, or the check-in "
            "page), where a therapist sees them")
    return notes


def _unit_for(options: ReadOptions, profile: ExportProfile | None) -> str:
    """The duration unit: --duration-unit / the mapping, else the profile's, else minutes."""
    if options.duration_unit:
        return duration_unit(options.duration_unit)
    return profile.duration_unit if profile and profile.duration_unit else "min"


def _frame(raw: RawTable, mapping: dict[str, str], options: ReadOptions,
           profile: ExportProfile | None, unit: str) -> tuple[pd.DataFrame, list[str]]:
    """The mapped columns under the file's own headers (so that every problem names the
    column as the user wrote it), converted; and the notes of the conversions."""
    frame = pd.DataFrame({h: raw.frame[h] for h in mapping.values()}, index=raw.frame.index)
    notes: list[str] = []
    if options.athlete:
        mapping[Col.ATHLETE] = ATHLETE_OPTION
        frame[ATHLETE_OPTION] = pd.Series(str(options.athlete), index=frame.index,
                                          dtype="string")
    if Col.DURATION in mapping:
        header = mapping[Col.DURATION]
        frame[header] = _duration_column(frame[header], unit, raw, header)
    if Col.RPE in mapping:
        header = mapping[Col.RPE]
        frame[header], labelled = _rpe_numbers(frame[header], raw.decimal_comma)
        if labelled:
            notes.append(f"RPE read from answer labels ('7 - Very hard' → 7) in '{header}'")
    if Col.DATE in mapping and not raw.typed:
        header = mapping[Col.DATE]
        utc = bool(profile and profile.time_zone == "utc")
        if utc or has_stamps(frame[header]):
            frame[header] = local_days(frame[header], assume_utc=utc, timezone=options.timezone)
    return frame, notes


def prepare(raw: RawTable, options: ReadOptions | None = None, *, kind: str = "sessions"
            ) -> Prepared:
    """The export in canonical columns, with every decision said (the preview's data).

    The profile is detected from the headers (or named by the options); a profile that
    refuses (a wellness export) raises LogError with how to fix it; a one-athlete export
    needs ``athlete`` (or a mapped column). Rows that are not sessions are left out and said.
    """
    opts = options if options is not None else ReadOptions()
    headers = [str(h) for h in raw.frame.columns]
    profile = by_key(opts.profile) if opts.profile else detect_profile(headers)
    if profile and profile.refuse:
        raise LogError(f"{raw.name}: this looks like {profile.says}: {profile.refuse}")
    if kind != "sessions":
        profile = None
    fields = fields_for("sessions" if kind == "sessions" else "weekly")
    mapping, _ = resolve_columns(headers, fields, opts, profile)
    if profile and profile.one_athlete and Col.ATHLETE not in mapping and not opts.athlete:
        raise LogError(f"{raw.name}: {profile.describe()}. Name the athlete: --athlete NAME "
                       "(or map a column: --map athlete=COLUMN)")
    if opts.athlete:
        mapping.pop(Col.ATHLETE, None)
    used = set(mapping.values())
    mapping = dict(mapping)
    ignored = [h for h in headers if h not in used]
    notes = [profile.describe()] if profile else []
    notes += [p.message for p in raw.notes]  # the reader's: sheet, header, repeated names
    unit = _unit_for(opts, profile) if kind == "sessions" else None
    if kind == "sessions":
        frame, converted = _frame(raw, mapping, opts, profile, unit or "min")
        drop, unrecorded, skipped = _not_sessions(frame, mapping, profile, raw)
        if unrecorded.any():
            mapping[Col.DAY_STATUS] = STATUS_OPTION
            frame[STATUS_OPTION] = pd.Series(pd.NA, index=frame.index, dtype="string").mask(
                unrecorded, "not recorded")
        frame = frame.loc[~drop]
        notes += converted + skipped
        if Col.ATHLETE in mapping:
            header = mapping[Col.ATHLETE]
            frame[header], decided = settle_names(frame[header], opts.merge_names, raw.name)
            notes += decided
    else:
        frame = pd.DataFrame({h: raw.frame[h] for h in mapping.values()}, index=raw.frame.index)
        if opts.athlete:
            mapping[Col.ATHLETE] = ATHLETE_OPTION
            frame[ATHLETE_OPTION] = pd.Series(str(opts.athlete), index=frame.index,
                                              dtype="string")
    if opts.planned:
        notes.append(PLANNED_NOTE)
    notes += _loud_columns(ignored)
    table = RawTable(frame, raw.name, decimal_comma=raw.decimal_comma, typed=raw.typed)
    return Prepared(raw=table, mapping=mapping, ignored=ignored, profile=profile, notes=notes,
                    unit=unit, fields=tuple(f.name for f in fields))


def field_columns(prepared: Prepared) -> dict[str, str]:
    """Every field of the log with its column in the file, or "not in this file" (for the
    mapping editor)."""
    names = list(prepared.fields) + [Col.EXTERNAL_LOAD]
    return {n: prepared.mapping.get(n, NOT_IN_FILE) for n in names}


def unit_words(unit: str | None) -> str:
    """'seconds', 'minutes', 'hours' or 'h:mm:ss' for a canonical unit (blank for None)."""
    return UNIT_NAMES.get(unit or "", "")


def options_from(columns: Mapping[str, str] | None) -> ReadOptions:
    """ReadOptions from a column_map: itself when it is one, else one holding only the
    {field: column} mapping (the older column_map argument)."""
    if isinstance(columns, ReadOptions):
        return columns
    return ReadOptions(columns={field_name(k): v for k, v in (columns or {}).items()})


def describe_options(options: ReadOptions) -> str:
    """The options in one line ('athlete=Name, rpe=Perceived Exertion, duration unit s')."""
    parts = [f"{k}={v or NOT_IN_FILE}" for k, v in options.columns.items()]
    parts += [f"{k} from {' + '.join(v)}" for k, v in options.wide.items()]
    if options.planned:
        parts.append("a plan")
    if options.athlete:
        parts.append(f"athlete {options.athlete}")
    if options.duration_unit:
        parts.append(f"durations in {unit_words(duration_unit(options.duration_unit))}")
    if options.timezone:
        parts.append(f"time zone {options.timezone}")
    if options.merge_names is not None:
        parts.append("near-identical names merged" if options.merge_names
                     else "near-identical names kept apart")
    return ", ".join(parts) or "the export's own columns"


def layout_key(headers: list[str]) -> tuple[str, str]:
    """(key, name) of a file's layout for saved mappings: the export profile's, else one
    made from the normalised headers (so next week's file with the same headers matches)."""
    profile = detect_profile(headers)
    if profile is not None:
        return profile.key, profile.name
    digest = hashlib.sha256("|".join(normalise_header(h) for h in headers).encode()).hexdigest()
    return f"headers-{digest[:16]}", "this layout of columns"
