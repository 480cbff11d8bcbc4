"""Safe exports: text cells that a spreadsheet would run as a formula are made inert.

OWASP CSV-injection guidance: a cell starting with '=', '+', '-', '@', a tab or a carriage
return is prefixed with a single quote, so Excel and LibreOffice show it as text. Numbers are
written as numbers and untouched; only text cells are neutralised. Inputs keep such text as
data (an athlete may really be called "-Ann-"); only what loadwatch writes is neutralised.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix a formula-like text with a quote; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_frame(table: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells (and text headers) cannot run as formulas."""
    out = table.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column].dtype):
            out[column] = out[column].map(neutralise, na_action="ignore")
    out.columns = [neutralise(c) for c in out.columns]
    return out


def write_csv_safely(table: pd.DataFrame, path: str | Path | TextIO, **kwargs: Any) -> None:
    """Write a CSV whose text cells are neutralised (see module docstring)."""
    neutralise_frame(table).to_csv(path, index=False, **kwargs)
