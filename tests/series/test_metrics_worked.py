"""Worked examples of spec §11.1, §11.3–§11.5 (load parts) as exact tests of daily/weekly metrics.

Expected values are exact fractions where the spec's numbers are (e.g. 2400/7 AU), the spec's
4-decimal figures otherwise (tolerance 5e-5), and an independent plain-Python EWMA recursion
for EWMA values to 1e-12. §11.2 lives in test_reference.py (it reads the shared data).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import loadwatch as lw
from loadwatch.schema import Channel, Col, DataStatus
from tests.builders import day, ewma_reference, on_day, read, session_csv

FOUR_DP = 5e-5


def s2_loads() -> list[float]:
    return [300.0] * 28 + [600.0] * 14


@pytest.fixture(scope="module")
def s2() -> pd.DataFrame:
    return lw.daily_metrics(read({"A": s2_loads()}))


# --- §11.1 S1 steady ---------------------------------------------------------------------

def test_s1_steady_ratios_are_exactly_one_from_day_28_and_monotony_infinite() -> None:
    table = lw.daily_metrics(read({"A": [300.0] * 60}))
    shown = table.iloc[27:]
    assert (shown[Col.RAC] == 1.0).all()
    assert (shown[Col.RAU] == 1.0).all()
    assert (shown[Col.EWMA] == 1.0).all()
    assert np.isinf(shown[Col.MONOTONY]).all()
    assert table.iloc[:27][[Col.RAC, Col.RAU, Col.EWMA]].isna().all().all()


# --- §11.1 S2 spike, daily ---------------------------------------------------------------

def test_s2_day_27_is_insufficient_with_reason(s2: pd.DataFrame) -> None:
    row = on_day(s2, 27)
    assert math.isnan(row[Col.RAC]) and math.isnan(row[Col.EWMA])
    assert row[Col.DATA_STATUS] == DataStatus.INSUFFICIENT
    assert row[Col.DATA_REASON] == "needs 28 days of history, has 27"


@pytest.mark.parametrize(
    ("n", "acute", "chronic", "chronic_u"),
    [
        (28, 300.0, 300.0, 300.0),
        (29, 2400 / 7, 8700 / 28, 300.0),
        (35, 600.0, 375.0, 300.0),
        (42, 600.0, 450.0, 400.0),
    ],
)
def test_s2_rolling_means_and_ratios(
    s2: pd.DataFrame, n: int, acute: float, chronic: float, chronic_u: float
) -> None:
    row = on_day(s2, n)
    assert row[Col.ACUTE] == pytest.approx(acute, rel=1e-12)
    assert row[Col.CHRONIC] == pytest.approx(chronic, rel=1e-12)
    assert row[Col.CHRONIC_U] == pytest.approx(chronic_u, rel=1e-12)
    assert row[Col.RAC] == pytest.approx(acute / chronic, rel=1e-12)
    assert row[Col.RAU] == pytest.approx(acute / chronic_u, rel=1e-12)


def test_s2_spec_table_figures(s2: pd.DataFrame) -> None:
    expected = {  # day: (RAC, RAU, EWMA acute, EWMA chronic, EWMA ratio) from spec §11.1
        29: (1.1034, 1.1429, 375.0000, 320.6897, 1.1694),
        35: (1.6000, 2.0000, 559.9548, 418.0795, 1.3394),
        42: (1.3333, 1.5000, 594.6546, 489.6831, 1.2144),
    }
    for n, (rac, rau, e_a, e_c, ratio) in expected.items():
        row = on_day(s2, n)
        assert row[Col.RAC] == pytest.approx(rac, abs=FOUR_DP)
        assert row[Col.RAU] == pytest.approx(rau, abs=FOUR_DP)
        assert row[Col.EWMA_ACUTE] == pytest.approx(e_a, abs=FOUR_DP)
        assert row[Col.EWMA_CHRONIC] == pytest.approx(e_c, abs=FOUR_DP)
        assert row[Col.EWMA] == pytest.approx(ratio, abs=FOUR_DP)
        assert bool(row[Col.EWMA_PROVISIONAL]) is True


def test_s2_ewma_equals_plain_recursion(s2: pd.DataFrame) -> None:
    acute, chronic = ewma_reference(s2_loads(), 7), ewma_reference(s2_loads(), 28)
    for n in range(28, 43):
        row = on_day(s2, n)
        assert row[Col.EWMA] == pytest.approx(acute[n - 1] / chronic[n - 1], rel=1e-12)


def test_s2_rolling_week_change_day_35_and_42(s2: pd.DataFrame) -> None:
    assert on_day(s2, 35)[Col.CHANGE_PCT] == pytest.approx(100.0, rel=1e-12)
    assert on_day(s2, 35)[Col.CHANGE_AU] == pytest.approx(2100.0, rel=1e-12)
    assert on_day(s2, 42)[Col.CHANGE_PCT] == 0.0


@pytest.mark.parametrize(
    ("seed", "expected"),
    [("zero", (1.1560, 1.4231, 1.2525)), ("adjust", (1.0000, 1.3064, 1.1902)),
     ("mean_k", (1.0000, 1.3394, 1.2144)), ("first", (1.0000, 1.3394, 1.2144))],
)
def test_s2_ewma_seed_sensitivity(seed: str, expected: tuple[float, float, float]) -> None:
    cfg = lw.load_config(overrides={"acwr.ewma_seed": seed})
    table = lw.daily_metrics(read({"A": s2_loads()}), config=cfg)
    got = tuple(on_day(table, n)[Col.EWMA] for n in (28, 35, 42))
    assert got == pytest.approx(expected, abs=FOUR_DP)


# --- §11.1 S2 weekly totals --------------------------------------------------------------

def test_s2_weekly_totals_log_gives_the_weekly_ratios() -> None:
    weeks = [f"2024-W{k:02d}" for k in range(1, 7)]
    totals = [2100, 2100, 2100, 2100, 4200, 4200]
    text = f"{Col.ATHLETE},week,{Col.WEEK_LOAD}\n" + "".join(
        f"A,{w},{t}\n" for w, t in zip(weeks, totals, strict=True))
    weekly = lw.weekly_metrics(lw.read_log(text.encode()))
    assert weekly[Col.WEEK].iloc[0] == day(1)
    assert weekly[Col.W_COUPLED].iloc[:3].isna().all()
    assert weekly[Col.DATA_REASON].iloc[2] == "needs 4 complete weeks, has 3"
    np.testing.assert_allclose(weekly[Col.W_COUPLED].iloc[3:], [1.0, 1.6, 4 / 3], rtol=1e-12)
    np.testing.assert_allclose(weekly[Col.W_UNCOUPLED3].iloc[3:], [1.0, 2.0, 1.5], rtol=1e-12)
    assert math.isnan(weekly[Col.W_UNCOUPLED4].iloc[3])
    np.testing.assert_allclose(weekly[Col.W_UNCOUPLED4].iloc[4:], [2.0, 1.6], rtol=1e-12)
    np.testing.assert_allclose(weekly[Col.CHANGE_PCT].iloc[1:], [0, 0, 0, 100, 0], atol=1e-12)


def test_s2_weekly_from_daily_equals_weekly_totals() -> None:
    weekly = lw.weekly_metrics(read({"A": s2_loads()}))
    np.testing.assert_allclose(weekly[Col.WEEKLY_LOAD], [2100] * 4 + [4200] * 2)
    np.testing.assert_allclose(weekly[Col.W_COUPLED].iloc[3:], [1.0, 1.6, 4 / 3], rtol=1e-12)
    np.testing.assert_allclose(weekly[Col.W_UNCOUPLED3].iloc[3:], [1.0, 2.0, 1.5], rtol=1e-12)


# --- §11.1 S3 alternating and S3-sessions ------------------------------------------------

def test_s3_alternating_ratios_and_monotony() -> None:
    loads = [0.0 if i % 2 == 0 else 500.0 for i in range(35)]
    table = lw.daily_metrics(read({"A": loads}))
    expected = {28: (1.1429, 1.2000, 1.2756), 29: (0.8571, 0.8182, 1.0276),
                34: (1.1429, 1.2000, 1.2099), 35: (0.8571, 0.8182, 0.9747)}
    for n, values in expected.items():
        row = on_day(table, n)
        assert (row[Col.RAC], row[Col.RAU], row[Col.EWMA]) == pytest.approx(values, abs=FOUR_DP)
    assert on_day(table, 35)[Col.MONOTONY] == pytest.approx(0.8018, abs=FOUR_DP)
    assert on_day(table, 34)[Col.MONOTONY] == pytest.approx(1.0690, abs=FOUR_DP)
    assert math.isnan(on_day(table, 8)[Col.RAU])  # never a partial-window x/0


def test_s3_sessions_only_puts_rest_days_back_on_the_calendar() -> None:
    loads = [0.0 if i % 2 == 0 else 500.0 for i in range(35)]
    table = lw.daily_metrics(read({"A": loads}, omit_zero=True))
    assert table[Col.DATE].iloc[0] == day(2)  # calendar starts at the first session
    assert math.isnan(on_day(table, 28)[Col.RAC])
    assert (on_day(table, 29)[Col.RAC], on_day(table, 29)[Col.RAU],
            on_day(table, 29)[Col.EWMA]) == pytest.approx((0.8571, 0.8182, 0.7765), abs=FOUR_DP)
    assert (on_day(table, 34)[Col.RAC], on_day(table, 34)[Col.RAU],
            on_day(table, 34)[Col.EWMA]) == pytest.approx((1.1429, 1.2000, 1.0082), abs=FOUR_DP)


# --- §11.3 seed weights ------------------------------------------------------------------

def test_seed_weight_table_and_provisional_days() -> None:
    from loadwatch.series.ratios import seed_weight

    days = np.array([1, 7, 14, 28, 35, 42, 43, 56])
    expected = [1.0, 0.6513, 0.3950, 0.1452, 0.0881, 0.0534, 0.0497, 0.0196]
    np.testing.assert_allclose(seed_weight(days - 1, 28), expected, atol=FOUR_DP)
    table = lw.daily_metrics(read({"A": [300.0] * 60}))
    provisional = table[Col.EWMA_PROVISIONAL]
    assert provisional.iloc[27:42].all() and not provisional.iloc[42:].any()
    assert provisional.iloc[:27].isna().all()


# --- §11.4 missing is not rest -----------------------------------------------------------

def _week(load: float) -> list[float]:
    return [load] * 5 + [0.0, 0.0]


def _two_uploads_with_week_5_unlogged() -> pd.DataFrame:
    first = lw.read_log(session_csv({"A": _week(400) * 4}), period=(day(1), day(28)))
    second = lw.read_log(session_csv({"A": _week(400)}, start=day(36).date()),
                         period=(day(36), day(42)))
    return lw.combine_logs([first, second])


def test_unlogged_week_is_missing_and_ratios_are_insufficient() -> None:
    table = lw.daily_metrics(_two_uploads_with_week_5_unlogged())
    assert (table[table[Col.DATE].between(day(29), day(35))][Col.STATUS] == "missing").all()
    row = on_day(table, 42)
    assert row[Col.DATA_STATUS] == DataStatus.INSUFFICIENT
    assert row[Col.DATA_REASON] == "7 of the last 28 days not recorded"
    assert all(math.isnan(row[c]) for c in (Col.RAC, Col.RAU, Col.EWMA))
    assert math.isnan(row[Col.CHANGE_PCT]) and math.isnan(row[Col.CHANGE_AU])
    day28 = on_day(table, 28)
    assert day28[Col.RAC] == 1.0
    assert day28[Col.EWMA] == pytest.approx(0.7001, abs=FOUR_DP)


def test_unlogged_week_weekly_metrics_are_insufficient_and_change_not_computable() -> None:
    weekly = lw.weekly_metrics(_two_uploads_with_week_5_unlogged())
    week5, week6 = weekly.iloc[4], weekly.iloc[5]
    assert math.isnan(week5[Col.WEEKLY_LOAD]) and week5[Col.DAYS_MISSING] == 7
    assert math.isnan(week6[Col.W_COUPLED]) and math.isnan(week6[Col.CHANGE_PCT])
    assert week6[Col.DATA_STATUS] == DataStatus.INSUFFICIENT


def test_unlogged_week_wrongly_filled_with_zero_gives_the_spurious_ratios() -> None:
    table = lw.daily_metrics(read({"A": _week(400) * 4 + [0.0] * 7 + _week(400)}))
    row = on_day(table, 42)
    assert row[Col.RAC] == pytest.approx(4 / 3, rel=1e-12)
    assert row[Col.RAU] == pytest.approx(1.5, rel=1e-12)
    assert row[Col.EWMA] == pytest.approx(0.8411, abs=FOUR_DP)


def test_tolerance_of_seven_missing_days_averages_recorded_days_only() -> None:
    cfg = lw.load_config(overrides={"acwr.max_missing_chronic": 7})
    table = lw.daily_metrics(_two_uploads_with_week_5_unlogged(), config=cfg)
    row = on_day(table, 42)
    assert row[Col.ACUTE] == pytest.approx(2000 / 7, rel=1e-12)
    assert row[Col.CHRONIC] == pytest.approx(6000 / 21, rel=1e-12)
    assert row[Col.RAC] == pytest.approx(1.0, rel=1e-12)
    assert row[Col.DATA_REASON] == "mean of 21 recorded days"


# --- §11.5 gymnast, load parts -------------------------------------------------------------

def _gymnast() -> pd.DataFrame:
    days = [(150, 5, 100)] * 6 + [None]
    week5 = [(180, 6, 170)] * 6 + [None]
    rows = [f"{Col.ATHLETE},{Col.DATE},{Col.SPORT},{Col.DURATION},{Col.RPE},{Col.EXT_REPS}"]
    for i, entry in enumerate(days * 4 + week5):
        if entry is not None:
            rows.append(f"G14,{day(i + 1):%Y-%m-%d},gymnastics,{entry[0]},{entry[1]},{entry[2]}")
    # the coach declares the export's period through Sunday, so day 35 is a rest day
    return lw.read_log(("\n".join(rows) + "\n").encode(), period=(day(1), day(35)))


GYMNAST_DAYS = {  # day: (RAC, RAU, EWMA, extension RAC, extension EWMA), spec §11.5
    28: (1.0000, 1.0000, 0.8387, 1.0000, 0.8387),
    29: (1.0540, 1.0733, 1.0050, 1.0850, 1.0568),
    30: (1.1061, 1.1467, 1.1111, 1.1654, 1.1894),
    31: (1.1564, 1.2200, 1.1767, 1.2414, 1.2668),
    32: (1.2050, 1.2933, 1.2149, 1.3134, 1.3085),
    33: (1.2519, 1.3667, 1.2348, 1.3818, 1.3270),
    34: (1.2973, 1.4400, 1.2424, 1.4468, 1.3306),
    35: (1.2973, 1.4400, 1.0008, 1.4468, 1.0719),
}


def test_gymnast_week_5_daily_ratios_on_both_channels() -> None:
    log = _gymnast()
    srpe = lw.daily_metrics(log, Channel.SRPE)
    ext = lw.daily_metrics(log, Channel.EXTENSION)
    for n, (rac, rau, ewma, x_rac, x_ewma) in GYMNAST_DAYS.items():
        got = (on_day(srpe, n, "G14")[Col.RAC], on_day(srpe, n, "G14")[Col.RAU],
               on_day(srpe, n, "G14")[Col.EWMA], on_day(ext, n, "G14")[Col.RAC],
               on_day(ext, n, "G14")[Col.EWMA])
        assert got == pytest.approx((rac, rau, ewma, x_rac, x_ewma), abs=FOUR_DP), n
    last = on_day(srpe, 35, "G14")
    assert last[Col.ACUTE] == pytest.approx(6480 / 7, rel=1e-12)
    assert last[Col.CHRONIC] == pytest.approx((4500 * 3 + 6480) / 28, rel=1e-12)
    assert last[Col.CHRONIC_U] == pytest.approx(4500 / 7, rel=1e-12)
    assert on_day(ext, 35, "G14")[Col.RAU] == pytest.approx(1.7, rel=1e-12)


def test_gymnast_week_5_weekly_totals_change_and_monotony() -> None:
    weekly = lw.weekly_metrics(_gymnast())
    week5 = weekly.iloc[4]
    assert week5[Col.WEEKLY_LOAD] == 6480 and weekly.iloc[3][Col.WEEKLY_LOAD] == 4500
    assert week5[Col.MINUTES] == 1080 and week5[Col.SESSIONS] == 6 and week5[Col.REST_DAYS] == 1
    assert week5[Col.CHANGE_PCT] == pytest.approx(44.0, rel=1e-12)
    assert week5[Col.CHANGE_AU] == 1980
    assert week5[Col.MONOTONY] == pytest.approx(2.2678, abs=FOUR_DP)
    assert week5[Col.EXT_EXPOSURE] == 1020
    ext = lw.weekly_metrics(_gymnast(), Channel.EXTENSION).iloc[4]
    assert ext[Col.CHANGE_PCT] == pytest.approx(70.0, rel=1e-12)
