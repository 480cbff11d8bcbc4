"""How a level looks in the report: words first, colour second (never colour alone).

Names and colours are the dashboard's (:mod:`loadwatch.views.team`), so a level has the same name
and colour wherever a coach meets it; text on a coloured cell is black or white, whichever
contrasts more (WCAG relative luminance).
"""

from __future__ import annotations

from typing import Final

from loadwatch.risk.rules.base import Level
from loadwatch.views.team import LEVEL_COLOURS as TEAM_COLOURS
from loadwatch.views.team import LEVEL_NAMES


def _ink(fill: str) -> str:
    """Black or white text on a RRGGBB fill, whichever has the higher contrast."""
    channels = [int(fill[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "FFFFFF"


#: The level as the report writes it (the dashboard's names).
LEVEL_TEXT: Final[dict[Level, str]] = {
    level: LEVEL_NAMES.get(level.label, level.label.replace("_", " ").upper())
    for level in Level
}
#: Short words for narrow cells (8-week grid); the legend spells them out.
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
#: (fill, text) colours as RRGGBB: the dashboard's fill, the better-contrasting text.
LEVEL_COLOURS: Final[dict[Level, tuple[str, str]]] = {
    level: (TEAM_COLOURS[level.label].lstrip("#").upper(),
            _ink(TEAM_COLOURS[level.label].lstrip("#")))
    for level in Level
}
#: No row for the athlete in that week (grid cell of the 8-week history).
NO_WEEK_TEXT: Final = "—"

#: Most serious first; the order of athletes, counts and sections in the report.
SEVERITY: Final[tuple[Level, ...]] = (
    Level.REFER_URGENT, Level.REFER, Level.RED, Level.AMBER, Level.INSUFFICIENT_DATA,
    Level.GREEN,
)
#: Levels that get their own section with a chart.
FLAGGED: Final[frozenset[Level]] = frozenset(
    {Level.REFER_URGENT, Level.REFER, Level.RED, Level.AMBER})
#: Levels listed on the first page with their main reason.
ACT_NOW: Final[frozenset[Level]] = frozenset({Level.REFER_URGENT, Level.REFER, Level.RED})
REFERRED: Final[frozenset[Level]] = frozenset({Level.REFER_URGENT, Level.REFER})

_BY_LABEL: Final[dict[str, Level]] = {level.label: level for level in Level}


def level_of(label: str) -> Level:
    """The Level for a machine label such as 'insufficient_data'."""
    return _BY_LABEL[label]


def severity_rank(level: Level) -> int:
    """0 for the most serious level; unknown levels last."""
    return SEVERITY.index(level) if level in SEVERITY else len(SEVERITY)


def rule_level_text(label: str) -> str:
    """A rule's level as a short phrase: 'amber', 'insufficient data', 'not applicable'."""
    return label.replace("_", " ")
