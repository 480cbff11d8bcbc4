"""Acute:chronic workload ratios on a flat calendar, for every athlete at once (spec §4).

Three forms are computed side by side because they answer slightly different questions and
are easy to confuse:

- **RAC**, rolling average coupled: 7-day mean ÷ 28-day mean *including* the acute week
  (Hulin et al. 2014, 2016; the scale on which published thresholds were derived).
- **RAU**, rolling average uncoupled: 7-day mean ÷ mean of the 21 days *before* the acute
  week (Windt & Gabbett 2019). Days d−27…d−7, never the 15-day window of CRAN ACWR 0.1.0.
  On complete data RAU = 3·RAC/(4 − RAC), so both rank days identically.
- **EWMA**: λ = 2/(N+1) with N = 7 and 28 (Williams et al. 2017, "span" form), recursion
  over calendar days seeded with the first day's load; a missing day carries the state.

Windows are checked for completeness; a ratio is never computed from a partial window and a
zero denominator stays IEEE (0/0 → NaN, x/0 → inf), never an epsilon or an invented 1.0.
All functions are channel-agnostic: they take a daily (or weekly) value array.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SEEDS = ("first", "mean_k", "zero", "adjust")


def shift(x: np.ndarray, k: int) -> np.ndarray:
    """x moved k rows later (x[i−k] at row i); the first k rows are NaN."""
    out = np.full(len(x), np.nan)
    if k < len(x):
        out[k:] = x[: len(x) - k] if k else x
    return out


def window_sum(x: np.ndarray, pos: np.ndarray, width: int, lag: int = 0) -> np.ndarray:
    """Σ x over rows i−lag−width+1 … i−lag of the same athlete (NaN counted as 0).

    NaN where that window reaches before the athlete's first row. Summed term by term (a
    loop over the window's offsets, not over days), so results match a direct sum exactly.
    """
    filled = np.nan_to_num(x, nan=0.0)
    total = np.zeros(len(x))
    n = len(x)
    for k in range(lag, lag + width):
        if k < n:
            total[k:] += filled[: n - k]
    total[pos < lag + width - 1] = np.nan
    return total


def window_count(
    mask: np.ndarray, pos: np.ndarray, width: int, lag: int = 0, *, partial: bool = False
) -> np.ndarray:
    """How many rows in the same window are True (exact integer arithmetic).

    A window reaching before the athlete's first row gives −1, or with `partial` the count
    over the rows that exist."""
    csum = np.concatenate(([0], np.cumsum(mask, dtype=np.int64)))
    idx = np.arange(len(mask))
    hi = idx - lag + 1
    lo = hi - width
    if partial:
        lo = np.maximum(lo, idx - pos)
        hi = np.maximum(hi, lo)
        return csum[hi] - csum[lo]
    valid = pos >= lag + width - 1
    out = np.full(len(mask), -1, dtype=np.int64)
    out[valid] = csum[hi[valid]] - csum[lo[valid]]
    return out


def divide(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """IEEE division: 0/0 → NaN, x/0 → inf; no floor, no default."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.divide(num, den)


def rau_from_rac(rac: np.ndarray | float) -> np.ndarray | float:
    """Uncoupled ratio implied by a coupled one on complete data: 3r/(4 − r) (spec §4.3)."""
    return divide(3 * np.asarray(rac, dtype=float), 4 - np.asarray(rac, dtype=float))


def rac_from_rau(rau: np.ndarray | float) -> np.ndarray | float:
    """Coupled ratio implied by an uncoupled one on complete data: 4r/(3 + r) (spec §4.3)."""
    return divide(4 * np.asarray(rau, dtype=float), 3 + np.asarray(rau, dtype=float))


def ewma(
    x: np.ndarray, code: np.ndarray, pos: np.ndarray, span: int, *,
    seed: str = "first", seed_days: int = 7,
) -> np.ndarray:
    """Exponentially weighted mean per athlete with λ = 2/(span+1), over calendar rows.

    NaN rows (missing days) leave the state unchanged. Seeds (spec §4.5): 'first' E₁ = x₁;
    'zero' E₀ = 0; 'mean_k' E₀ = mean of the first `seed_days` recorded days; 'adjust'
    pandas' bias-corrected weights. Rows are sorted by athlete then day.
    """
    if seed not in SEEDS:
        raise ValueError(f"unknown EWMA seed '{seed}'; choose one of {', '.join(SEEDS)}")
    alpha = 2.0 / (span + 1.0)
    series = pd.Series(x)
    grouped = series.groupby(code, sort=False)
    smoothed = grouped.ewm(alpha=alpha, adjust=seed == "adjust", ignore_na=True).mean()
    out = smoothed.to_numpy()
    if seed in ("first", "adjust"):
        return out
    valid = ~np.isnan(x)
    first_value = series.where(valid).groupby(code).transform("first").to_numpy()
    if seed == "zero":
        start = np.zeros(len(x))
    else:
        early = series.where(valid & (pos < seed_days))
        start = early.groupby(code).transform("mean").to_numpy()
    updates = pd.Series(valid.astype(np.int64)).groupby(code).cumsum().to_numpy() - 1
    # E_s(d) = E_first(d) + (1 − λ)^(n + 1) · (s − x₁), n = recorded days after the first
    return out + (1.0 - alpha) ** (updates + 1) * (start - first_value)


def seed_weight(pos: np.ndarray, span: int) -> np.ndarray:
    """Weight the day-1 load still carries in the EWMA on row `pos`: (1 − λ)^pos (§4.5)."""
    return (1.0 - 2.0 / (span + 1.0)) ** pos
