"""The injury log: one row per injury, validated like every upload (issue #8).

An injury log has one row per injury: athlete, onset date, body region, type (overuse or
acute), time-loss days and return date (to full participation). It is read through the same
validation path as every other upload (:func:`loadwatch.ingest.validate.parse_fields`): headers
matched through aliases, every bad cell reported with its spreadsheet row, and all-or-nothing
(one invalid row refuses the file). Rows are also checked against each other: a return date
before the onset, a time loss that disagrees with onset → return, or the same injury twice.

Time loss and return date describe the same thing: time-loss days = return date − onset date
(the athlete is unavailable from the onset day up to the day before the return). Either may
be given; the other is filled in. With both blank the injury is *ongoing* (the athlete had not
returned when the log was written).

The epidemiology built on it is :mod:`loadwatch.model.epidemiology`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from loadwatch.errors import LogError, Problem
from loadwatch.ingest.readers import RawTable, Source, read_table
from loadwatch.ingest.validate import ROW, map_columns, parse_fields
from loadwatch.schema import (
    BODY_REGIONS,
    INJURY_FIELDS,
    INJURY_TYPES,
    REGION_SYNONYMS,
    TYPE_SYNONYMS,
    Field,
    InjuryCol,
    normalise_word,
)

__all__ = [
    "InjuryCol", "INJURY_FIELDS", "BODY_REGIONS", "INJURY_TYPES", "read_injuries",
    "parse_injuries", "ParsedInjuries", "pad_absent_fields",
]


_DAY = np.timedelta64(1, "D")


@dataclass
class ParsedInjuries:
    """A validated injury log: rows (with `row` = spreadsheet row), every problem, its name."""

    data: pd.DataFrame
    name: str
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _fold_synonyms(raw: RawTable, mapping: Mapping[str, str]) -> None:
    """Rewrite accepted synonyms of regions and types to their canonical words, in place."""
    for name, synonyms in ((InjuryCol.REGION, REGION_SYNONYMS), (InjuryCol.TYPE, TYPE_SYNONYMS)):
        header = mapping.get(name)
        if header is None:
            continue
        cells = raw.frame[header]
        words = cells.map(normalise_word, na_action="ignore")
        raw.frame[header] = cells.where(~words.isin(list(synonyms)), words.map(synonyms))


def pad_absent_fields(source: Source | RawTable, fields: tuple[Field, ...],
                      column_map: Mapping[str, str] | None = None) -> RawTable:
    """A copy of the table with a blank column for every optional field the file lacks.

    Works around validate.parse_fields failing on an absent number/duration column under
    pandas 3 (``pd.Series(pd.NA, dtype="float64")`` raises); remove once validate.py uses NaN.
    """
    raw = source if isinstance(source, RawTable) else read_table(source)
    frame = raw.frame.copy()
    mapping, _ = map_columns([str(h) for h in frame.columns], fields, column_map)
    for fld in fields:
        if fld.name not in mapping and not fld.required:
            frame[fld.name] = ""
    return RawTable(frame, raw.name, raw.decimal_comma, raw.typed)


def parse_injuries(source: Source | RawTable, *, dayfirst: bool | None = None,
                   column_map: Mapping[str, str] | None = None) -> ParsedInjuries:
    """Validate an injury log without raising for row errors (they are in `.problems`)."""
    raw = pad_absent_fields(source, INJURY_FIELDS, column_map)
    mapping, _ = map_columns([str(h) for h in raw.frame.columns], INJURY_FIELDS, column_map)
    _fold_synonyms(raw, mapping)
    parsed = parse_fields(raw, INJURY_FIELDS, dayfirst=dayfirst, column_map=column_map)
    data = parsed.data.copy()
    header = {f.name: parsed.mapping.get(f.name, f.name) for f in INJURY_FIELDS}
    problems = list(parsed.problems)
    onset, ret = data[InjuryCol.ONSET], data[InjuryCol.RETURN]
    loss = data[InjuryCol.TIME_LOSS].astype("float64")
    span = (ret - onset) / pd.Timedelta(days=1)

    def flag(mask: pd.Series, name: str, texts: pd.Series | str) -> None:
        mask = mask.fillna(False).astype(bool)
        for i in np.flatnonzero(mask.to_numpy()):
            text = texts if isinstance(texts, str) else str(texts.iloc[i])
            problems.append(Problem(int(data[ROW].iloc[i]), header[name], text))

    fmt = "%Y-%m-%d"
    flag(ret < onset, InjuryCol.RETURN, "return date " + ret.dt.strftime(fmt).astype(str)
         + " is before the onset date " + onset.dt.strftime(fmt).astype(str))
    flag(loss.notna() & (loss != np.round(loss)), InjuryCol.TIME_LOSS,
         "time loss must be whole days, not " + loss.astype(str))
    disagree = loss.notna() & span.notna() & (span >= 0) & (loss != span)
    flag(disagree, InjuryCol.TIME_LOSS,
         "time loss " + loss.map("{:g}".format, na_action="ignore").astype(str)
         + " days does not match onset → return date ("
         + span.map("{:g}".format, na_action="ignore").astype(str)
         + " days); give one of them, or make them agree")
    keys = [InjuryCol.ATHLETE, InjuryCol.ONSET, InjuryCol.REGION]
    dup = data.duplicated(subset=keys, keep="first")
    if dup.any():
        first = data.groupby(keys, dropna=False)[ROW].transform("min")
        flag(dup, InjuryCol.ONSET, "the same injury again (athlete, onset and body region as "
             "row " + first.astype(str) + ")")
    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    data[InjuryCol.TIME_LOSS] = loss.fillna(span)
    data[InjuryCol.RETURN] = ret.fillna(onset + pd.to_timedelta(loss, unit="D"))
    bad_rows = {p.row for p in problems}
    data = data[~data[ROW].isin(bad_rows)]
    data = data.sort_values([InjuryCol.ATHLETE, InjuryCol.ONSET, ROW], kind="stable")
    return ParsedInjuries(data.reset_index(drop=True), parsed.name, problems, parsed.warnings)


def read_injuries(source: Source | RawTable, *, dayfirst: bool | None = None,
                  column_map: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Read an injury log (CSV/TSV/semicolon, .xlsx, Parquet) into canonical rows.

    The outcome the risk model learns and the epidemiology counts (issue #8; time-loss
    definition as in the consensus statements the model card cites). All-or-nothing: raises
    LogError listing every invalid row (with its spreadsheet row); a time loss that disagrees
    with onset → return is refused.

    Parameters
    ----------
    source : str, Path, bytes, binary file or RawTable
        The injury log; time loss in whole days.
    dayfirst : bool, optional
        How to read ambiguous dates such as 03/04/2026; ``None`` refuses them.
    column_map : mapping, optional
        Canonical column name → the file's header, for headers no alias matches.

    Returns
    -------
    DataFrame
        Sorted by athlete and onset: athlete, onset_date, body_region, injury_type,
        time_loss_days (days; NaN when ongoing), return_date (NaT when ongoing).

    Examples
    --------
    >>> import loadwatch as lw
    >>> injuries = lw.read_injuries(
    ...     b"athlete,onset_date,body_region,injury_type,time_loss_days\\n"
    ...     b"A1,2024-01-20,lumbar_spine,overuse,14\\n")
    >>> str(injuries.loc[0, "return_date"].date())                     # onset + 14 days
    '2024-02-03'
    """
    parsed = parse_injuries(source, dayfirst=dayfirst, column_map=column_map)
    if parsed.problems:
        n_rows = len({p.row for p in parsed.problems})
        raise LogError(f"{parsed.name}: {n_rows} row(s) of the injury log are invalid; nothing "
                       "was read", parsed.problems)
    return parsed.data.drop(columns=[ROW])


