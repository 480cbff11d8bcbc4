"""Trailing windows on the flat athlete grid: sums, counts, run lengths, rolling quantiles.

Every risk rule looks back over "the last n rows of the same athlete" (7 days, 4 weeks,
12 months). The grid holds each athlete's periods as one contiguous block in time order, and
``pos`` is the row's offset from the athlete's first row, so a window never reaches into the
previous athlete. All helpers are vectorised over rows; sums loop over a window's offsets
(at most its width, never over days or athletes), so they equal a direct sum exactly.

>>> import numpy as np
>>> pos = np.array([0, 1, 2, 3, 0, 1])          # two athletes: 4 rows, then 2
>>> trailing_sum(np.array([1., 2., np.nan, 4., 5., 6.]), pos, 2, partial=True).tolist()
[1.0, 3.0, 2.0, 4.0, 5.0, 11.0]
>>> run_length(np.array([True, True, False, True, True, True]), pos).tolist()
[1, 2, 0, 1, 1, 2]

May import: the floor and :mod:`loadwatch.series` (stage 2).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from loadwatch.series.ratios import window_count

__all__ = [
    "any_in_window", "complete_sum", "last_true", "longest_run", "next_true", "run_length",
    "trailing_count", "trailing_quantile", "trailing_sum",
]


def trailing_sum(x: np.ndarray, pos: np.ndarray, width: int, *, lag: int = 0,
                 partial: bool = False) -> np.ndarray:
    """Σ x over rows i−lag−width+1 … i−lag of the same athlete, NaN counted as 0.

    Where the window reaches before the athlete's first row: NaN, or with `partial` the sum
    over the rows that exist (fewer at the athlete's start)."""
    values = np.nan_to_num(np.asarray(x, dtype=float), nan=0.0)
    pos = np.asarray(pos)
    n = len(values)
    total = np.zeros(n)
    for k in range(lag, min(lag + width, n)):  # offsets inside the window, not days
        total[k:] += np.where(pos[k:] >= k, values[: n - k], 0.0)
    if not partial:
        total[pos < lag + width - 1] = np.nan
    return total


def complete_sum(x: np.ndarray, pos: np.ndarray, width: int) -> np.ndarray:
    """Σ x over the last `width` rows; NaN unless every one of them exists and is recorded."""
    values = np.asarray(x, dtype=float)
    total = trailing_sum(values, pos, width)
    total[window_count(np.isnan(values), pos, width) != 0] = np.nan
    return total


def trailing_count(mask: np.ndarray, pos: np.ndarray, width: int, *, lag: int = 0,
                   partial: bool = False) -> np.ndarray:
    """How many rows of the window are True (or, for integer counts such as days per week,
    their total): −1 where the window reaches before the athlete's first row, or with
    `partial` the count over the rows that exist (exact, one integer cumsum)."""
    return window_count(np.asarray(mask), pos, width, lag, partial=partial)


def any_in_window(mask: np.ndarray, pos: np.ndarray, width: int) -> np.ndarray:
    """True where the mask holds on this row or any of the width − 1 rows before it."""
    return trailing_count(mask, pos, width, partial=True) > 0


def run_length(mask: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Consecutive True rows ending at each row, within the same athlete (0 where False)."""
    mask = np.asarray(mask, dtype=bool)
    idx = np.arange(len(mask))
    reset = np.where(~mask, idx, np.where(pos == 0, idx - 1, -1))
    last = np.maximum.accumulate(reset) if len(mask) else reset
    return np.where(mask, idx - last, 0)


def last_true(mask: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Index of the latest True row at or before each row of the same athlete, else −1."""
    mask = np.asarray(mask, dtype=bool)
    idx = np.arange(len(mask))
    marker = np.where(mask, idx, np.where(pos == 0, idx - 1, -1))
    last = np.maximum.accumulate(marker) if len(mask) else marker
    return np.where(last >= idx - pos, last, -1)


def next_true(mask: np.ndarray) -> np.ndarray:
    """Index of the first True row at or after each row (len(mask) if none), with one extra
    slot at the end so that ``next_true(m)[i + 1]`` is always defined."""
    mask = np.asarray(mask, dtype=bool)
    n = len(mask)
    marker = np.where(mask, np.arange(n), n)
    out = np.minimum.accumulate(marker[::-1])[::-1] if n else marker
    return np.concatenate((out, [n]))


def longest_run(mask: np.ndarray, pos: np.ndarray, width: int) -> np.ndarray:
    """Longest run of consecutive True rows inside each row's last `width` rows (a run that
    started before the window counts only its part inside it)."""
    run = run_length(mask, pos).astype(float)
    n = len(run)
    best = np.zeros(n)
    for k in range(min(width, n)):  # offsets inside the window, not days
        past = np.zeros(n)
        past[k:] = np.where(pos[k:] >= k, run[: n - k], 0.0)
        best = np.maximum(best, np.minimum(past, width - k))
    return best


def trailing_quantile(values: np.ndarray, code: np.ndarray, width: int, min_periods: int,
                      q: float = 0.5) -> np.ndarray:
    """Per-athlete rolling quantile (q = 0.5: the median) of the last `width` rows, NaN with
    fewer than `min_periods` values (rows sorted by athlete, as on the grid)."""
    rolling = pd.Series(np.asarray(values, dtype=float)).groupby(
        np.asarray(code), sort=False).rolling(width, min_periods=min_periods)
    out = rolling.median() if q == 0.5 else rolling.quantile(q)
    return out.to_numpy()
