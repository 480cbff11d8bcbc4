"""Training monotony and strain over 7 days (Foster 1998, Med Sci Sports Exerc; spec §5.2).

monotony = mean of the 7 daily loads ÷ their sample SD (ddof = 1, as Excel STDEV and the
PyPI `acwr` package; the population SD reads √(7/6) ≈ 8 % higher), rest days counted as 0;
strain = weekly total × monotony. Identical loads on every day give an infinite monotony
("no easy or rest day"); a week of zeros gives no value. Needs 7 recorded days.
"""

from __future__ import annotations

import numpy as np

from loadwatch.series.ratios import divide, window_count, window_sum

WEEK = 7
_IDENTICAL = 1e-6  # relative SD under which seven days count as identical (sums lose ~1e-8)


def monotony_strain(
    x: np.ndarray, pos: np.ndarray, *, ddof: int = 1, days: int = WEEK,
    total: np.ndarray | None = None, missing_in_window: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Rolling monotony and strain on each row's last `days` rows (NaN if any is missing);
    the caller may pass the rolling sum and missing-day counts it already has."""
    if total is None:
        total = window_sum(x, pos, days)
    if missing_in_window is None:
        missing_in_window = window_count(np.isnan(x), pos, days)
    has_missing = missing_in_window != 0
    mean = total / days
    filled = np.nan_to_num(x, nan=0.0)
    squares = window_sum(filled * filled, pos, days)
    # sample variance from the sums; identical days are set to exactly zero below
    variance = np.maximum(squares - total * mean, 0.0) / (days - ddof)
    # identical days give a variance that is zero up to rounding (the sums are not exact for
    # every load): below a relative 1e-6 the spread is exactly zero
    variance[variance <= (_IDENTICAL * mean) ** 2] = 0.0
    sd = np.sqrt(variance)
    monotony = divide(mean, sd)
    monotony[(mean == 0) | has_missing | np.isnan(total)] = np.nan
    strain = total * monotony
    return monotony, strain
