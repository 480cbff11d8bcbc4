"""Wide layouts turned long (issue 13.5): a field read from SEVERAL columns.

A coach's planning workbook repeats a block of columns per session ('FRACTIONNE Tps min',
'FARTLEK Tps min', …); a squad sheet has one column per day (athletes in rows, dates in the
headers). ``--map duration=COL --map duration=COL2`` or a pattern ``--map duration=*Tps min``
names the columns; :func:`to_long` makes one row per block (the long table the preview
shows), leaves out blocks without a value (not a session) and, for a weekly-totals file,
sums the blocks of each row into the week's minutes with the number of sessions. Columns
whose header is a date give the date of their block when no date column is mapped.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import replace

import numpy as np
import pandas as pd

from loadwatch.errors import LogError, Problem
from loadwatch.ingest.parsing import blank, parse_date, parse_number
from loadwatch.ingest.readers import RawTable
from loadwatch.schema import Col

BLOCK = "column read"  # the long table's column naming each row's source column
BLOCK_DATE = "date (from the column's header)"
_LETTER = re.compile(r"\s*\([A-Z]{1,3}\)$")  # the reader's "RPE (F)" for a repeated header
#: fields a weekly-totals file may sum from several columns, and the weekly field they feed
WEEKLY_SUMS = {Col.DURATION: Col.WEEK_MINUTES, Col.WEEK_MINUTES: Col.WEEK_MINUTES,
               Col.LOAD: Col.WEEK_LOAD, Col.WEEK_LOAD: Col.WEEK_LOAD,
               Col.EXT_REPS: Col.EXT_REPS, Col.EXT_MIN: Col.EXT_MIN,
               Col.DELIVERIES: Col.DELIVERIES, Col.JUMPS: Col.JUMPS}


def expand_columns(patterns: list[str], headers: list[str], field: str) -> list[str]:
    """The file's columns named by `patterns` (exact headers, or ``*``/``?`` patterns matched
    case-insensitively, also without the reader's "(L)" letter), in the file's order."""
    chosen: set[str] = set()
    for pattern in patterns:
        if pattern in headers:
            chosen.add(pattern)
            continue
        if not any(c in pattern for c in "*?["):
            raise LogError(f"--map {field}={pattern}: no column '{pattern}'; columns found: "
                           f"{', '.join(headers)}")
        wanted = pattern.casefold()
        hits = [h for h in headers if fnmatch.fnmatchcase(h.casefold(), wanted)
                or fnmatch.fnmatchcase(_LETTER.sub("", h).casefold(), wanted)]
        if not hits:
            raise LogError(f"--map {field}={pattern}: no column matches the pattern; columns "
                           f"found: {', '.join(headers)}")
        chosen.update(hits)
    return [h for h in headers if h in chosen]


def _blocks(raw: RawTable, wide: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each wide field's columns, all fields with the same number of blocks."""
    headers = [str(h) for h in raw.frame.columns]
    columns = {f: expand_columns(p, headers, f) for f, p in wide.items()}
    counts = {len(c) for c in columns.values()}
    if len(counts) > 1:
        said = "; ".join(f"{f}: {len(c)}" for f, c in columns.items())
        raise LogError(f"{raw.name}: the fields read from several columns need as many "
                       f"columns each (one per block), got {said}")
    return columns


def _long(raw: RawTable, columns: dict[str, list[str]]) -> pd.DataFrame:
    """One row per (row, block): the other columns repeated, each wide field's cell of the
    block under the field's name, the block's column in BLOCK; index = the file's row."""
    taken = {h for cols in columns.values() for h in cols}
    rest = raw.frame[[h for h in raw.frame.columns if h not in taken]]
    n_blocks = len(next(iter(columns.values())))
    parts = []
    for i in range(n_blocks):  # one frame per block (a handful of columns), never per row
        part = rest.copy()
        for name, cols in columns.items():
            part[name] = raw.frame[cols[i]].to_numpy()
        part[BLOCK] = next(iter(columns.values()))[i]
        parts.append(part)
    return pd.concat(parts)


def _with_values(long: pd.DataFrame, fields: list[str]) -> pd.DataFrame:
    """The blocks holding a value in some wide field (a block without one is not a session)."""
    empty = np.logical_and.reduce([blank(long[f]).to_numpy(bool) for f in fields])
    return long.loc[~empty]


def _weekly_sums(raw: RawTable, long: pd.DataFrame, columns: dict[str, list[str]]
                 ) -> tuple[pd.DataFrame, dict[str, str]]:
    """Each row's blocks summed into its weekly fields, with the number of sessions."""
    frame = raw.frame[[h for h in raw.frame.columns
                       if h not in {c for cols in columns.values() for c in cols}]].copy()
    mapping: dict[str, str] = {}
    positive = None
    for name, cols in columns.items():
        target = WEEKLY_SUMS.get(name)
        if target is None:
            raise LogError(f"{raw.name}: a weekly-totals file can read only summable fields "
                           f"from several columns ({', '.join(sorted(set(WEEKLY_SUMS)))}), "
                           f"not {name}")
        number = parse_number(long[name], decimal_comma=raw.decimal_comma)
        bad = number.bad.to_numpy(bool) & ~blank(long[name]).to_numpy(bool)
        if bad.any():
            row, cell = long.index[bad][0], long[name].to_numpy()[bad][0]
            raise LogError(f"{raw.name}: row {row}, column '{long[BLOCK].to_numpy()[bad][0]}': "
                           f"{cell!r} is not a number")
        header = f"{target} (sum of {len(cols)} columns)"
        frame[header] = number.values.groupby(level=0).sum(min_count=1).reindex(frame.index)
        mapping[target] = header
        positive = number.values.gt(0) if target == Col.WEEK_MINUTES else None
    counted = f"{Col.SESSIONS} (blocks with minutes)"
    if positive is not None:  # a block of 0 minutes is not a session either
        frame[counted] = positive.groupby(level=0).sum().reindex(frame.index)
        mapping[Col.SESSIONS] = counted
    return frame.loc[frame.index.isin(long.index)], mapping


def _header_dates(cols: list[str]) -> pd.Series | None:
    """The blocks' headers as dates, when every one of them reads as a date."""
    parsed = parse_date(pd.Series(cols, dtype="string"), dayfirst=None, column="header")
    return None if parsed.bad.any() else parsed.values


def to_long(raw: RawTable, wide: dict[str, list[str]], kind: str,
            mapped: dict[str, str]) -> tuple[RawTable, dict[str, str], pd.DataFrame]:
    """The table with its wide fields turned long, the {field: column} mapping of the new
    columns, and the long table (one row per block with a value, for the preview).

    `mapped` is the user's single-column mapping: without a date column in a session log,
    block headers that are dates give each block's date.
    """
    columns = _blocks(raw, wide)
    first = next(iter(columns.values()))
    long = _with_values(_long(raw, columns), list(columns))
    said = ", ".join(f"{f} from {len(c)} columns ({', '.join(c)})" for f, c in columns.items())
    notes = [f"wide layout: {said}; {len(long):,} of {len(raw.frame) * len(first):,} blocks "
             "hold a value (one row each; a block without one is not a session)"]
    if kind == "weekly":
        frame, mapping = _weekly_sums(raw, long, columns)
        gone = raw.frame.index.difference(frame.index)
        notes.append(f"summed per row: {len(frame):,} week(s)"
                     + (f"; row(s) {', '.join(str(r) for r in gone[:10])}"
                        + (f" and {len(gone) - 10} more" if len(gone) > 10 else "")
                        + " have no value in any block: not weeks" if len(gone) else ""))
    else:
        frame = long.reset_index(names="row in the file")
        frame.index = pd.RangeIndex(2, len(frame) + 2)
        mapping = {f: f for f in columns}
        dates = _header_dates(first) if Col.DATE not in mapped else None
        if dates is not None:
            by_header = dict(zip(first, dates, strict=True))
            frame[BLOCK_DATE] = frame[BLOCK].map(by_header)
            mapping[Col.DATE] = BLOCK_DATE
            notes.append("each column's header is its date; rows of the long table are "
                         "numbered from 2 ('row in the file' names the file's row)")
    problems = [Problem(None, None, n, "warning") for n in notes]
    table = replace(raw, frame=frame, notes=[*raw.notes, *problems])
    return table, mapping, long

