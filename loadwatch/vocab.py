"""The words and numbers every face shares: levels, their names, colours and order, the ACWR
bands, the decision-support sentence, and one formatter per unit (spec §4.9).

A level has the same word and colour in the terminal, the dashboard, the spreadsheet and the
PDF because all of them read it here. A number a person reads is formatted here too, so the
table and the flag text under it can never disagree: ratios are rounded half up to 2 decimals
(1.305 → "1.31", the value the rules compare, spec §4.9), AU to whole units with thousands
separators, percentages to 1 decimal with a sign, reps whole, hours to 1 decimal.

>>> ratio(1.305), au(6370.4), pct(26.04), reps(379), hours(15.06)
('1.31', '6,370 AU', '+26.0 %', '379 reps', '15.1 h')
>>> ratio(float("nan")), ratio(float("inf"))
('—', '∞')

Floor module: imports nothing of loadwatch.
"""

from __future__ import annotations

import math
from enum import IntEnum
from typing import Any, Final

import numpy as np
import pandas as pd


class Level(IntEnum):
    """Rule and athlete levels, ordered so that the maximum is the most serious."""

    NOT_APPLICABLE = 0
    INSUFFICIENT_DATA = 1
    GREEN = 2
    INFO = 3
    AMBER = 4
    RED = 5
    REFER = 6
    REFER_URGENT = 7

    @property
    def label(self) -> str:
        """Machine name, e.g. 'insufficient_data'."""
        return self.name.lower()

    @property
    def words(self) -> str:
        """What a coach reads (never colour alone)."""
        return LEVEL_WORDS[self]

    @property
    def display(self) -> str:
        """The level's name in capitals, as tables and tiles show it ('REFER TO CLINICIAN')."""
        return LEVEL_NAMES_BY_LEVEL[self]

    @property
    def colour(self) -> str:
        """Display colour '#RRGGBB' (always shown next to the level's word, never alone)."""
        return LEVEL_COLOURS_BY_LEVEL[self]


LEVEL_WORDS: Final[dict[Level, str]] = {
    Level.NOT_APPLICABLE: "not applicable",
    Level.INSUFFICIENT_DATA: "not enough data",
    Level.GREEN: "green — nothing noted in the data",
    Level.INFO: "info",
    Level.AMBER: "amber — review the plan for the coming week",
    Level.RED: "red — adjust load now and discuss with the physiotherapist",
    Level.REFER: "refer to clinician — symptoms need a clinician, regardless of load",
    Level.REFER_URGENT: "refer urgently — red-flag symptoms",
}
LEVEL_LABELS: Final = tuple(level.label for level in Level)
LEVEL_NAMES_BY_LEVEL: Final[dict[Level, str]] = {
    Level.REFER_URGENT: "REFER URGENTLY",
    Level.REFER: "REFER TO CLINICIAN",
    Level.RED: "RED",
    Level.AMBER: "AMBER",
    Level.GREEN: "GREEN",
    Level.INSUFFICIENT_DATA: "NOT ENOUGH DATA",
    Level.INFO: "INFO",
    Level.NOT_APPLICABLE: "NOT APPLICABLE",
}
LEVEL_COLOURS_BY_LEVEL: Final[dict[Level, str]] = {
    Level.REFER_URGENT: "#4a148c",  # deep purple; refer is much lighter: two levels, two looks
    Level.REFER: "#ab47bc",
    Level.RED: "#c62828",
    Level.AMBER: "#ef8f00",
    Level.GREEN: "#2e7d32",
    Level.INSUFFICIENT_DATA: "#9e9e9e",
    Level.INFO: "#1565c0",
    Level.NOT_APPLICABLE: "#e0e0e0",
}
#: The athlete levels a team table shows, by machine label (the six an athlete can have).
LEVEL_NAMES: Final[dict[str, str]] = {
    level.label: LEVEL_NAMES_BY_LEVEL[level]
    for level in (Level.REFER_URGENT, Level.REFER, Level.RED, Level.AMBER, Level.GREEN,
                  Level.INSUFFICIENT_DATA)
}
#: Display colour of every level, by machine label.
LEVEL_COLOURS: Final[dict[str, str]] = {lv.label: c for lv, c in LEVEL_COLOURS_BY_LEVEL.items()}
#: Short words for narrow cells (the report's 8-week grid); a legend spells them out.
LEVEL_SHORT: Final[dict[Level, str]] = {
    Level.REFER_URGENT: "URGENT",
    Level.REFER: "REFER",
    Level.RED: "RED",
    Level.AMBER: "AMBER",
    Level.GREEN: "GREEN",
    Level.INSUFFICIENT_DATA: "NO DATA",
    Level.INFO: "INFO",
    Level.NOT_APPLICABLE: "N/A",
}
#: Most serious first: the order of athletes, counts and sections everywhere.
SEVERITY: Final[tuple[Level, ...]] = (
    Level.REFER_URGENT, Level.REFER, Level.RED, Level.AMBER, Level.INSUFFICIENT_DATA,
    Level.GREEN,
)
REFERRED: Final[frozenset[Level]] = frozenset({Level.REFER_URGENT, Level.REFER})
_BY_LABEL: Final[dict[str, Level]] = {level.label: level for level in Level}


def level_of(label: str) -> Level:
    """The Level for a machine label such as 'insufficient_data'."""
    return _BY_LABEL[label]


def severity_rank(level: Level) -> int:
    """0 for the most serious level; levels outside :data:`SEVERITY` last."""
    return SEVERITY.index(level) if level in SEVERITY else len(SEVERITY)


def rule_level_text(label: str) -> str:
    """A rule's level as a short phrase: 'amber', 'insufficient data', 'not applicable'."""
    return label.replace("_", " ")


#: Descriptive bands of a ratio on the coupled scale (spec §6.3): never "safe".
ACWR_BANDS: Final = ("well below recent average", "in line with recent training",
                     "above recent average", "well above recent average")

DISCLAIMER: Final = (
    "loadwatch supports decisions; it does not diagnose. A flag says the recent data "
    "resemble patterns linked with higher injury risk in published studies; any athlete with "
    "back pain should see a clinician.")

# --- numbers (spec §4.9) ----------------------------------------------------------------------

MISSING: Final = "—"
RATIO_DP: Final = 2


def round_half_up(values: np.ndarray | pd.Series | float, dp: int = RATIO_DP) -> np.ndarray:
    """Round half up to `dp` decimals, as a user reads it (spec §4.9: 1.2973 → 1.30).

    The tiny pre-rounding removes binary noise such as 1.4999999999 for a true 1.50."""
    scale = 10.0**dp
    x = np.asarray(values, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.floor(np.round(x * scale, 6) + 0.5) / scale


def _number(value: Any) -> float | None:
    """A float, or None for anything missing or not a number."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _finite(value: Any) -> float | None:
    number = _number(value)
    return None if number is None or math.isinf(number) else number


def ratio(value: Any, dp: int = RATIO_DP) -> str:
    """A ratio as compared and shown (spec §4.9): 1.2973 → '1.30', 1.305 → '1.31',
    inf → '∞', missing → '—'."""
    number = _number(value)
    if number is None:
        return MISSING
    if math.isinf(number):
        return "∞" if number > 0 else "-∞"
    return f"{float(round_half_up(number, dp)):.{dp}f}"


def au(value: Any, unit: str = "AU") -> str:
    """A load in whole units with thousands separators: 6370.4 → '6,370 AU' ('' = no unit)."""
    number = _finite(value)
    if number is None:
        return MISSING
    whole_units = float(round_half_up(number, 0))
    return f"{whole_units:,.0f}{' ' + unit if unit else ''}"


def signed_au(value: Any, unit: str = "AU") -> str:
    """A change of load with its sign: 1360 → '+1,360 AU'."""
    number = _finite(value)
    if number is None:
        return MISSING
    return f"{float(round_half_up(number, 0)):+,.0f} {unit}".strip()


def pct(value: Any, *, sign: bool = True, space: bool = True) -> str:
    """A percentage to 1 decimal: 26.04 → '+26.0 %' (`sign`, `space` as the context needs)."""
    number = _finite(value)
    if number is None:
        return MISSING
    shown = float(round_half_up(number, 1))
    text = f"{shown:+.1f}" if sign else f"{shown:.1f}"
    return text + (" %" if space else "%")


def reps(value: Any, unit: str = "reps") -> str:
    """A count of repetitions (extension reps, deliveries): 379.0 → '379 reps'."""
    number = _finite(value)
    if number is None:
        return MISSING
    return f"{float(round_half_up(number, 0)):,.0f}{' ' + unit if unit else ''}"


def hours(value: Any, unit: str = "h") -> str:
    """Hours to 1 decimal: 15.06 → '15.1 h'."""
    number = _finite(value)
    if number is None:
        return MISSING
    return f"{float(round_half_up(number, 1)):.1f}{' ' + unit if unit else ''}"


def one_dp(value: Any) -> str:
    """Any other measure to 1 decimal (monotony, cm/year): 15.75 → '15.8'."""
    number = _finite(value)
    if number is None:
        return MISSING
    return f"{float(round_half_up(number, 1)):.1f}"


def whole(value: Any) -> str:
    """A whole number without separators (days, ages): 14.0 → '14'."""
    number = _finite(value)
    if number is None:
        return MISSING
    return f"{float(round_half_up(number, 0)):.0f}"
