"""The vectorised trailing sum and longest run equal the offset loops they replaced, exactly.

The reference functions below are the loops of loadwatch/series/windows.py before issue 18
(one pass per offset inside the window); random grids of several athletes, with NaN, runs
that reach an athlete's first row and windows wider than the athlete, must give the same
floats bit for bit (``np.array_equal`` with NaN in the same places).
"""

from __future__ import annotations

import numpy as np
import pytest

from loadwatch.series.windows import longest_run, run_length, trailing_sum


def _old_trailing_sum(x, pos, width, *, lag=0, partial=False):
    values = np.nan_to_num(np.asarray(x, dtype=float), nan=0.0)
    n = len(values)
    total = np.zeros(n)
    for k in range(lag, min(lag + width, n)):
        total[k:] += np.where(pos[k:] >= k, values[: n - k], 0.0)
    if not partial:
        total[pos < lag + width - 1] = np.nan
    return total


def _old_longest_run(mask, pos, width):
    run = run_length(mask, pos).astype(float)
    n = len(run)
    best = np.zeros(n)
    for k in range(min(width, n)):
        past = np.zeros(n)
        past[k:] = np.where(pos[k:] >= k, run[: n - k], 0.0)
        best = np.maximum(best, np.minimum(past, width - k))
    return best


def _grid(rng: np.random.Generator, athletes: int, max_days: int) -> np.ndarray:
    """pos for `athletes` blocks of 1 … max_days rows each."""
    sizes = rng.integers(1, max_days + 1, size=athletes)
    return np.concatenate([np.arange(s) for s in sizes])


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(("width", "lag"), [(1, 0), (2, 0), (7, 0), (21, 7), (28, 0), (84, 0)])
def test_trailing_sum_equals_the_offset_loop(seed: int, width: int, lag: int) -> None:
    rng = np.random.default_rng(seed)
    pos = _grid(rng, 40, 120)
    whole = rng.integers(0, 2000, size=len(pos)).astype(float)
    whole[rng.random(len(pos)) < 0.2] = np.nan
    fraction = np.round(rng.random(len(pos)) * 180, 1)      # minutes with one decimal
    fraction[rng.random(len(pos)) < 0.2] = np.nan
    for values in (whole, fraction, -whole):
        for partial in (False, True):
            new = trailing_sum(values, pos, width, lag=lag, partial=partial)
            old = _old_trailing_sum(values, pos, width, lag=lag, partial=partial)
            assert np.array_equal(new, old, equal_nan=True)


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("width", [1, 2, 3, 4, 7, 28, 200])
@pytest.mark.parametrize("share", [0.2, 0.6, 0.95])
def test_longest_run_equals_the_offset_loop(seed: int, width: int, share: float) -> None:
    rng = np.random.default_rng(seed)
    pos = _grid(rng, 30, 90)
    mask = rng.random(len(pos)) < share
    new = longest_run(mask, pos, width)
    assert new.dtype == np.float64
    assert np.array_equal(new, _old_longest_run(mask, pos, width))


def test_known_values() -> None:
    pos = np.array([0, 1, 2, 3, 4, 5, 0, 1, 2])
    mask = np.array([1, 1, 0, 1, 1, 1, 1, 1, 1], dtype=bool)
    assert longest_run(mask, pos, 3).tolist() == [1, 2, 2, 1, 2, 3, 1, 2, 3]
    assert longest_run(mask, pos, 4).tolist() == [1, 2, 2, 2, 2, 3, 1, 2, 3]
    assert trailing_sum(np.array([1., 2, 3, 4, 5, 6, 7, 8, 9]), pos, 2, lag=1).tolist()[6:] == [
        pytest.approx(np.nan, nan_ok=True), pytest.approx(np.nan, nan_ok=True), 15.0]
    assert longest_run(np.zeros(0, dtype=bool), np.zeros(0, dtype=int), 4).tolist() == []
