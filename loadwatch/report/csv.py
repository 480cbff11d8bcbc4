"""The CSV report: one row per athlete, the same columns as the workbook's Athletes sheet.

UTF-8 with a byte-order mark, so Excel shows "—" and "≥" correctly when a club opens it;
dates as YYYY-MM-DD; numbers rounded half up as the other formats show them (spec §4.9), AU
and counts whole; flags joined with " | "; an infinite ratio written as "∞"; every text
cell neutralised against formula injection (:func:`loadwatch.safety.write_csv_safely`).
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from loadwatch.report.content import ReportData
from loadwatch.safety import write_csv_safely
from loadwatch.vocab import round_half_up

FLAG_SEPARATOR = " | "
#: Columns of whole numbers (AU, counts): written without a decimal point.
WHOLE_KINDS = frozenset({"au", "count"})


def athletes_csv_table(data: ReportData) -> pd.DataFrame:
    """The table the CSV holds (before neutralisation)."""
    table = data.athletes.copy()
    table["flags"] = table["flags"].str.replace("\n", FLAG_SEPARATOR, regex=False)
    for column in data.columns:
        if column.kind in ("ratio", "au", "pct", "hours", "count", "number2"):
            values = pd.to_numeric(table[column.key], errors="coerce")
            numbers = values.to_numpy(dtype=float)
            if column.kind in WHOLE_KINDS and not np.isinf(numbers).any():
                # already rounded half up (spec §4.9): written '2610', not '2610.0'
                table[column.key] = pd.array(round_half_up(numbers, 0), dtype="Float64"
                                             ).astype("Int64")
            elif np.isinf(numbers).any():
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
