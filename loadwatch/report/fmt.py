"""Numbers as a reader sees them (spec §4.9): ratios 2 dp, AU whole, percentages 1 dp.

The report's content already holds rounded values; these turn them into text for the PDF and
HTML (the spreadsheet keeps numbers and uses number formats instead).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd

MISSING = "—"


def _number(value: Any) -> float | None:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def ratio(value: Any) -> str:
    """1.2973 → '1.30'; inf → '∞'; missing → '—'."""
    number = _number(value)
    if number is None:
        return MISSING
    return "∞" if math.isinf(number) else f"{number:.2f}"


def au(value: Any, unit: str = "") -> str:
    """6970.4 → '6,970' (with a unit when given)."""
    number = _number(value)
    if number is None or math.isinf(number):
        return MISSING
    return f"{number:,.0f}{' ' + unit if unit else ''}"


def signed_au(value: Any, unit: str = "AU") -> str:
    """1360 → '+1,360 AU'."""
    number = _number(value)
    if number is None or math.isinf(number):
        return MISSING
    return f"{number:+,.0f} {unit}".strip()


def pct(value: Any) -> str:
    """26.04 → '+26.0%'."""
    number = _number(value)
    if number is None or math.isinf(number):
        return MISSING
    return f"{number:+.1f}%"


def one_dp(value: Any) -> str:
    """15.75 → '15.8'."""
    number = _number(value)
    if number is None or math.isinf(number):
        return MISSING
    return f"{number:.1f}"


def whole(value: Any) -> str:
    """14.0 → '14'."""
    number = _number(value)
    if number is None or math.isinf(number):
        return MISSING
    return f"{number:.0f}"


def day(value: Any) -> str:
    """A date as 'Thu 19 Nov'."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    return pd.Timestamp(value).strftime("%a %d %b")


def week_span(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """'Mon 16 Nov – Sun 22 Nov 2026'."""
    return f"{start:%a %d %b} – {end:%a %d %b %Y}"


def stamp(moment: dt.datetime) -> str:
    """Generation time with its zone: '2026-11-25 13:05 UTC'."""
    zone = moment.strftime("%Z") or moment.strftime("%z")
    return f"{moment:%Y-%m-%d %H:%M} {zone}".strip()


def text(value: Any) -> str:
    """Any cell as text; missing → '—'."""
    if value is None or value is pd.NA or value is pd.NaT:
        return MISSING
    if isinstance(value, float):
        if math.isnan(value):
            return MISSING
        return ratio(value)
    if isinstance(value, pd.Timestamp | dt.date):
        return f"{pd.Timestamp(value):%Y-%m-%d}"
    return str(value) if str(value) != "" else MISSING
