"""What the dashboard's mapping editor shows before anything is stored (issue 13): the
detected export profile, each field's column or "not in this file", every ignored column,
the notes (time zone, units, rows that are not sessions) and the first rows as they will be
stored. A file-level refusal comes back as the message, not a traceback."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from loadwatch.config import Config, default_config
from loadwatch.errors import LogError, Problem
from loadwatch.ingest.log import parse_log
from loadwatch.ingest.mapping import NOT_IN_FILE, ReadOptions, field_columns, resolve_columns
from loadwatch.ingest.profiles import by_key, detect_profile
from loadwatch.ingest.readers import RawTable, Source, read_table
from loadwatch.ingest.units import machine_zone
from loadwatch.schema import Col, fields_for


@dataclass
class ExportPreview:
    """An export read with a mapping, for a face to show (nothing stored).

    ``profile`` is the export profile's key (None for an unknown layout), ``fields`` every
    field with its column or "not in this file", ``rows`` the first rows as they will be
    stored, ``error`` the one-line refusal when the file cannot be read as a log yet (e.g.
    a required field unmatched: the editor then asks for it).
    """

    headers: list[str]
    profile: str | None = None
    profile_name: str | None = None
    description: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    timezone: str = ""
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    n_sessions: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    error: str | None = None


def preview_export(source: Source | RawTable, options: ReadOptions | None = None, *,
                   dayfirst: bool | None = None, config: Config | None = None,
                   rows: int = 10) -> ExportPreview:
    """Read an export with `options` and say everything the mapping editor needs.

    Examples
    --------
    >>> preview = preview_export(b"Name,Date,Minutes,RPE,Avg HR\\nA1,2024-01-01,60,5,140\\n")
    >>> preview.fields["duration_min"], preview.ignored, preview.rows["load_au"].tolist()
    ('Minutes', ['Avg HR'], [300.0])
    """
    opts = options if options is not None else ReadOptions()
    raw = source if isinstance(source, RawTable) else read_table(source)
    headers = [str(h) for h in raw.frame.columns]
    zone = opts.timezone or (config or default_config()).get("ingest.timezone") or machine_zone()
    try:
        parsed = parse_log(raw, dayfirst=dayfirst, config=config, options=opts)
    except LogError as exc:
        return _refused(raw, opts, zone, str(exc))
    prep = parsed.prepared
    assert prep is not None
    profile = prep.profile
    return ExportPreview(
        headers=headers, profile=profile.key if profile else None,
        profile_name=profile.name if profile else None,
        description=profile.describe() if profile else None,
        fields=field_columns(prep), ignored=list(prep.ignored),
        notes=[*parsed.notes, f"time stamps read as the local day in {zone}"],
        timezone=zone, rows=parsed.data.head(rows).reset_index(drop=True),
        n_sessions=len(parsed.data), problems=parsed.problems, warnings=parsed.warnings,
    )


def _refused(raw: RawTable, options: ReadOptions, zone: str, error: str) -> ExportPreview:
    """A preview of a file not readable as a log yet: its profile and what is matched so
    far, for the editor to ask for the rest."""
    headers = [str(h) for h in raw.frame.columns]
    try:
        profile = by_key(options.profile) if options.profile else detect_profile(headers)
        found, _ = resolve_columns(headers, fields_for("sessions"), options, profile)
    except LogError:
        profile, found = None, {}
    names = [f.name for f in fields_for("sessions")] + [Col.EXTERNAL_LOAD]
    used = set(found.values())
    return ExportPreview(
        headers=headers, profile=profile.key if profile else None,
        profile_name=profile.name if profile else None,
        description=profile.describe() if profile else None,
        fields={n: found.get(n, NOT_IN_FILE) for n in names},
        ignored=[h for h in headers if h not in used], timezone=zone, error=error)
