"""What the dashboard shows by name: level words and colours, table columns, form choices.

The dashboard imports only :mod:`loadwatch.app` (and the curated API), so the vocabulary and
the column names it needs are handed over here, from the floor and the views that own them.
"""

from loadwatch.schema import RESTRICTIONS, SIDES
from loadwatch.views.athlete import CHART_PERIODS, RATIO_COLUMNS
from loadwatch.views.explain import Explanation
from loadwatch.views.team import RESTRICTION_NAMES as RESTRICTION_WORDS
from loadwatch.views.team import Overview, Standing
from loadwatch.views.teamview import TeamView
from loadwatch.vocab import DISCLAIMER, LEVEL_COLOURS, LEVEL_NAMES

__all__ = ["CHART_PERIODS", "DISCLAIMER", "LEVEL_COLOURS", "LEVEL_NAMES", "RATIO_COLUMNS",
           "RESTRICTIONS", "RESTRICTION_WORDS", "SIDES", "Explanation", "Overview", "Standing",
           "TeamView"]
