"""Safe outputs: what loadwatch writes never runs as a formula, never renders, never leaks.

OWASP CSV-injection guidance: a cell starting with '=', '+', '-', '@', a tab or a carriage
return is prefixed with a single quote, so Excel and LibreOffice show it as text. Numbers are
written as numbers and untouched; only text cells are neutralised, whatever the column's
dtype (object, string or categorical: an athlete column is often categorical). Inputs keep
such text as data (an athlete may really be called "-Ann-"); only what loadwatch writes is
neutralised. Control characters (ANSI escapes, carriage returns, other C0/C1 codes) are
removed from text printed to a terminal, and files holding clinical data are written
readable by their owner only (mode 0600).
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Permission bits of a file holding clinical data: read and write by the owner only.
PRIVATE_MODE = 0o600
#: C0 controls except tab and newline, DEL and the C1 range (ESC starts ANSI sequences;
#: a whole CSI/OSC sequence is removed, not just its ESC, so no "[31m" is left behind).
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def neutralise(value: object) -> object:
    """Prefix a formula-like text with a quote; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _is_text_column(values: pd.Series) -> bool:
    dtype = values.dtype
    return pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype)


def neutralise_frame(table: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells (and text headers) cannot run as formulas, whatever the
    column's dtype: categorical columns are written as their (neutralised) labels."""
    out = table.copy()
    for position in range(out.shape[1]):
        values = out.iloc[:, position]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(object)
        elif not _is_text_column(values):
            continue
        out.isetitem(position, values.map(neutralise, na_action="ignore"))
    out.columns = [neutralise(c) for c in out.columns]
    return out


def write_csv_safely(table: pd.DataFrame, path: str | Path | TextIO, **kwargs: Any) -> None:
    """Write a CSV whose text cells are neutralised (see module docstring). A carriage
    return inside a cell is written as a newline (the CSV writer quotes a cell holding a
    newline, but not a bare CR, which Excel reads as the end of the row) and other control
    characters are removed (a CSV printed with `cat` must not drive the terminal)."""
    neutralise_frame(clean_frame(table)).to_csv(path, index=False, **kwargs)


def csv_text(table: pd.DataFrame, **kwargs: Any) -> str:
    """The neutralised CSV of a table as text (for writers that add their own encoding)."""
    buffer = io.StringIO()
    write_csv_safely(table, buffer, **kwargs)
    return buffer.getvalue()


def clean_frame(table: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells hold no control character but newline and tab (a CR becomes
    a newline); categorical columns become their labels."""
    out = table.copy()
    for position in range(out.shape[1]):
        values = out.iloc[:, position]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(object)
        elif not _is_text_column(values):
            continue
        out.isetitem(position, values.map(_clean_cell, na_action="ignore"))
    return out


def _clean_cell(value: object) -> object:
    if not isinstance(value, str):
        return value
    return strip_controls(value.replace("\r\n", "\n").replace("\r", "\n"))


def csv_bytes(table: pd.DataFrame, **kwargs: Any) -> bytes:
    """The neutralised CSV of a table as UTF-8 bytes with a byte-order mark (Excel reads
    "—" and "≥" right), dates as YYYY-MM-DD: what every download button serves."""
    kwargs.setdefault("date_format", "%Y-%m-%d")
    return csv_text(table, **kwargs).encode("utf-8-sig")


def strip_controls(text: object) -> str:
    """The text without ANSI escape sequences and control characters (newline and tab
    kept), so a hostile name printed to a terminal cannot recolour, move the cursor or
    rewrite the line (a carriage return would overwrite what came before)."""
    return _CONTROL.sub("", _ANSI.sub("", str(text)))


def write_private(path: str | Path, data: bytes | str) -> Path:
    """Write a file readable and writable by its owner only (0600), whatever the umask: for
    clinical reports, exports holding clinical data and backups. An existing file is
    truncated and its mode tightened before any byte is written."""
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_MODE)
    try:
        os.fchmod(fd, PRIVATE_MODE)
        with os.fdopen(fd, "wb") as handle:
            fd = -1
            handle.write(payload)
    finally:
        if fd >= 0:
            os.close(fd)
    return target


def private_csv(table: pd.DataFrame, path: str | Path, **kwargs: Any) -> Path:
    """:func:`write_csv_safely` into a file of mode 0600 (clinical tables, backups)."""
    return write_private(path, csv_text(table, **kwargs))
