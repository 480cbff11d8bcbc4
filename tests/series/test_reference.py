"""Cross-checks on inputs from other software (tests/data/reference, copied from shared/).

Spec §11.2 (Williams et al. 2017 figures on the CRAN ACWR `training_load` data), and the
definitions of §4 checked on every day of the synthetic reference series: RAU = 3·RAC/(4 − RAC)
on complete data, RAC from its definition, EWMA against a pandas-independent recursion.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import loadwatch as lw
from loadwatch.schema import Col
from tests.builders import REFERENCE, ewma_reference

ACWR_R = REFERENCE / "acwr_r_training_load.csv"
DAILY = REFERENCE / "synthetic_daily_loads.csv"
SESSIONS_ONLY = REFERENCE / "synthetic_sessions_only.csv"


@pytest.fixture(scope="module")
def williams() -> pd.DataFrame:
    return lw.read_log(ACWR_R)


WILLIAMS = {  # athlete: (EWMA acute, chronic, ratio seed first, zero, mean_7, adjust)
    "1": (47.3303, 37.8720, 1.2497, 1.3994, 1.2497, 1.2105),
    "2": (53.6730, 38.1688, 1.4062, 1.4850, 1.3818, 1.2846),
    "3": (62.1242, 40.0614, 1.5507, 1.9037, 1.5773, 1.6468),
}


def test_acwr_r_headers_map_through_aliases(williams: pd.DataFrame) -> None:
    parsed = lw.parse_log(ACWR_R)
    assert parsed.mapping[Col.ATHLETE] == "ID" and parsed.mapping[Col.LOAD] == "TL"
    assert parsed.mapping[Col.DATE] == "Training_Date"
    assert {"Day", "Week"} <= set(parsed.ignored_columns)
    assert len(williams) == 84


def test_williams_day_28_rolling_ratios_equal_for_all_three(williams: pd.DataFrame) -> None:
    table = lw.daily_metrics(williams)
    last = table[table[Col.DATE] == pd.Timestamp("2022-01-28")].set_index(Col.ATHLETE)
    np.testing.assert_allclose(last[Col.RAC], 350 / (980 / 4), rtol=1e-12)  # 1.4286
    np.testing.assert_allclose(last[Col.RAU], 350 / (630 / 3), rtol=1e-12)  # 1.6667


@pytest.mark.parametrize("athlete", ["1", "2", "3"])
def test_williams_ewma_reproduces_published_values(williams: pd.DataFrame, athlete: str) -> None:
    acute, chronic, first, zero, mean7, adjust = WILLIAMS[athlete]
    by_seed = {}
    for seed in ("first", "zero", "mean_k", "adjust"):
        cfg = lw.load_config(overrides={"acwr.ewma_seed": seed})
        table = lw.daily_metrics(williams, config=cfg)
        by_seed[seed] = table[table[Col.ATHLETE] == athlete].iloc[27]
    row = by_seed["first"]
    assert row[Col.EWMA_ACUTE] == pytest.approx(acute, abs=5e-5)
    assert row[Col.EWMA_CHRONIC] == pytest.approx(chronic, abs=5e-5)
    assert round(row[Col.EWMA], 2) == {"1": 1.25, "2": 1.41, "3": 1.55}[athlete]  # published
    got = [by_seed[s][Col.EWMA] for s in ("first", "zero", "mean_k", "adjust")]
    assert got == pytest.approx([first, zero, mean7, adjust], abs=5e-5)


@pytest.fixture(scope="module")
def synthetic() -> pd.DataFrame:
    return lw.read_log(DAILY, column_map={Col.ATHLETE: "series"})


def test_rau_identity_and_definitions_on_every_reported_day(synthetic: pd.DataFrame) -> None:
    raw = pd.read_csv(DAILY)
    table = lw.daily_metrics(synthetic)
    for name, group in raw.groupby("series"):
        loads = group["load"].to_numpy(float)
        got = table[table[Col.ATHLETE] == name].iloc[: len(loads)]
        rac = got[Col.RAC].to_numpy()
        shown = ~np.isnan(rac)
        assert shown.sum() == len(loads) - 27
        finite = shown & (rac < 4)
        np.testing.assert_allclose(got[Col.RAU].to_numpy()[finite],
                                   3 * rac[finite] / (4 - rac[finite]), rtol=1e-12)
        s7 = pd.Series(loads).rolling(7).sum().to_numpy()
        s28 = pd.Series(loads).rolling(28).sum().to_numpy()
        np.testing.assert_allclose(rac[shown], (s7 / 7 / (s28 / 28))[shown], rtol=1e-9)
        if loads[0] > 0:  # S3 starts on a rest day: seed 0 → ratio is 0/0 early on
            ratio = np.divide(ewma_reference(loads, 7), ewma_reference(loads, 28))
            np.testing.assert_allclose(got[Col.EWMA].to_numpy()[shown], ratio[shown], rtol=1e-9)


def test_s4_realistic_term_matches_spec_table(synthetic: pd.DataFrame) -> None:
    table = lw.daily_metrics(synthetic)
    s4 = table[table[Col.ATHLETE] == "S4"].reset_index(drop=True)
    expected = {28: (0.990299, 0.987107, 0.695435), 29: (1.006565, 1.008772, 0.870646),
                35: (0.882170, 0.848831, 0.633256), 56: (1.207821, 1.297718, 0.803018),
                90: (0.972615, 0.963817, 0.959327), 120: (1.059872, 1.081455, 0.951684)}
    for n, values in expected.items():
        row = s4.iloc[n - 1]
        assert (row[Col.RAC], row[Col.RAU], row[Col.EWMA]) == pytest.approx(values, abs=5e-7)
    weekly = lw.weekly_metrics(synthetic)
    first4 = weekly[weekly[Col.ATHLETE] == "S4"].iloc[:4]
    np.testing.assert_allclose(first4[Col.WEEKLY_LOAD], [1802, 2161, 1544, 1812])
    np.testing.assert_allclose(first4[Col.MONOTONY], [1.3961, 1.3276, 1.1211, 1.3490], atol=5e-5)
    np.testing.assert_allclose(first4[Col.STRAIN], [2515.8, 2868.9, 1731.0, 2444.4], atol=0.05)


def test_sessions_only_file_equals_full_calendar_inside_coverage() -> None:
    sessions = lw.read_log(SESSIONS_ONLY, column_map={Col.ATHLETE: "series"})
    full = lw.read_log(DAILY, column_map={Col.ATHLETE: "series"})
    got = lw.daily_metrics(sessions).set_index([Col.ATHLETE, Col.DATE])
    ref = lw.daily_metrics(full).set_index([Col.ATHLETE, Col.DATE])
    s4 = got.loc["S4-sessions"].loc[: "2024-04-29"]
    full_s4 = ref.loc["S4"].loc[s4.index]
    # S4's first day has a session, so both calendars start on day 1 and agree exactly
    np.testing.assert_allclose(s4[Col.RAC], full_s4[Col.RAC], rtol=1e-12, equal_nan=True)
    np.testing.assert_allclose(s4[Col.EWMA], full_s4[Col.EWMA], rtol=1e-12, equal_nan=True)
    np.testing.assert_allclose(s4[Col.MONOTONY], full_s4[Col.MONOTONY], rtol=1e-12,
                               equal_nan=True)
