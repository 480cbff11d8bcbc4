"""Cells as the PDF and HTML report write them: the vocabulary's number formatters
(:mod:`loadwatch.vocab`, spec §4.9) plus dates, week spans and time stamps.

The spreadsheet keeps numbers, rounded half up as the text shows them, with number formats.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd

from loadwatch import vocab
from loadwatch.vocab import MISSING, one_dp, ratio, signed_au, whole

__all__ = ["MISSING", "au", "day", "one_dp", "pct", "probability", "ratio", "signed_au",
           "stamp", "text", "week_span", "whole"]


def au(value: Any, unit: str = "") -> str:
    """6970.4 → '6,970' (the unit is in the column header unless given)."""
    return vocab.au(value, unit)


def pct(value: Any) -> str:
    """26.04 → '+26.0%' (the report's narrow cells: no space before the sign)."""
    return vocab.pct(value, space=False)


def probability(value: Any) -> str:
    """A probability 0–1 as a percentage to 1 decimal, rounded half up: 0.1234 → '12.3%'."""
    try:
        percent = 100 * float(value)
    except (TypeError, ValueError):
        return MISSING
    return vocab.pct(percent, sign=False, space=False)  # NaN and inf → '—'


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
