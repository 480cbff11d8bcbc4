"""How a level looks in the report: words first, colour second (never colour alone).

Names, colours and order come from :mod:`loadwatch.vocab`, so a level has the same name and
colour wherever a coach meets it; text on a coloured cell is black or white, whichever
contrasts more (WCAG relative luminance).
"""

from __future__ import annotations

from typing import Final

from loadwatch.vocab import (
    LEVEL_COLOURS_BY_LEVEL,
    LEVEL_NAMES_BY_LEVEL,
    LEVEL_SHORT,
    REFERRED,
    SEVERITY,
    Level,
    level_of,
    rule_level_text,
    severity_rank,
)

__all__ = ["ACT_NOW", "FLAGGED", "LEVEL_COLOURS", "LEVEL_SHORT", "LEVEL_TEXT", "NO_WEEK_TEXT",
           "REFERRED", "SEVERITY", "level_of", "rule_level_text", "severity_rank"]


def _ink(fill: str) -> str:
    """Black or white text on a RRGGBB fill, whichever has the higher contrast."""
    channels = [int(fill[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "FFFFFF"


#: The level as the report writes it (the vocabulary's names).
LEVEL_TEXT: Final[dict[Level, str]] = dict(LEVEL_NAMES_BY_LEVEL)
#: (fill, text) colours as RRGGBB: the vocabulary's fill, the better-contrasting text.
LEVEL_COLOURS: Final[dict[Level, tuple[str, str]]] = {
    level: (colour.lstrip("#").upper(), _ink(colour.lstrip("#")))
    for level, colour in LEVEL_COLOURS_BY_LEVEL.items()
}
#: No row for the athlete in that week (grid cell of the 8-week history).
NO_WEEK_TEXT: Final = "—"
#: Levels that get their own section with a chart.
FLAGGED: Final[frozenset[Level]] = frozenset(
    {Level.REFER_URGENT, Level.REFER, Level.RED, Level.AMBER})
#: Levels listed on the first page with their main reason.
ACT_NOW: Final[frozenset[Level]] = frozenset({Level.REFER_URGENT, Level.REFER, Level.RED})
