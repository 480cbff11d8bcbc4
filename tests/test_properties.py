"""Property tests of spec §11.7 (hypothesis), on logs that go through the real ingest."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loadwatch as lw
from loadwatch.schema import Col, DataStatus
from loadwatch.series.ratios import ewma
from tests.builders import read

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
loads = st.lists(st.integers(min_value=0, max_value=1200).map(float), min_size=30, max_size=70)
RATIOS = [Col.RAC, Col.RAU, Col.EWMA]


@SETTINGS
@given(loads)
def test_rac_is_bounded_by_4_and_rau_follows_the_identity(series: list[float]) -> None:
    table = lw.daily_metrics(read({"A": series}))
    rac, rau = table[Col.RAC].to_numpy(), table[Col.RAU].to_numpy()
    shown = np.isfinite(rac)
    assert (rac[shown] <= 4 + 1e-12).all()
    finite = shown & np.isfinite(rau)
    np.testing.assert_allclose(rau[finite], 3 * rac[finite] / (4 - rac[finite]), rtol=1e-12)


@SETTINGS
@given(loads, st.sampled_from([0.5, 3.0, 7.25]))
def test_scaling_all_loads_leaves_ratios_and_monotony_unchanged(series: list[float],
                                                                k: float) -> None:
    base = lw.daily_metrics(read({"A": series}))
    scaled = lw.daily_metrics(read({"A": [v * k for v in series]}))
    for col in [*RATIOS, Col.MONOTONY]:
        np.testing.assert_allclose(scaled[col], base[col], rtol=1e-9, equal_nan=True)


def test_adding_a_constant_changes_the_ratios() -> None:
    series = [300.0] * 28 + [600.0] * 7
    base = lw.daily_metrics(read({"A": series}))
    shifted = lw.daily_metrics(read({"A": [v + 100 for v in series]}))
    assert base[Col.RAC].iloc[-1] != shifted[Col.RAC].iloc[-1]


@given(st.integers(min_value=1, max_value=2000).map(float), st.integers(30, 60))
@SETTINGS
def test_constant_series_is_exactly_one(value: float, days: int) -> None:
    table = lw.daily_metrics(read({"A": [value] * days}))
    for col in RATIOS:
        assert (table[col].iloc[27:] == 1.0).all()
    x = np.full(days, value)
    assert (ewma(x, np.zeros(days, dtype=int), np.arange(days), 28) == value).all()


@SETTINGS
@given(loads.filter(lambda s: len(s) >= 40), st.data())
def test_a_missing_day_in_the_window_makes_the_ratios_insufficient(series: list[float],
                                                                   data: st.DataObject) -> None:
    d = data.draw(st.integers(min_value=28, max_value=len(series)), label="day")
    hole = data.draw(st.integers(min_value=d - 27, max_value=d), label="missing day")
    holed: list[float | None] = list(series)
    holed[hole - 1] = None
    row = lw.daily_metrics(read({"A": holed})).iloc[d - 1]
    assert row[Col.DATA_STATUS] in (DataStatus.INSUFFICIENT, DataStatus.MISSING)
    assert all(np.isnan(row[c]) for c in RATIOS)


@SETTINGS
@given(loads)
def test_omitted_rest_days_equal_explicit_zero_rows(series: list[float]) -> None:
    series = [100.0, *series, 100.0]  # coverage from the first to the last session
    explicit = lw.daily_metrics(read({"A": series}))
    omitted = lw.daily_metrics(read({"A": series}, omit_zero=True))
    pd.testing.assert_frame_equal(explicit, omitted)


@SETTINGS
@given(loads, st.randoms(use_true_random=False))
def test_row_order_and_split_sessions_change_nothing(series: list[float], rnd) -> None:
    base = lw.daily_metrics(read({"A": series}))
    log = read({"A": series})
    halves = log[log[Col.LOAD] > 0].assign(**{Col.LOAD: lambda f: f[Col.LOAD] / 2})
    split = pd.concat([log[log[Col.LOAD] == 0], halves, halves])
    order = list(range(len(split)))
    rnd.shuffle(order)
    got = lw.daily_metrics(split.iloc[order].reset_index(drop=True))
    pd.testing.assert_frame_equal(got, base, check_exact=False, rtol=1e-12)


def test_zero_denominators_never_become_one() -> None:
    series = [0.0] * 35 + [500.0] * 3 + [0.0] * 30
    table = lw.daily_metrics(read({"A": [100.0] + series}))
    zero_chronic = table[Col.CHRONIC_U] == 0
    assert zero_chronic.any()
    assert not (table.loc[zero_chronic, RATIOS] == 1.0).any().any()
    assert (table.loc[zero_chronic & (table[Col.ACUTE] > 0), Col.DATA_STATUS]
            == DataStatus.RETURN_FROM_REST).all()
    no_training = table[Col.DATA_STATUS] == DataStatus.NO_TRAINING
    assert no_training.any() and table.loc[no_training, Col.RAC].isna().all()
