"""Trailing-window helpers of loadwatch.series.windows: exact values on a two-athlete grid.

Grid: athlete A has 6 rows (pos 0–5), athlete B 3 rows (pos 0–2); a window never reaches from
B back into A.
"""

from __future__ import annotations

import numpy as np
import pytest

from loadwatch.series import windows as w

POS = np.array([0, 1, 2, 3, 4, 5, 0, 1, 2])
CODE = np.array([0, 0, 0, 0, 0, 0, 1, 1, 1])
X = np.array([1.0, 2.0, np.nan, 4.0, 8.0, 16.0, 100.0, 200.0, 400.0])
NAN = np.nan


def test_trailing_sum_complete_and_partial() -> None:
    full = w.trailing_sum(X, POS, 3)
    np.testing.assert_array_equal(full, [NAN, NAN, 3.0, 6.0, 12.0, 28.0, NAN, NAN, 700.0])
    part = w.trailing_sum(X, POS, 3, partial=True)
    np.testing.assert_array_equal(part, [1.0, 3.0, 3.0, 6.0, 12.0, 28.0, 100.0, 300.0, 700.0])


def test_trailing_sum_with_a_lag_skips_the_latest_rows() -> None:
    lagged = w.trailing_sum(X, POS, 2, lag=1)
    np.testing.assert_array_equal(lagged, [NAN, NAN, 3.0, 2.0, 4.0, 12.0, NAN, NAN, 300.0])


def test_complete_sum_is_nan_when_a_row_is_not_recorded() -> None:
    np.testing.assert_array_equal(w.complete_sum(X, POS, 2),
                                  [NAN, 3.0, NAN, NAN, 12.0, 24.0, NAN, 300.0, 600.0])


def test_trailing_count_and_any_in_window() -> None:
    mask = np.array([True, False, False, False, True, False, False, True, False])
    np.testing.assert_array_equal(w.trailing_count(mask, POS, 3),
                                  [-1, -1, 1, 0, 1, 1, -1, -1, 1])
    np.testing.assert_array_equal(w.trailing_count(mask, POS, 3, partial=True),
                                  [1, 1, 1, 0, 1, 1, 0, 1, 1])
    np.testing.assert_array_equal(w.any_in_window(mask, POS, 2),
                                  [True, True, False, False, True, True, False, True, True])


def test_run_length_last_true_next_true() -> None:
    mask = np.array([True, True, False, True, True, True, True, False, True])
    np.testing.assert_array_equal(w.run_length(mask, POS), [1, 2, 0, 1, 2, 3, 1, 0, 1])
    np.testing.assert_array_equal(w.last_true(~mask, POS), [-1, -1, 2, 2, 2, 2, -1, 7, 7])
    np.testing.assert_array_equal(w.next_true(~mask), [2, 2, 2, 7, 7, 7, 7, 7, 9, 9])


def test_longest_run_inside_the_window() -> None:
    zero = np.array([1.0, 0.0, 0.0, 0.0, 5.0, 0.0, 0.0, 0.0, 3.0]) == 0
    np.testing.assert_array_equal(w.longest_run(zero, POS, 3), [0, 1, 2, 3, 2, 1, 1, 2, 2])
    np.testing.assert_array_equal(w.longest_run(zero, POS, 6), [0, 1, 2, 3, 3, 3, 1, 2, 2])


def test_trailing_quantile_median_and_percentile() -> None:
    values = np.array([1.0, 3.0, 2.0, 10.0, 4.0, NAN, 7.0, 9.0, 8.0])
    median = w.trailing_quantile(values, CODE, 3, 2)
    np.testing.assert_array_equal(median, [NAN, 2.0, 2.0, 3.0, 4.0, 7.0, NAN, 8.0, 8.0])
    p90 = w.trailing_quantile(values, CODE, 3, 3, 0.9)
    assert p90[3] == pytest.approx(8.6, abs=1e-12)  # 2, 3, 10 → 3 + 0.8 · 7
    assert np.isnan(p90[5]) and p90[8] == pytest.approx(8.8, abs=1e-12)
