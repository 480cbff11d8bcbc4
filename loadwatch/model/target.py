"""The model's target: does an injury start within the next `horizon` days? (issue #8, part 3)

For athlete-day t the label is 1 when an injury of that athlete has its onset on a day in
(t, t + horizon] — the days *after* t, so the features of day t (which include day t's
training) come before the outcome — and 0 otherwise. Two kinds of rows are left out:

- days on which the athlete is injured: from the onset day up to the day before the return
  date (to the end of the log while an injury is ongoing). An injured athlete is not at risk
  of a new onset, and their zero loads would teach the model that resting predicts injury;
- the last `horizon` days of each athlete's log, whose outcome window is not fully observed.

The default horizon is 7 days (the acute window; Hulin et al. 2014 looked one week ahead).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from loadwatch.config import Config, default_config
from loadwatch.errors import LogError
from loadwatch.model.features import ATHLETE_STRIDE, build_features, injury_codes
from loadwatch.schema import Col
from loadwatch.series.metrics import Windows

DEFAULT_HORIZON: Final = 7


@dataclass
class ModelTable:
    """Features and labels on the athlete-day grid, with which rows may be used."""

    frame: pd.DataFrame        # athlete, date and features for every grid row
    y: np.ndarray              # 1 = injury onset within the horizon
    usable: np.ndarray         # not injured and outcome window observed
    event: np.ndarray          # index of the injury a positive row precedes, −1 otherwise
    code: np.ndarray           # athlete code per row (groups for splits)
    day: np.ndarray            # days since 1970-01-01 per row
    features: tuple[str, ...]
    horizon: int
    n_injuries: int            # injuries with onset inside the athletes' logged spans

    @property
    def athletes(self) -> pd.Index:
        """Athlete ids by code."""
        return pd.Index(self.frame[Col.ATHLETE].cat.categories)

    def X(self, rows: np.ndarray | None = None) -> pd.DataFrame:
        """Feature matrix of the given rows (default: the usable rows)."""
        rows = np.flatnonzero(self.usable) if rows is None else rows
        return self.frame.iloc[rows][list(self.features)].reset_index(drop=True)

    def events_in(self, rows: np.ndarray) -> int:
        """Distinct injuries announced by positive rows among `rows`."""
        ev = self.event[rows]
        return int(len(np.unique(ev[ev >= 0])))


def onset_within(code: np.ndarray, day: np.ndarray, inj_code: np.ndarray, onset: np.ndarray,
                 horizon: int) -> tuple[np.ndarray, np.ndarray]:
    """(label, index of the next injury if within the horizon else −1) per row."""
    n = len(code)
    if len(inj_code) == 0:
        return np.zeros(n, dtype=np.int8), np.full(n, -1, dtype=np.int64)
    keys = inj_code * ATHLETE_STRIDE + onset
    nxt = np.searchsorted(keys, code * ATHLETE_STRIDE + day, side="right")
    found = nxt < len(keys)
    target = keys[np.minimum(nxt, len(keys) - 1)]
    hit = found & (target <= code * ATHLETE_STRIDE + day + horizon)
    return hit.astype(np.int8), np.where(hit, nxt, -1).astype(np.int64)


def injured_mask(code: np.ndarray, day: np.ndarray, inj_code: np.ndarray, onset: np.ndarray,
                 back: np.ndarray) -> np.ndarray:
    """True on grid rows where the athlete is injured: onset ≤ day < return (no end when the
    injury is ongoing). The grid has each athlete's days as one contiguous, gapless block."""
    n = len(code)
    if len(inj_code) == 0 or n == 0:
        return np.zeros(n, dtype=bool)
    n_codes = int(code.max()) + 1
    starts = np.searchsorted(code, np.arange(n_codes), side="left")
    ends = np.searchsorted(code, np.arange(n_codes), side="right")
    first_day = day[np.minimum(starts, n - 1)]
    length = ends - starts
    c = inj_code
    stop = np.where(back < 0, np.iinfo(np.int64).max // 4, back)
    lo = np.clip(onset - first_day[c], 0, length[c])
    hi = np.clip(stop - first_day[c], 0, length[c])
    keep = hi > lo
    diff = np.zeros(n + 1, dtype=np.int64)
    np.add.at(diff, starts[c[keep]] + lo[keep], 1)
    np.add.at(diff, starts[c[keep]] + hi[keep], -1)
    return np.cumsum(diff)[:n] > 0


def build_model_table(
    log: pd.DataFrame, injuries: pd.DataFrame | None, roster: pd.DataFrame | None = None, *,
    horizon: int = DEFAULT_HORIZON, windows: Windows | None = None,
    config: Config | None = None, with_roster: bool | None = None,
) -> ModelTable:
    """Features and targets of every athlete-day of `log` (see the module docstring)."""
    if horizon < 1:
        raise LogError(f"the horizon must be at least 1 day, not {horizon}")
    w = windows or Windows.from_config(config or default_config())
    frame = build_features(log, injuries, roster, windows=w, with_roster=with_roster)
    athletes = pd.Index(frame[Col.ATHLETE].cat.categories)
    code = frame[Col.ATHLETE].cat.codes.to_numpy(np.int64)
    day = frame[Col.DATE].to_numpy("datetime64[ns]").astype("datetime64[D]").astype(np.int64)
    inj_code, onset, back = injury_codes(injuries, athletes)
    y, event = onset_within(code, day, inj_code, onset, horizon)
    injured = injured_mask(code, day, inj_code, onset, back)
    last = pd.Series(day).groupby(code).transform("max").to_numpy()
    first = pd.Series(day).groupby(code).transform("min").to_numpy()
    usable = ~injured & (day + horizon <= last)
    span_first = pd.Series(first).groupby(code).first()
    span_last = pd.Series(last).groupby(code).first()
    inside = (onset >= span_first.reindex(inj_code).to_numpy()) & (
        onset <= span_last.reindex(inj_code).to_numpy())
    features = tuple(c for c in frame.columns if c not in (Col.ATHLETE, Col.DATE))
    return ModelTable(frame=frame, y=y, usable=usable, event=event, code=code, day=day,
                      features=features, horizon=horizon,
                      n_injuries=int(inside.sum()))
