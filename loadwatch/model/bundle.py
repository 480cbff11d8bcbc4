"""A fitted model as one file: the estimator plus everything needed to rebuild its features.

`loadwatch model fit` fits :class:`~loadwatch.model.estimator.RiskModel` on *all* athlete-days
(calibration still on athlete-grouped folds) and saves a :class:`FittedModel` with joblib:
the metric windows it was fitted with (so predictions recompute the same features whatever
the current configuration), the feature list, the horizon, whether it needs a roster, and
what it was fitted on. How well such a model does is the job of `loadwatch model evaluate`,
whose card must accompany any probability shown: `loadwatch model evaluate --save-model`
fits the same model on all athlete-days and saves it *with* that card and its metrics, so the
two cannot be separated.

A joblib file is a pickle: loading one can run code. Load only model files you made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import joblib
import numpy as np
import pandas as pd

from loadwatch.config import Config, default_config
from loadwatch.errors import LogError
from loadwatch.model.estimator import Kind, RiskModel
from loadwatch.model.features import build_features, calendar, feature_names, injury_codes
from loadwatch.model.target import DEFAULT_HORIZON, build_model_table, injured_mask
from loadwatch.schema import Col
from loadwatch.series.metrics import Windows
from loadwatch.version import __version__

MIN_FIT_EVENTS: Final = 20


@dataclass
class FittedModel:
    """A fitted RiskModel with the settings that define its features."""

    model: RiskModel
    windows: Windows
    features: tuple[str, ...]
    horizon: int
    with_roster: bool
    fitted_on: dict[str, Any] = field(default_factory=dict)
    loadwatch_version: str = __version__
    card: str | None = None                  # the model card of its evaluation, if attached
    metrics: dict[str, Any] | None = None    # that evaluation's metrics.json

    @property
    def verdict(self) -> str:
        """The card's verdict, or a warning that the model travels without a card."""
        if self.metrics is None:
            return ("this model has no model card attached: how well it predicts is unknown "
                    "(save it with 'loadwatch model evaluate --save-model')")
        return str(self.metrics["verdict"])

    @property
    def probability_column(self) -> str:
        """Name of the output column, e.g. 'injury_onset_within_7d_probability'."""
        return f"injury_onset_within_{self.horizon}d_probability"

    def predict(self, log: pd.DataFrame, injuries: pd.DataFrame | None = None,
                roster: pd.DataFrame | None = None, *, latest_only: bool = False
                ) -> pd.DataFrame:
        """Athlete, date, probability of an injury onset within the horizon (NaN on days an
        injury in `injuries` makes the athlete unavailable). `latest_only`: each athlete's
        last day."""
        frame = build_features(log, injuries, roster, windows=self.windows,
                               with_roster=self.with_roster)
        prob = self.model.predict_proba(frame[list(self.features)])[:, 1]
        athletes = pd.Index(frame[Col.ATHLETE].cat.categories)
        code = frame[Col.ATHLETE].cat.codes.to_numpy(np.int64)
        day = frame[Col.DATE].to_numpy("datetime64[ns]").astype("datetime64[D]").astype(np.int64)
        injured = injured_mask(code, day, *injury_codes(injuries, athletes))
        out = pd.DataFrame({
            Col.ATHLETE: frame[Col.ATHLETE].astype(str),
            Col.DATE: frame[Col.DATE],
            self.probability_column: np.where(injured, np.nan, prob),
            "injured": injured,
        })
        if latest_only:
            out = out.groupby(Col.ATHLETE, sort=True).tail(1).reset_index(drop=True)
        return out

    def save(self, path: str | Path) -> Path:
        """Write the model with joblib."""
        target = Path(path)
        if target.parent and not target.parent.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(self, target)
        return target


def fit_model(
    log: pd.DataFrame, injuries: pd.DataFrame, roster: pd.DataFrame | None = None, *,
    kind: Kind = "hgb", horizon: int = DEFAULT_HORIZON, seed: int = 0,
    config: Config | None = None, n_threads: int | None = None,
    min_events: int = MIN_FIT_EVENTS, source: str | None = None,
) -> FittedModel:
    """Fit the risk model on every usable athlete-day (see the module docstring)."""
    windows = Windows.from_config(config or default_config())
    calendar(log, windows)  # refuses weekly logs and logs without sRPE, with a clear message
    table = build_model_table(log, injuries, roster, horizon=horizon, windows=windows)
    if len(table.athletes) < 2:
        raise LogError("the log has only one athlete; the model's calibration is grouped by "
                       "athlete and needs several")
    if table.n_injuries == 0:
        raise LogError("no injury in the injury log falls inside the training log's dates for "
                       "its athletes; the model needs injury events")
    rows = np.flatnonzero(table.usable)
    events = table.events_in(rows)
    if events < min_events:
        raise LogError(f"too few injury events to fit a model: {events} usable (needs "
                       f"{min_events})")
    estimator = RiskModel(kind=kind, random_state=seed, n_threads=n_threads)
    try:
        estimator.fit(table.X(rows), table.y[rows], groups=table.code[rows])
    except ValueError as exc:
        raise LogError(f"the model could not be fitted: {exc}") from None
    day = table.day[rows]
    return FittedModel(
        model=estimator, windows=windows, features=table.features, horizon=horizon,
        with_roster=len(table.features) > len(feature_names(False)),
        fitted_on={
            "athletes": int(len(np.unique(table.code[rows]))), "events": events,
            "athlete_days": int(len(rows)),
            "first_day": str(pd.Timestamp(int(day.min()), unit="D").date()),
            "last_day": str(pd.Timestamp(int(day.max()), unit="D").date()),
            "kind": kind, "seed": seed, "source": source,
        },
    )


def load_model(path: str | Path) -> FittedModel:
    """Read a model written by :meth:`FittedModel.save` (only load files you made)."""
    source = Path(path)
    if not source.exists():
        raise LogError(f"{source}: no such model file")
    try:
        bundle = joblib.load(source)
    except Exception as exc:  # a corrupt or foreign file can fail in many ways
        raise LogError(f"{source}: not a readable loadwatch model file "
                       f"({type(exc).__name__})") from None
    if not isinstance(bundle, FittedModel):
        raise LogError(f"{source}: not a loadwatch model file (it holds a "
                       f"{type(bundle).__name__})")
    return bundle
