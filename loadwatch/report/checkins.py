"""The weekly report's "Athlete check-ins" section (issue 16): one sentence and one table of
cells that the HTML, the PDF and the workbook all write, so the three show the same numbers.

The table comes from :func:`loadwatch.app.compliance.compliance_table` (its COLUMNS): per
athlete, sessions reported with an RPE this week, whether the weekly back check was done, the
4-week back-check and session rates (NaN: exempt all 4 weeks) and the two-week miss.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from loadwatch.report import fmt
from loadwatch.vocab import round_half_up

TITLE: Final = "Athlete check-ins"
HEADINGS: Final = ("Athlete", "Sessions", "Back check", "Back check, 4 weeks",
                   "Sessions, 4 weeks", "Missed 2 weeks")


def checkins_intro(table: pd.DataFrame) -> str:
    """The section's first sentence: how many athletes did this week's back check."""
    done = int(table["back_check_this_week"].astype(bool).sum())
    return (f"{done} of {len(table)} athletes did this week's back check; rates over this "
            "week and the 3 before. Athletes on a clinician plan are exempt from the session "
            "form, not from the back check.")


def whole_percent(rates: pd.Series) -> pd.Series:
    """Rates (0–1) as whole percentages rounded half up (spec §4.9); NaN stays NaN."""
    values = pd.to_numeric(rates, errors="coerce").to_numpy(dtype=float) * 100.0
    return pd.Series(round_half_up(values, 0), index=rates.index, dtype=float)


def _percent_text(rates: pd.Series) -> pd.Series:
    shown = whole_percent(rates)
    text = shown.map(lambda v: f"{v:.0f}%" if v == v else fmt.MISSING)
    return text.astype(str)


def checkins_cells(table: pd.DataFrame) -> pd.DataFrame:
    """The section's table as text cells (HEADINGS): what the HTML and the PDF print."""
    yes_no = np.array(["no", "yes"], dtype=object)
    return pd.DataFrame({
        HEADINGS[0]: table["athlete"].astype(str).to_numpy(),
        HEADINGS[1]: table["sessions_this_week"].astype(int).astype(str).to_numpy(),
        HEADINGS[2]: yes_no[table["back_check_this_week"].astype(bool).to_numpy().astype(int)],
        HEADINGS[3]: _percent_text(table["back_check_rate"]).to_numpy(),
        HEADINGS[4]: _percent_text(table["session_rate"]).to_numpy(),
        HEADINGS[5]: yes_no[table["missing_two_weeks"].astype(bool).to_numpy().astype(int)],
    }, columns=list(HEADINGS))
