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
from scipy.signal import lfilter

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


def lagged(values: np.ndarray, pos: np.ndarray, k: int) -> np.ndarray:
    """values[i − k] of the same athlete (NaN where that row does not exist)."""
    out = shift(values, k)
    out[pos < k] = np.nan
    return out


def earlier_sum(x: np.ndarray, block: np.ndarray, pos: np.ndarray, width: int,
                span: int) -> np.ndarray:
    """Σ x over the `span` rows before the last `width` rows (days d−width−span+1 … d−width).

    With `block` the rolling `width`-row sum, a span that is a multiple of `width` is a sum
    of lagged blocks (3 additions for 21 days), otherwise a direct window sum."""
    if span % width:
        return window_sum(x, pos, span, lag=width)
    total = np.zeros(len(x))
    for k in range(width, width + span, width):
        total += lagged(block, pos, k)
    return total


class WindowCounts:
    """Counts of True rows in trailing windows, all from one cumulative sum (exact)."""

    def __init__(self, mask: np.ndarray, pos: np.ndarray) -> None:
        # 32-bit sums for a day mask (counts ≤ rows < 2**31): half the memory of 22 M rows
        wide = np.asarray(mask).dtype != bool or len(mask) >= 2**31 - 1
        kind = np.int64 if wide else np.int32
        self.csum = np.concatenate((np.zeros(1, kind), np.cumsum(mask, dtype=kind)))
        self.pos = pos
        self.any = bool(self.csum[-1])

    def window(self, width: int, lag: int = 0, *, partial: bool = False) -> np.ndarray:
        """Count over rows i−lag−width+1 … i−lag of the same athlete; −1 where the window
        reaches before the athlete's first row, or with `partial` the count over the rows
        that exist."""
        csum, pos, n = self.csum, self.pos, len(self.pos)
        reach = lag + width
        if not self.any:
            return (np.zeros(n, dtype=np.int32) if partial
                    else np.where(pos < reach - 1, -1, 0).astype(np.int32))
        if lag == 0:
            hi = csum[1:]
        elif lag >= n:
            hi = np.zeros(n, dtype=csum.dtype)
        else:
            hi = np.concatenate((np.zeros(lag, csum.dtype), csum[1:n - lag + 1]))
        lo = np.zeros(n, dtype=csum.dtype)
        if reach < n + 1:
            lo[reach - 1:] = csum[:n - reach + 1]
        out = np.subtract(hi, lo, out=lo).astype(np.int32, copy=False)
        if partial:
            before = csum[np.arange(n) - pos]  # count before the athlete's first row
            return np.where(pos >= reach - 1, out, np.maximum(hi - before, 0)).astype(
                np.int64, copy=False)  # the type it always had
        out[pos < reach - 1] = -1
        return out


def window_count(
    mask: np.ndarray, pos: np.ndarray, width: int, lag: int = 0, *, partial: bool = False
) -> np.ndarray:
    """How many rows in the same window are True (see :class:`WindowCounts`)."""
    return WindowCounts(mask, pos).window(width, lag, partial=partial)


def divide(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """IEEE division: 0/0 → NaN, x/0 → inf; no floor, no default."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.divide(num, den)


def rau_from_rac(rac: np.ndarray | float) -> np.ndarray | float:
    """Uncoupled ratio implied by a coupled one on complete data: 3r/(4 − r) (spec §4.3).

    With complete daily data the acute week is one of the four weeks of the coupled chronic
    window, so the two ratios determine each other; §4.3 uses this as a property test and the
    rules use it to state equivalent cut-offs.

    Parameters
    ----------
    rac : float or ndarray
        Coupled 7:28 ratio (dimensionless; AU/day over AU/day).

    Returns
    -------
    float or ndarray
        The uncoupled ratio (7 days vs the 21 before); inf at r = 4, NaN for NaN.

    Examples
    --------
    >>> import loadwatch as lw
    >>> round(float(lw.rau_from_rac(1.30)), 3)       # the amber cut-off on the uncoupled scale
    1.444
    """
    return divide(3 * np.asarray(rac, dtype=float), 4 - np.asarray(rac, dtype=float))


def rac_from_rau(rau: np.ndarray | float) -> np.ndarray | float:
    """Coupled ratio implied by an uncoupled one on complete data: 4r/(3 + r) (spec §4.3).

    The inverse of :func:`rau_from_rac` (complete daily data only).

    Parameters
    ----------
    rau : float or ndarray
        Uncoupled ratio, 7 days vs the 21 before (dimensionless; AU/day over AU/day).

    Returns
    -------
    float or ndarray
        The coupled 7:28 ratio; NaN for NaN.

    Examples
    --------
    >>> import loadwatch as lw
    >>> float(lw.rac_from_rau(1.5))
    1.3333333333333333
    """
    return divide(4 * np.asarray(rau, dtype=float), 3 + np.asarray(rau, dtype=float))


def ewma(
    x: np.ndarray, code: np.ndarray, pos: np.ndarray, span: int, *,
    seed: str = "first", seed_days: int = 7,
) -> np.ndarray:
    """One EWMA (see :func:`ewmas`)."""
    return ewmas(x, code, pos, (span,), seed=seed, seed_days=seed_days)[0]


def ewmas(
    x: np.ndarray, code: np.ndarray, pos: np.ndarray, spans: tuple[int, ...], *,
    seed: str = "first", seed_days: int = 7,
) -> list[np.ndarray]:
    """Exponentially weighted mean per athlete with λ = 2/(span+1), over calendar rows.

    NaN rows (missing days) leave the state unchanged. Seeds (spec §4.5): 'first' E₁ = x₁;
    'zero' E₀ = 0; 'mean_k' E₀ = mean of the first `seed_days` recorded days; 'adjust'
    pandas' bias-corrected weights. Rows are sorted by athlete then day.

    The recursion runs once, in C (scipy's lfilter), over every athlete's recorded days laid
    end to end, on deviations from each athlete's first value (so a constant stays exactly
    constant). What one athlete's state carries into the next is linear, (1 − λ)^k times the
    state at the boundary, and is subtracted exactly where each athlete starts.
    """
    if seed not in SEEDS:
        raise ValueError(f"unknown EWMA seed '{seed}'; choose one of {', '.join(SEEDS)}")
    valid = ~np.isnan(x)
    complete = bool(valid.all())
    if not valid.any():
        return [np.full(len(x), np.nan) for _ in spans]
    xv, cv = (x, code) if complete else (x[valid], code[valid])
    starts = np.flatnonzero(np.r_[True, cv[1:] != cv[:-1]])
    lengths = np.diff(np.r_[starts, len(xv)])
    first = xv[starts]
    k1 = np.arange(1, len(xv) + 1, dtype=np.float64) - np.repeat(starts, lengths)
    u = xv - np.repeat(first, lengths)
    if not complete:
        rows = np.arange(len(x), dtype=np.int32 if len(x) < 2**31 else np.int64)
        last = np.maximum.accumulate(np.where(valid, rows, -1))
        own = (last >= 0) & (last >= rows - pos)
        del rows
        carried = np.maximum(last, 0, out=last)
    results = []
    for span in spans:  # two spans (7 and 28 days), not a loop over athletes or days
        alpha = 2.0 / (span + 1.0)
        decay = 1.0 - alpha
        carry = np.multiply(k1, np.log(decay))
        np.exp(carry, out=carry)  # (1 − λ)^(k+1), k = recorded days since the first
        smoothed = _smooth(u, valid, code, pos, cv, starts, lengths, first, carry, alpha,
                           decay, seed, seed_days, x)
        if complete:
            results.append(smoothed)
            continue
        out = np.full(len(x), np.nan)
        out[valid] = smoothed
        del smoothed, carry
        # a missing day carries the last state of the same athlete (never another athlete's)
        state = out[carried]
        del out
        state[~own] = np.nan
        results.append(state)
    return results


def _smooth(u: np.ndarray, valid: np.ndarray, code: np.ndarray, pos: np.ndarray,
            cv: np.ndarray, starts: np.ndarray, lengths: np.ndarray, first: np.ndarray,
            carry: np.ndarray, alpha: float, decay: float, seed: str, seed_days: int,
            x: np.ndarray) -> np.ndarray:
    """The recursion on recorded days (deviations from each athlete's first value)."""
    if seed == "adjust":
        num = _unchained(lfilter([1.0], [1.0, -decay], u), starts, lengths, carry, 0.0)
        den = _unchained(lfilter([1.0], [1.0, -decay], np.ones(len(u))), starts, lengths,
                         carry, 0.0)
        smoothed = num / den
    else:
        if seed == "first":
            initial: np.ndarray | float = 0.0
        elif seed == "zero":
            initial = -first
        else:
            early = valid & (pos < seed_days)
            sums = np.bincount(code[early], weights=x[early], minlength=code.max() + 1)
            counts = np.bincount(code[early], minlength=code.max() + 1)
            with np.errstate(invalid="ignore", divide="ignore"):
                initial = (sums / counts)[cv[starts]] - first
        smoothed = _unchained(lfilter([alpha], [1.0, -decay], u), starts, lengths, carry,
                              initial)
    smoothed += np.repeat(first, lengths)
    return smoothed


def _unchained(flat: np.ndarray, starts: np.ndarray, lengths: np.ndarray, carry: np.ndarray,
               initial: np.ndarray | float) -> np.ndarray:
    """Remove what each athlete inherited from the previous one in a flat recursion, and
    put in its own initial state: y += (1 − λ)^(k+1) · (initial − state at the boundary)."""
    boundary = np.zeros(len(starts))
    boundary[1:] = flat[starts[1:] - 1]
    inherited = np.repeat(initial - boundary, lengths)
    flat += np.multiply(carry, inherited, out=inherited)
    return flat


def provisional_days(span: int, weight: float) -> int:
    """Rows (days since the first) while the seed still weighs more than `weight`:
    (1 − λ)^pos > weight ⇔ pos < log(weight) / log(1 − λ) (28-day span, 0.05 → days 1–42)."""
    limit = np.log(weight) / np.log(1.0 - 2.0 / (span + 1.0))
    return int(np.ceil(limit)) if limit != int(limit) else int(limit)


def seed_weight(pos: np.ndarray, span: int) -> np.ndarray:
    """Weight the day-1 load still carries in the EWMA on row `pos`: (1 − λ)^pos (§4.5)."""
    return (1.0 - 2.0 / (span + 1.0)) ** pos
