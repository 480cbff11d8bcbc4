"""Tests for loadwatch.series.growth with the worked numbers of spec §11.6 (growth and maturity)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loadwatch.series.growth import (
    VelocityCol,
    growth_velocity,
    in_growth_window,
    maturity_offset_mirwald,
    maturity_offset_moore,
)

TOL = 5e-5
START = pd.Timestamp("2025-01-06")


def measurements(rows: list[tuple[str, int, float]]) -> pd.DataFrame:
    """Measurement table from (athlete, day offset from START, height cm) tuples."""
    return pd.DataFrame({
        VelocityCol.ATHLETE: [a for a, _, _ in rows],
        VelocityCol.DATE: [START + pd.Timedelta(days=d) for _, d, _ in rows],
        VelocityCol.HEIGHT: [h for _, _, h in rows],
    })


def by_athlete(table: pd.DataFrame) -> pd.DataFrame:
    """Velocity table indexed by athlete."""
    return table.set_index(VelocityCol.ATHLETE)


# ---- measured growth velocity (spec §7.4, §11.6) ---------------------------------------------


def test_spec_examples_for_several_athletes_at_once() -> None:
    """151.2 → 152.6 cm over 120 days = 4.26 cm/y; 151.2 → 155.0 cm over 182 days = 7.63 cm/y."""
    out = by_athlete(growth_velocity(measurements([
        ("slow", 0, 151.2), ("fast", 0, 151.2), ("slow", 120, 152.6), ("fast", 182, 155.0),
    ])))
    assert round(out.loc["slow", VelocityCol.VELOCITY], 2) == 4.26
    assert round(out.loc["fast", VelocityCol.VELOCITY], 2) == 7.63
    assert out.loc["fast", VelocityCol.INTERVAL_DAYS] == 182
    assert out.loc["slow", VelocityCol.HEIGHT_FROM] == 151.2
    assert out.loc["slow", VelocityCol.HEIGHT_TO] == 152.6
    assert out.loc["slow", VelocityCol.DATE_FROM] == START
    assert out.loc["slow", VelocityCol.DATE_TO] == START + pd.Timedelta(days=120)
    assert out[VelocityCol.REASON].isna().all()


def test_output_shape_and_order() -> None:
    """One row per athlete, sorted, with the documented columns first."""
    out = growth_velocity(measurements([("b", 0, 150.0), ("a", 0, 140.0), ("a", 100, 141.0)]))
    assert list(out[VelocityCol.ATHLETE]) == ["a", "b"]
    assert list(out.columns[:5]) == [
        VelocityCol.ATHLETE, VelocityCol.DATE_FROM, VelocityCol.DATE_TO, VelocityCol.HEIGHT_FROM,
        VelocityCol.HEIGHT_TO,
    ]
    assert VelocityCol.VELOCITY in out.columns and VelocityCol.REASON in out.columns


def test_pairs_closer_than_90_days_are_skipped() -> None:
    """The latest measurement pairs with the most recent one at least 90 days earlier."""
    out = by_athlete(growth_velocity(measurements([
        ("x", 0, 150.0), ("x", 100, 152.0), ("x", 150, 153.0),
    ])))
    assert out.loc["x", VelocityCol.DATE_FROM] == START  # day 100 is only 50 days before day 150
    assert out.loc["x", VelocityCol.INTERVAL_DAYS] == 150
    assert out.loc["x", VelocityCol.VELOCITY] == pytest.approx(3.0 / (150 / 365.25), rel=1e-12)


def test_no_pair_far_enough_gives_nan_with_reason() -> None:
    """89 days apart is too short; exactly 90 is enough; one measurement has its own reason."""
    out = by_athlete(growth_velocity(measurements([
        ("short", 0, 150.0), ("short", 89, 151.0),
        ("edge", 0, 150.0), ("edge", 90, 151.0),
        ("once", 0, 150.0),
    ])))
    assert np.isnan(out.loc["short", VelocityCol.VELOCITY])
    assert "90 days" in out.loc["short", VelocityCol.REASON]
    assert pd.isna(out.loc["short", VelocityCol.DATE_FROM])
    assert out.loc["short", VelocityCol.HEIGHT_TO] == 151.0
    assert out.loc["edge", VelocityCol.VELOCITY] == pytest.approx(365.25 / 90)
    assert np.isnan(out.loc["once", VelocityCol.VELOCITY])
    assert out.loc["once", VelocityCol.REASON] == "single measurement"


def test_min_interval_is_configurable() -> None:
    """A shorter minimum interval accepts the 89-day pair."""
    data = measurements([("short", 0, 150.0), ("short", 89, 151.0)])
    out = growth_velocity(data, min_interval_days=60)
    assert out[VelocityCol.VELOCITY].iloc[0] == pytest.approx(365.25 / 89)
    with pytest.raises(ValueError, match="min_interval_days"):
        growth_velocity(data, min_interval_days=0)


def test_row_order_repeats_and_blanks_do_not_matter() -> None:
    """Shuffled rows, same-day repeats (averaged) and rows without height give the same result."""
    rows = [("a", 0, 151.0), ("a", 0, 151.4), ("a", 120, 152.6), ("a", 60, np.nan)]
    shuffled = measurements(rows).sample(frac=1.0, random_state=3)
    out = growth_velocity(shuffled)
    assert out[VelocityCol.HEIGHT_FROM].iloc[0] == pytest.approx(151.2)
    assert round(out[VelocityCol.VELOCITY].iloc[0], 2) == 4.26


def test_string_dates_and_extra_columns() -> None:
    """Dates may be ISO strings; sitting height and mass columns are carried in but ignored."""
    data = pd.DataFrame({
        VelocityCol.ATHLETE: ["a", "a"],
        VelocityCol.DATE: ["2025-01-06", "2025-07-07"],
        VelocityCol.HEIGHT: [151.2, 155.0],
        VelocityCol.SITTING_HEIGHT: [78.0, 80.0],
        VelocityCol.MASS: [40.0, 42.0],
    })
    assert round(growth_velocity(data)[VelocityCol.VELOCITY].iloc[0], 2) == 7.63


def test_missing_column_and_empty_input() -> None:
    """A table without heights is refused; an empty table gives an empty result."""
    with pytest.raises(ValueError, match=VelocityCol.HEIGHT):
        growth_velocity(
            pd.DataFrame({VelocityCol.ATHLETE: ["a"], VelocityCol.DATE: ["2025-01-01"]})
        )
    empty = growth_velocity(measurements([]))
    assert empty.empty and VelocityCol.VELOCITY in empty.columns


# ---- maturity offset (spec §7.4, §11.6) ------------------------------------------------------


def test_boy_spec_example() -> None:
    """Boy 13.5 y, 160.0 cm, sitting 82.0 cm, 48.0 kg → Mirwald −0.5794, Moore −0.3414/−0.1972."""
    mirwald = maturity_offset_mirwald("M", 13.5, 160.0, 82.0, 48.0)
    assert mirwald == pytest.approx(-0.5794, abs=TOL)
    assert 13.5 - mirwald == pytest.approx(14.08, abs=0.005)  # age at PHV
    assert maturity_offset_moore("M", 13.5, 160.0, 82.0) == pytest.approx(-0.3414, abs=TOL)
    assert maturity_offset_moore("M", 13.5, 160.0) == pytest.approx(-0.1972, abs=TOL)
    assert isinstance(mirwald, float)


def test_girl_spec_example() -> None:
    """Girl 12.0 y, 152.0 cm, sitting 79.0 cm, 42.0 kg → Mirwald −0.0401, Moore −0.0060."""
    mirwald = maturity_offset_mirwald("F", 12.0, 152.0, 79.0, 42.0)
    assert mirwald == pytest.approx(-0.0401, abs=TOL)
    assert 12.0 - mirwald == pytest.approx(12.04, abs=0.005)
    assert maturity_offset_moore("F", 12.0, 152.0, 79.0) == pytest.approx(-0.0060, abs=TOL)
    assert maturity_offset_moore("F", 12.0, 152.0) == pytest.approx(-0.0060, abs=TOL)


def test_vectorised_arrays_and_series() -> None:
    """Arrays give arrays; Series keep their index; sexes can be mixed in one call."""
    sex = pd.Series(["boy", "Girl"], index=["p1", "p2"])
    age = pd.Series([13.5, 12.0], index=sex.index)
    height = pd.Series([160.0, 152.0], index=sex.index)
    sitting = pd.Series([82.0, 79.0], index=sex.index)
    mass = pd.Series([48.0, 42.0], index=sex.index)
    mirwald = maturity_offset_mirwald(sex, age, height, sitting, mass)
    assert list(mirwald.index) == ["p1", "p2"]
    np.testing.assert_allclose(mirwald.to_numpy(), [-0.5794, -0.0401], atol=TOL)
    moore = maturity_offset_moore(np.array(["M", "M", "F"]), np.array([13.5, 13.5, 12.0]),
                                  np.array([160.0, 160.0, 152.0]), np.array([82.0, np.nan, 79.0]))
    assert isinstance(moore, np.ndarray)
    np.testing.assert_allclose(moore, [-0.3414, -0.1972, -0.0060], atol=TOL)


def test_weight_by_height_term_times_100() -> None:
    """The Mirwald weight term is (mass ÷ height) × 100: +1 kg moves a boy by 0.02292·100/160."""
    lighter = maturity_offset_mirwald("M", 13.5, 160.0, 82.0, 48.0)
    heavier = maturity_offset_mirwald("M", 13.5, 160.0, 82.0, 49.0)
    assert heavier - lighter == pytest.approx(0.02292 * 100 / 160, rel=1e-9)


@pytest.mark.parametrize("word", ["M", "m", "male", "MALE", "Boy", " boy "])
def test_male_spellings(word: str) -> None:
    """M, male and boy are accepted in any case."""
    assert maturity_offset_moore(word, 13.5, 160.0) == pytest.approx(-0.1972, abs=TOL)


@pytest.mark.parametrize("word", ["F", "f", "female", "Female", "GIRL"])
def test_female_spellings(word: str) -> None:
    """F, female and girl are accepted in any case."""
    assert maturity_offset_moore(word, 12.0, 152.0) == pytest.approx(-0.0060, abs=TOL)


@pytest.mark.parametrize("word", ["x", "", "other", "man", "1"])
def test_unknown_sex_is_refused(word: str) -> None:
    """Anything else is a ValueError that says what is accepted and what was given."""
    with pytest.raises(ValueError, match=r"sex must be 'M' or 'F'.*got \["):
        maturity_offset_mirwald(word, 13.5, 160.0, 82.0, 48.0)


def test_missing_sex_gives_nan() -> None:
    """A missing sex leaves that athlete without an estimate rather than failing the team."""
    out = maturity_offset_moore(np.array(["M", None], dtype=object), 13.5, 160.0)
    assert out[0] == pytest.approx(-0.1972, abs=TOL) and np.isnan(out[1])


def test_impossible_anthropometry_is_refused() -> None:
    """Sitting height at or above standing height, or non-positive sizes, are errors."""
    with pytest.raises(ValueError, match="sitting height"):
        maturity_offset_mirwald("M", 13.5, 80.0, 82.0, 48.0)
    with pytest.raises(ValueError, match="positive"):
        maturity_offset_mirwald("M", 13.5, 160.0, 82.0, 0.0)


# ---- growth window (modifier M1) -------------------------------------------------------------


def test_growth_window_spec_cases() -> None:
    """Offset −0.58 is inside [−1.0, 1.5]; 7.63 cm/y is rapid; 4.26 cm/y alone is not."""
    assert in_growth_window(-0.5794, np.nan) is True
    assert in_growth_window(np.nan, 7.63) is True
    assert in_growth_window(np.nan, 4.26) is False
    assert in_growth_window(2.0, 4.26) is False
    assert in_growth_window(None, None) is False


def test_growth_window_vectorised_and_boundaries() -> None:
    """Both window ends are inclusive and 7.2 cm/y counts; arrays and Series are accepted."""
    offset = np.array([-1.0, 1.5, -1.01, 1.51, np.nan, np.nan, 3.0])
    velocity = np.array([np.nan, np.nan, np.nan, np.nan, 7.2, 7.19, 7.196])
    np.testing.assert_array_equal(
        in_growth_window(offset, velocity), [True, True, False, False, True, False, True]
    )
    assert not in_growth_window(3.0, 7.196, decimals=None)  # raw comparison, no rounding
    series = in_growth_window(pd.Series([0.0, 2.0], index=[7, 8]), 5.0)
    assert list(series.index) == [7, 8] and list(series) == [True, False]


def test_growth_window_custom_and_invalid() -> None:
    """Team settings for the window and the rapid-growth cut-off are honoured and checked."""
    assert not in_growth_window(-0.8, np.nan, offset_window=(-0.5, 1.0))
    assert in_growth_window(np.nan, 6.5, rapid_cm_per_year=6.0)
    with pytest.raises(ValueError, match="increasing"):
        in_growth_window(0.0, 0.0, offset_window=(1.5, -1.0))
