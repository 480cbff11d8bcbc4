"""Trailing windows on the flat athlete grid: sums, counts, run lengths, rolling quantiles.

Every risk rule looks back over "the last n rows of the same athlete" (7 days, 4 weeks,
12 months). The grid holds each athlete's periods as one contiguous block in time order, and
``pos`` is the row's offset from the athlete's first row, so a window never reaches into the
previous athlete. All helpers are vectorised over rows: sums of whole numbers by one integer
cumulative sum, other sums offset by offset (at most the width, never days or athletes), run
maxima by a sparse table; each equals a direct sum or maximum exactly.

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


def _window_bounds(pos: np.ndarray, width: int, lag: int) -> tuple[np.ndarray, np.ndarray]:
    """First and last row of each row's window (rows i−lag−width+1 … i−lag), clipped to the
    athlete's first row; empty (last < first) where the window lies before it."""
    idx = np.arange(len(pos))
    first = idx - np.minimum(pos, lag + width - 1)
    return first, idx - lag


def _exact_integers(values: np.ndarray) -> bool:
    """True when every value is a whole number and any sum of them stays below 2**52, so that
    an integer cumulative sum equals the float sum in any order, bit for bit."""
    return bool(np.abs(values).sum() < 2.0**52 and np.array_equal(values, np.trunc(values)))


def trailing_sum(x: np.ndarray, pos: np.ndarray, width: int, *, lag: int = 0,
                 partial: bool = False) -> np.ndarray:
    """Σ x over rows i−lag−width+1 … i−lag of the same athlete, NaN counted as 0.

    Where the window reaches before the athlete's first row: NaN, or with `partial` the sum
    over the rows that exist (fewer at the athlete's start). Whole numbers (counts, AU,
    deliveries) take one integer cumulative sum, exact; other values are summed offset by
    offset in the window's order, so that the result equals a direct sum bit for bit."""
    values = np.nan_to_num(np.asarray(x, dtype=float), nan=0.0)
    pos = np.asarray(pos)
    n = len(values)
    if _exact_integers(values):
        first, last = _window_bounds(pos, width, lag)
        cum = np.concatenate(([0], np.cumsum(values.astype(np.int64))))
        total = np.where(last >= first, cum[np.maximum(last, 0) + 1] - cum[first], 0)
        total = total.astype(float)
    else:
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


def _range_max(values: np.ndarray, first: np.ndarray, last: np.ndarray, width: int
               ) -> np.ndarray:
    """max(values[first … last]) per row (0 where last < first; spans of at most `width`
    rows): a sparse table of doubling maxima, one level per power of two up to the width."""
    n = len(values)
    levels = [values]
    while 2 ** len(levels) <= min(width, n):
        step, prev = 2 ** (len(levels) - 1), levels[-1]
        levels.append(np.maximum(prev, np.concatenate((prev[step:], prev[-step:]))))
    span = last - first + 1
    out = np.zeros(n, dtype=values.dtype)
    level = np.zeros(n, dtype=np.int8)
    for k in range(1, len(levels)):  # levels of the table (≤ log2 width), not days
        level[span >= 2 ** k] = k
    for k, table in enumerate(levels):
        rows = np.flatnonzero((level == k) & (span > 0))
        out[rows] = np.maximum(table[first[rows]], table[last[rows] - 2 ** k + 1])
    return out


def longest_run(mask: np.ndarray, pos: np.ndarray, width: int) -> np.ndarray:
    """Longest run of consecutive True rows inside each row's last `width` rows (a run that
    started before the window counts only its part inside it).

    Run-length arithmetic: the run covering the window's first row counts up to the row
    itself; every later run lies wholly inside, so its full length (kept at its last row)
    enters a range maximum over the rows after the first run."""
    mask = np.asarray(mask, dtype=bool)
    pos = np.asarray(pos)
    n = len(mask)
    if n == 0:
        return np.zeros(0)
    run = run_length(mask, pos)
    first, idx = _window_bounds(pos, width, 0)
    breaks = ~mask | (pos == 0)                      # a run cannot continue into this row
    run_end = next_true(breaks)[np.minimum(first + 1, n)] - 1   # end of the run at `first`
    clipped = np.where(mask[first], np.minimum(run_end, idx) - first + 1, 0)
    at_end = mask & np.concatenate((breaks[1:], [True]))        # last row of each run
    lengths = np.where(at_end, np.minimum(run, width), 0).astype(np.int32)
    after = np.where(mask[first], run_end + 1, first)
    inside = _range_max(lengths, after, idx, width)
    ongoing = np.where(mask & (idx >= after), run, 0)
    return np.maximum(np.maximum(clipped, inside), ongoing).astype(float)


def trailing_quantile(values: np.ndarray, code: np.ndarray, width: int, min_periods: int,
                      q: float = 0.5) -> np.ndarray:
    """Per-athlete rolling quantile (q = 0.5: the median) of the last `width` rows, NaN with
    fewer than `min_periods` values (rows sorted by athlete, as on the grid)."""
    rolling = pd.Series(np.asarray(values, dtype=float)).groupby(
        np.asarray(code), sort=False).rolling(width, min_periods=min_periods)
    out = rolling.median() if q == 0.5 else rolling.quantile(q)
    return out.to_numpy()
