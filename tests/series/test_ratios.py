"""Window primitives, threshold conversion and IEEE division (spec §4.3, §4.8, §11.6)."""

from __future__ import annotations

import numpy as np
import pytest

from loadwatch.series.ratios import divide, rac_from_rau, rau_from_rac, window_count, window_sum


def test_threshold_conversion_table() -> None:
    np.testing.assert_allclose(rau_from_rac(np.array([0.8, 1.3, 1.5, 2.0])),
                               [0.75, 1.4444, 1.8, 3.0], atol=5e-5)
    np.testing.assert_allclose(rac_from_rau(np.array([1.3, 1.5])), [1.2093, 1.3333], atol=5e-5)
    assert rac_from_rau(rau_from_rac(1.37)) == pytest.approx(1.37, rel=1e-12)


def test_division_keeps_ieee_values_and_never_invents_one() -> None:
    got = divide(np.array([0.0, 5.0, 6.0]), np.array([0.0, 0.0, 3.0]))
    assert np.isnan(got[0]) and np.isposinf(got[1]) and got[2] == 2.0


def test_window_sum_stays_inside_each_athlete() -> None:
    x = np.array([1.0, 2, 3, 10, 20, 30])
    pos = np.array([0, 1, 2, 0, 1, 2])
    got = window_sum(x, pos, 2)
    np.testing.assert_array_equal(np.isnan(got), [True, False, False, True, False, False])
    np.testing.assert_array_equal(got[[1, 2, 4, 5]], [3, 5, 30, 50])
    lagged = window_sum(x, pos, 2, lag=1)
    assert lagged[2] == 3 and np.isnan(lagged[1]) and lagged[5] == 30


def test_window_count_full_and_partial() -> None:
    mask = np.array([True, False, True, True])
    pos = np.arange(4)
    np.testing.assert_array_equal(window_count(mask, pos, 3), [-1, -1, 2, 2])
    np.testing.assert_array_equal(window_count(mask, pos, 3, partial=True), [1, 1, 2, 2])


def test_window_count_with_lag_longer_than_the_data() -> None:
    mask = np.array([True, True, False])
    np.testing.assert_array_equal(window_count(mask, np.arange(3), 2, lag=5), [-1, -1, -1])
    np.testing.assert_array_equal(window_count(mask, np.arange(3), 2, lag=1), [-1, -1, 2])
