"""The CSV report: one row per athlete, the same columns as the workbook's Athletes sheet.

UTF-8 with a byte-order mark, so Excel shows "—" and "≥" correctly when a club opens it;
dates as YYYY-MM-DD; flags joined with " | "; an infinite ratio written as "∞"; every text
cell neutralised against formula injection (:func:`loadwatch.safety.write_csv_safely`).
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from loadwatch.report.content import ReportData
from loadwatch.safety import write_csv_safely

FLAG_SEPARATOR = " | "


def athletes_csv_table(data: ReportData) -> pd.DataFrame:
    """The table the CSV holds (before neutralisation)."""
    table = data.athletes.copy()
    table["flags"] = table["flags"].str.replace("\n", FLAG_SEPARATOR, regex=False)
    for column in data.columns:
        if column.kind in ("ratio", "au", "pct", "hours", "count", "number2"):
            values = pd.to_numeric(table[column.key], errors="coerce")
            numbers = values.to_numpy(dtype=float)
            if np.isinf(numbers).any():
                shown = values.astype(object)
                shown[numbers == np.inf] = "∞"
                shown[numbers == -np.inf] = "-∞"
                table[column.key] = shown
    return table


def render_csv(data: ReportData) -> bytes:
    """The CSV as bytes (UTF-8 with BOM)."""
    buffer = io.StringIO()
    write_csv_safely(athletes_csv_table(data), buffer, date_format="%Y-%m-%d",
                     lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")
