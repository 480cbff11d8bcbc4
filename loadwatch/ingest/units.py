"""Explicit units (issue 13): durations in a declared unit, checked as a column; time stamps
turned into the athlete's local day.

A duration column is read in the unit the export profile, the mapping or ``--duration-unit``
declares (seconds, minutes, hours or h:mm:ss) and converted to minutes. A column whose values
contradict that unit as a whole (median 3,600 "minutes", every value below 3 "minutes") is
refused, naming the likely unit: a guess per row would silently turn some sessions into
others. Time stamps in UTC (or with a zone) become the athlete's local calendar day.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from loadwatch.errors import LogError
from loadwatch.ingest.parsing import Parsed, as_text, parse_duration, parse_number

#: minutes per unit; 'hms' cells are read as clock durations (h:mm:ss → minutes)
_FACTOR = {"s": 1 / 60, "min": 1.0, "h": 60.0}
UNIT_NAMES = {"s": "seconds", "min": "minutes", "h": "hours", "hms": "h:mm:ss"}
UNIT_ALIASES = {"s": "s", "sec": "s", "secs": "s", "seconds": "s", "second": "s",
                "min": "min", "mins": "min", "minutes": "min", "minute": "min", "m": "min",
                "h": "h", "hr": "h", "hrs": "h", "hours": "h", "hour": "h",
                "hms": "hms", "h:mm:ss": "hms", "hh:mm:ss": "hms", "clock": "hms"}
# a session's plausible minutes, for the column check: a median inside this range
_MEDIAN_MIN = (3.0, 600.0)


def duration_unit(text: str) -> str:
    """The canonical unit ('s', 'min', 'h', 'hms') of a user's word; LogError otherwise."""
    unit = UNIT_ALIASES.get(str(text).strip().lower())
    if unit is None:
        raise LogError(f"unknown duration unit '{text}' (use s, min, h or h:mm:ss)")
    return unit


def to_minutes(cells: pd.Series, unit: str, *, decimal_comma: bool = False,
               column: str = "duration") -> Parsed:
    """Durations in `unit` as minutes, refused as a whole when they contradict the unit.

    Clock cells ('1:30', '00:36:26') are read as h:mm[:ss] whatever the unit.

    Examples
    --------
    >>> to_minutes(pd.Series(["3600", "1800"]), "s").values.tolist()
    [60.0, 30.0]
    >>> to_minutes(pd.Series(["3600", "1800", "2700"]), "min")
    Traceback (most recent call last):
    ...
    loadwatch.errors.LogError: column 'duration': durations in minutes with a median of \
2,700 min (45 h) per session look like seconds; set the unit (--duration-unit s, or \
'duration_unit' in the mapping)
    """
    number = parse_number(cells, decimal_comma=decimal_comma)
    plain = number.values.notna()
    factor = 1.0 if unit == "hms" else _FACTOR[unit]  # a bare number in an h:mm:ss column: min
    values = number.values * factor
    bad = number.bad
    if bad.any():  # clock cells ('1:30', '00:36:26'): the clock parser on these alone
        clock = parse_duration(cells[bad.to_numpy(bool)], decimal_comma=decimal_comma)
        values[clock.values.index] = clock.values
        bad = bad.copy()
        bad[clock.bad.index] = clock.bad
    check_unit(values.where(plain) if unit != "hms" else values, unit, column)
    return Parsed(values.astype("float64"), bad)


def check_unit(minutes: pd.Series, unit: str, column: str) -> None:
    """Refuse a duration column whose sessions are implausible in the declared unit."""
    positive = minutes[minutes > 0]
    if len(positive) < 3:
        return
    median = float(positive.median())
    tiny = float(positive.max()) < _MEDIAN_MIN[0]
    likely = None
    if median > _MEDIAN_MIN[1]:
        likely = {"min": "seconds", "h": "minutes"}.get(unit)
    elif tiny:
        likely = {"s": "minutes", "min": "hours"}.get(unit)
    elif median < _MEDIAN_MIN[0] and unit == "s":
        likely = "minutes"
    if likely is None:
        return
    code = {"seconds": "s", "minutes": "min", "hours": "h"}[likely]
    fix = f"set the unit (--duration-unit {code}, or 'duration_unit' in the mapping)"
    if tiny:
        raise LogError(f"column '{column}': durations in {UNIT_NAMES[unit]} are all below "
                       f"{_MEDIAN_MIN[0]:g} min per session: they look like {likely}; {fix}")
    raise LogError(f"column '{column}': durations in {UNIT_NAMES[unit]} with a median of "
                   f"{median:,.0f} min ({median / 60:,.3g} h) per session look like {likely}; "
                   f"{fix}")


def machine_zone() -> str:
    """The machine's time zone name (the default zone of an athlete's day)."""
    zone = dt.datetime.now().astimezone().tzinfo
    return getattr(zone, "key", None) or str(zone)


def _zone(name: str | None) -> str:
    """A valid IANA zone name, the machine's when None; LogError for an unknown name."""
    if not name:
        return machine_zone()
    try:
        pd.Timestamp("2024-01-01", tz=name)
    except Exception:  # pytz/zoneinfo raise several types for an unknown zone
        raise LogError(f"unknown time zone '{name}' (use a name like Europe/Copenhagen "
                       "or UTC)") from None
    return name


def local_days(cells: pd.Series, *, assume_utc: bool, timezone: str | None) -> pd.Series:
    """Time stamps as ISO calendar days ('2022-10-06') of the athlete's local day.

    Each distinct text is parsed once (a season has few). Stamps with a zone or, when
    `assume_utc`, without one are converted to `timezone` (default: the machine's); stamps
    without a zone otherwise keep their written day. Unreadable cells stay as written, so
    the date parser reports them with their row.
    """
    text = as_text(cells)
    codes, uniques = pd.factorize(text)
    if not len(uniques):
        return text
    distinct = pd.Series(np.asarray(uniques, dtype=object))
    stamps = pd.to_datetime(distinct, errors="coerce", format="mixed", utc=True)
    zoned = distinct.str.contains(r"(?:Z|UTC|GMT|[+-]\d\d:?\d\d)\s*$", regex=True)
    zone = _zone(timezone)
    converted = stamps.dt.tz_convert(zone).dt.strftime("%Y-%m-%d")
    written = stamps.dt.strftime("%Y-%m-%d")
    day = converted.where(zoned | assume_utc, written)
    day = day.where(stamps.notna(), distinct)
    out = pd.Series(day.to_numpy()[codes], index=cells.index, dtype="string")
    return out.mask(codes < 0)


def has_stamps(cells: pd.Series) -> bool:
    """True when a date column holds time stamps worth converting (a time, a zone, a
    month name), judged on its first non-blank cells only."""
    text = as_text(cells).dropna().head(20)
    if text.empty:
        return False
    return bool(text.str.contains(r"\d:\d\d|[A-Za-z]{3}", regex=True).any())
