"""Monotony and strain (spec §5.2, §11.6)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from loadwatch.series.foster import monotony_strain


def _week(loads: list[float], ddof: int = 1) -> tuple[float, float]:
    x = np.array(loads, dtype=float)
    monotony, strain = monotony_strain(x, np.arange(len(x)), ddof=ddof)
    return float(monotony[-1]), float(strain[-1])


def test_mixed_week_sample_sd() -> None:
    monotony, strain = _week([600, 200, 400, 500, 100, 650, 0])
    assert monotony == pytest.approx(350 / 253.3114, abs=5e-5)
    assert monotony == pytest.approx(1.3817, abs=5e-5)
    assert strain == pytest.approx(3385.16, abs=0.005)


def test_population_sd_option_reads_higher() -> None:
    assert _week([600, 200, 400, 500, 100, 650, 0], ddof=0)[0] == pytest.approx(1.4924, abs=5e-5)
    assert _week([400] * 6 + [0], ddof=0)[0] == pytest.approx(2.4495, abs=5e-5)


def test_six_equal_days_and_a_rest_day_is_always_2_268() -> None:
    assert _week([400] * 6 + [0])[0] == pytest.approx(2.2678, abs=5e-5)
    assert _week([37.5] * 6 + [0])[0] == pytest.approx(_week([400] * 6 + [0])[0], rel=1e-12)


def test_two_rest_days() -> None:
    assert _week([450] * 5 + [0, 0])[0] == pytest.approx(1.4639, abs=5e-5)


def test_identical_days_are_infinite_and_zero_week_is_undefined() -> None:
    assert math.isinf(_week([300] * 7)[0])
    assert math.isinf(_week([0.1] * 7)[0])  # exact, whatever the float rounding of the mean
    assert math.isnan(_week([0] * 7)[0])


def test_a_missing_day_gives_no_monotony() -> None:
    assert math.isnan(_week([400, 400, np.nan, 400, 400, 400, 0])[0])


def test_first_six_days_have_no_value() -> None:
    x = np.array([100.0, 200, 300, 400, 500, 600, 0])
    monotony, _ = monotony_strain(x, np.arange(7))
    assert np.isnan(monotony[:6]).all() and np.isfinite(monotony[6])
