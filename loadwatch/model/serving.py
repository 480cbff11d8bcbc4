"""The team's model as the dashboard shows it: a probability never without its card.

:class:`TeamModel` wraps an installed :class:`~loadwatch.model.bundle.FittedModel` (which
always carries the card and metrics of its evaluation, see loadwatch.model.installed) and gives
the athlete page two things that travel together: the card (AUC with its interval,
calibration, when it was trained, how many injury events it rests on, and the full text) and
the probability for an athlete's latest day of a week. Predictions for the whole team are
computed once per TeamModel (one vectorised pass).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from loadwatch.errors import LogError
from loadwatch.model.bundle import FittedModel
from loadwatch.schema import Col


@dataclass
class TeamModel:
    """An installed model and the team data it predicts from."""

    fitted: FittedModel
    log: pd.DataFrame
    injuries: pd.DataFrame | None = None
    roster: pd.DataFrame | None = None
    _table: pd.DataFrame | None = field(default=None, repr=False)
    _weeks: dict[pd.Timestamp, pd.Series] = field(default_factory=dict, repr=False)
    problem: str | None = None

    def card(self) -> dict[str, str]:
        """Summary line (AUC with interval, calibration, trained, events; markdown and
        plain), verdict, the probability's label, and the full card."""
        m = self.fitted.metrics or {}
        low, high = m.get("roc_auc_ci", (np.nan, np.nan))
        on = self.fitted.fitted_on
        summary = (
            f"**ROC AUC {m.get('roc_auc', np.nan):.2f}** (95 % CI {low:.2f}–{high:.2f}) on later "
            f"months of other athletes · calibration: Brier {m.get('brier', np.nan):.3f} vs "
            f"{m.get('brier_intercept_only', np.nan):.3f} for the team's base rate, mean "
            f"predicted {m.get('mean_predicted', np.nan):.1%} vs observed "
            f"{m.get('observed_rate', np.nan):.1%} · {m.get('n_events', on.get('events'))} "
            f"injury events ({m.get('n_events_test', '?')} in the test part) · after that "
            f"evaluation, refitted on all data from {on.get('first_day')} to "
            f"{on.get('last_day')}")
        return {"summary": summary, "plain": summary.replace("**", ""),
                "verdict": self.fitted.verdict,
                "label": f"Modelled probability of an injury onset within "
                         f"{self.fitted.horizon} days",
                "text": self.fitted.card or ""}

    def predictions(self) -> pd.DataFrame:
        """Athlete, date, probability (NaN while injured) for every athlete-day of the log;
        empty, with `problem` set, when the model cannot be applied to this team's data."""
        if self._table is None:
            try:
                self._table = self.fitted.predict(self.log, self.injuries, self.roster)
            except LogError as exc:
                self.problem = str(exc)
                self._table = pd.DataFrame(columns=[Col.ATHLETE, Col.DATE,
                                                    self.fitted.probability_column])
        return self._table

    def week_probabilities(self, week: pd.Timestamp) -> pd.Series:
        """Each athlete's probability on their last calendar day of the week starting on
        Monday `week` (NaN: injured that day); athletes without a day that week are absent."""
        start = pd.Timestamp(week)
        if start not in self._weeks:
            table = self.predictions()
            rows = table[(table[Col.DATE] >= start)
                         & (table[Col.DATE] < start + pd.Timedelta(days=7))]
            last = rows.sort_values(Col.DATE, kind="stable").drop_duplicates(Col.ATHLETE,
                                                                             keep="last")
            self._weeks[start] = last.set_index(Col.ATHLETE)[self.fitted.probability_column] \
                .astype("float64")
        return self._weeks[start]

    def probability(self, athlete: str, week: pd.Timestamp) -> float | None:
        """One athlete's value of :meth:`week_probabilities` (None: the week is outside the
        athlete's log, or the athlete is injured)."""
        value = self.week_probabilities(week).get(athlete, np.nan)
        return None if pd.isna(value) else float(value)
