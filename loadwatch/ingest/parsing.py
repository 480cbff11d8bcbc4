"""Vectorised parsers for the cell kinds a training log contains.

Each parser takes a column of raw cells and returns the parsed values together with a mask of
cells that were present but could not be read, so ingest can report every bad cell with its
row number instead of stopping at the first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from loadwatch.errors import LogError

_ISO_DATE = r"^\d{4}-\d{1,2}-\d{1,2}(?:[ T].*)?$"
_YMD_SLASH = r"^\d{4}/\d{1,2}/\d{1,2}$"
_YEAR_MONTH = r"^\d{4}-\d{1,2}$"
_NUMERIC_DMY = r"^\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})$"
_ISO_WEEK = r"^(\d{4})-?W(\d{1,2})(?:-?[1-7])?$"
_CLOCK = r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$"
# a plain decimal number: read by Arrow's exact parser, which gives the same float as pandas
_PLAIN_NUMBER = r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$"


@dataclass
class Parsed:
    """Parsed values (NaN/NaT where blank or bad) and the mask of bad, non-blank cells."""

    values: pd.Series
    bad: pd.Series


def as_text(cells: pd.Series) -> pd.Series:
    """Cells as stripped strings with blanks as <NA> (numbers and dates are stringified)."""
    if cells.dtype == object or isinstance(cells.dtype, pd.StringDtype) or cells.dtype == "str":
        text = cells.astype("string").str.strip()
    else:
        text = cells.astype("string")
    return text.mask(text == "")


def blank(cells: pd.Series) -> pd.Series:
    """True where a cell is empty (typed cells: missing; text cells: empty after stripping)."""
    if cells.dtype != object and not pd.api.types.is_string_dtype(cells.dtype):
        return cells.isna()
    return as_text(cells).isna()


def is_text(cells: pd.Series) -> bool:
    """True for a column of strings (a CSV's cells), as opposed to typed or mixed cells."""
    return isinstance(cells.dtype, pd.StringDtype)


def parse_number(cells: pd.Series, *, decimal_comma: bool = False) -> Parsed:
    """Numbers; with `decimal_comma`, '6,5' reads 6.5 (semicolon- or tab-separated files).

    Typed columns stay numeric; in a text column plain numbers are read in one vectorised pass
    and only the other cells go through pandas' general parser (same values either way)."""
    if pd.api.types.is_numeric_dtype(cells.dtype) and not pd.api.types.is_bool_dtype(cells.dtype):
        values = cells.astype("float64")
        return Parsed(values, pd.Series(False, index=cells.index))
    text = as_text(cells)
    if decimal_comma:
        text = text.str.replace(",", ".", regex=False)
    if is_text(text):
        values = _text_numbers(text)
    else:
        values = pd.to_numeric(text, errors="coerce").astype("float64")
    values = values.where(np.isfinite(values))
    return Parsed(values, text.notna() & values.isna())


def _text_numbers(text: pd.Series) -> pd.Series:
    """Floats of a string column (NaN where unreadable): plain numbers through Arrow's cast,
    the rest (e.g. '1_000', 'inf ') through pandas.to_numeric, row for row as before."""
    arr = pa.array(text.array, type=pa.large_string(), from_pandas=True)
    try:  # a clean column (every cell a number, or blank): no regex at all
        whole = pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False)
        return pd.Series(whole, index=text.index, dtype="float64")
    except pa.ArrowInvalid:
        pass
    plain = pc.fill_null(pc.match_substring_regex(arr, _PLAIN_NUMBER), False)
    values = pc.cast(pc.if_else(plain, arr, None), pa.float64()).to_numpy(zero_copy_only=False)
    values = pd.Series(values, index=text.index, dtype="float64")
    other = text.notna().to_numpy(bool) & ~plain.to_numpy(zero_copy_only=False)
    if other.any():
        values[other] = pd.to_numeric(text[other], errors="coerce").astype("float64")
    return values


def parse_duration(cells: pd.Series, *, decimal_comma: bool = False) -> Parsed:
    """Minutes from plain numbers, 'h:mm' or 'hh:mm:ss' (an Excel time cell counts too)."""
    if cells.dtype == object:
        is_time = cells.map(lambda v: isinstance(v, dt.time | dt.timedelta), na_action="ignore")
        if is_time.fillna(False).astype(bool).any():
            cells = cells.map(_time_cell_to_text, na_action="ignore")
    number = parse_number(cells, decimal_comma=decimal_comma)
    if pd.api.types.is_numeric_dtype(cells.dtype) and not pd.api.types.is_bool_dtype(cells.dtype):
        return number
    text = as_text(cells)
    values = number.values.copy()
    clocks = (text.notna() & values.isna()).to_numpy(bool)  # the regex runs on these alone
    if clocks.any():
        clock = text[clocks].str.extract(_CLOCK).astype("float64")
        clock = clock.where((clock[1] < 60) & (clock[2].fillna(0) < 60))
        values[clocks] = clock[0] * 60 + clock[1] + clock[2].fillna(0) / 60
    bad = text.notna() & values.isna()
    return Parsed(values.astype("float64"), bad)


def _time_cell_to_text(value: object) -> object:
    if isinstance(value, dt.time):
        return f"{value.hour}:{value.minute:02d}:{value.second:02d}"
    if isinstance(value, dt.timedelta):
        total = int(value.total_seconds())
        return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"
    return value


def parse_clock(cells: pd.Series) -> Parsed:
    """Start times as 'HH:MM' strings ('16:30', '4:30 PM', Excel time cells)."""
    text = as_text(cells.map(_time_cell_to_text, na_action="ignore"))
    upper = text.str.upper()
    pm = upper.str.endswith("PM")
    am = upper.str.endswith("AM")
    core = upper.str.replace(r"\s*[AP]M$", "", regex=True)
    parts = core.str.extract(_CLOCK).astype("float64")
    hours = (parts[0] + np.where(pm & (parts[0] < 12), 12, 0)
             - np.where(am & (parts[0] == 12), 12, 0))
    ok = parts[0].notna() & (hours < 24) & (parts[1] < 60)
    values = pd.Series(pd.NA, index=cells.index, dtype="string")
    formatted = (
        hours[ok].astype(int).astype(str).str.zfill(2) + ":"
        + parts[1][ok].astype(int).astype(str).str.zfill(2)
    )
    values[ok] = formatted
    return Parsed(values, text.notna() & ~ok)


def parse_date(cells: pd.Series, *, dayfirst: bool | None = None, column: str = "date") -> Parsed:
    """Calendar dates from ISO text, dd/mm or mm/dd text, or date cells.

    With `dayfirst=None`, a column whose every slash date reads both ways (and differently)
    is refused as ambiguous; a column with a day above 12 decides the order by itself.
    """
    if pd.api.types.is_datetime64_any_dtype(cells.dtype):
        values = pd.to_datetime(cells).dt.tz_localize(None).dt.normalize()
        return Parsed(values.astype("datetime64[ns]"), pd.Series(False, index=cells.index))
    if is_text(cells) and len(cells) > 64:
        return _dates_by_distinct(cells, dayfirst, column)
    return _parse_dates(cells, dayfirst, column, None)


def _dates_by_distinct(cells: pd.Series, dayfirst: bool | None, column: str) -> Parsed:
    """Parse each distinct text once and map it back to its rows (a season has a few hundred
    dates, not 500 k); the day/month order is decided on row counts, as row by row."""
    codes, uniques = pd.factorize(cells, use_na_sentinel=False)
    distinct = pd.Series(uniques, dtype=cells.dtype)
    counts = np.bincount(codes, minlength=len(distinct))
    once = _parse_dates(distinct, dayfirst, column, counts)
    values = pd.Series(once.values.to_numpy()[codes], index=cells.index, dtype="datetime64[ns]")
    return Parsed(values, pd.Series(once.bad.to_numpy(bool)[codes], index=cells.index))


def _parse_dates(cells: pd.Series, dayfirst: bool | None, column: str,
                 weights: np.ndarray | None) -> Parsed:
    """Every date form of :func:`parse_date`; `weights` = rows each cell stands for."""
    out = pd.Series(pd.NaT, index=cells.index, dtype="datetime64[ns]")
    if is_text(cells):
        is_cell = pd.Series(False, index=cells.index)
    else:
        is_cell = cells.map(lambda v: isinstance(v, dt.date), na_action="ignore")
        is_cell = is_cell.fillna(False).astype(bool)
    if is_cell.any():
        out[is_cell] = pd.to_datetime(cells[is_cell].map(_to_date)).astype("datetime64[ns]")
    text = as_text(cells.where(~is_cell))
    iso = text.str.match(_ISO_DATE, na=False)
    if iso.any():
        out[iso] = pd.to_datetime(
            text[iso].str.slice(0, 10).str.replace(r"[ T].*$", "", regex=True),
            format="%Y-%m-%d", errors="coerce",
        ).astype("datetime64[ns]")
    year_month = text.str.match(_YEAR_MONTH, na=False)
    if year_month.any():  # a birth month is enough (spec §1.3): the first of the month
        out[year_month] = pd.to_datetime(text[year_month] + "-01", format="%Y-%m-%d",
                                         errors="coerce")
    ymd = text.str.match(_YMD_SLASH, na=False)
    if ymd.any():
        out[ymd] = pd.to_datetime(text[ymd], format="%Y/%m/%d", errors="coerce")
    numeric = text.str.match(_NUMERIC_DMY, na=False)
    if numeric.any():
        weight = None if weights is None else weights[numeric.to_numpy(bool)]
        out[numeric] = _parse_day_month(text[numeric], dayfirst, column, weight)
    _excel_serials(text, out)
    bad = text.notna() & out.isna()
    return Parsed(out, bad)


_SERIAL = r"^\d{5}(?:\.\d+)?$"  # an Excel serial day number (1954–2119) written as text
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def _excel_serials(text: pd.Series, out: pd.Series) -> None:
    """Unread cells that are Excel serial day numbers (45292 = 2024-01-01) become dates."""
    left = out.isna() & text.str.match(_SERIAL, na=False)
    if not left.any():
        return
    days = text[left].astype(float)
    days = days[(days >= 20_000) & (days < 80_000)]
    out[days.index] = (_EXCEL_EPOCH + pd.to_timedelta(days.astype(int), unit="D")).astype(
        "datetime64[ns]")


def _to_date(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _parse_day_month(text: pd.Series, dayfirst: bool | None, column: str,
                     weights: np.ndarray | None = None) -> pd.Series:
    parts = text.str.extract(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})$").astype(int)
    year = parts[2].where(parts[2] >= 100, parts[2] + 2000)

    def build(day: pd.Series, month: pd.Series) -> pd.Series:
        frame = pd.DataFrame({"year": year, "month": month, "day": day})
        return pd.to_datetime(frame, errors="coerce").astype("datetime64[ns]")

    as_dmy = build(parts[0], parts[1])
    as_mdy = build(parts[1], parts[0])
    if dayfirst is None:
        dmy_ok, mdy_ok = as_dmy.notna(), as_mdy.notna()
        differs = dmy_ok & mdy_ok & (as_dmy != as_mdy)
        decisive = dmy_ok ^ mdy_ok  # e.g. 25/03 reads only one way
        if differs.any() and not decisive.any():
            example = text[differs].iloc[0]
            raise LogError(
                f"dates in column '{column}' are ambiguous: '{example}' reads as "
                f"{as_dmy[differs].iloc[0]:%d %B %Y} (day first) or "
                f"{as_mdy[differs].iloc[0]:%d %B %Y} (month first); "
                "choose with --dayfirst or --monthfirst (dayfirst=True/False in Python)"
            )
        w = np.ones(len(text)) if weights is None else weights
        dayfirst = bool((dmy_ok.to_numpy() * w).sum() >= (mdy_ok.to_numpy() * w).sum())
    return as_dmy if dayfirst else as_mdy


def parse_week(cells: pd.Series, *, dayfirst: bool | None = None, column: str = "week") -> Parsed:
    """Week starts (Mondays) from ISO weeks like '2026-W47' or from a Monday's date."""
    text = as_text(cells)
    parts = text.str.extract(_ISO_WEEK, expand=True)
    is_iso = parts[0].notna()
    out = pd.Series(pd.NaT, index=cells.index, dtype="datetime64[ns]")
    if is_iso.any():
        labels = parts[0][is_iso] + "-W" + parts[1][is_iso].str.zfill(2) + "-1"
        out[is_iso] = pd.to_datetime(labels, format="%G-W%V-%u", errors="coerce")
        week_no = parts[1][is_iso].astype(int)
        out[is_iso] = out[is_iso].where(week_no.between(1, 53))
    rest = ~is_iso
    if rest.any():
        dates = parse_date(cells[rest], dayfirst=dayfirst, column=column)
        out[rest] = dates.values
    bad = text.notna() & out.isna()
    return Parsed(out, bad)


_TRUE = {"yes", "y", "true", "1", "x", "ja", "oui", "si", "sí"}
_FALSE = {"no", "n", "false", "0", "nein", "non"}


def parse_bool(cells: pd.Series) -> Parsed:
    """Yes/no cells (yes, y, true, 1, x / no, n, false, 0); blank stays <NA>."""
    if pd.api.types.is_bool_dtype(cells.dtype):
        return Parsed(cells.astype("boolean"), pd.Series(False, index=cells.index))
    text = as_text(cells).str.lower()
    values = pd.Series(pd.NA, index=cells.index, dtype="boolean")
    values[text.isin(_TRUE).fillna(False).to_numpy(bool)] = True
    values[text.isin(_FALSE).fillna(False).to_numpy(bool)] = False
    return Parsed(values, text.notna() & values.isna())
