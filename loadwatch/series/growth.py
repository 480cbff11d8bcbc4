"""Growth spurt: measured growth velocity and estimated maturity offset (spec §7.4, modifier M1).

Injury burden rises around peak height velocity (PHV): traumatic injuries in the PHV year and
overuse injuries after it (van der Sluis et al. 2014), highest incidence in the 6 months after
PHV (Bult et al. 2018), and faster growth goes with more injuries (Parry et al. 2024; ≥ 7.2 cm/year
in Kemper et al. 2015). loadwatch therefore treats an athlete as *in the growth window* when the
measured velocity is ≥ 7.2 cm/year, or, when only one measurement exists, when the estimated
maturity offset (years from PHV) lies in [−1.0, +1.5] (E3 window choice).

Measured velocity is preferred. The maturity-offset equations (Mirwald et al. 2002; Moore et
al. 2015) have a standard error of about 0.6 years and are biased in early and late maturers, so
an offset is a window, not a date. Everything here is vectorised: a table or arrays in, a table
or arrays out, no loop over athletes.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import pandas as pd

from loadwatch.schema import GrowthCol

__all__ = [
    "VelocityCol",
    "growth_velocity",
    "maturity_offset_mirwald",
    "maturity_offset_moore",
    "in_growth_window",
]

DAYS_PER_YEAR: Final = 365.25


class VelocityCol(GrowthCol):
    """Growth-measurement columns plus those of the velocity table (output)."""

    DATE_FROM: Final = "date_from"
    DATE_TO: Final = "date_to"
    HEIGHT_FROM: Final = "height_from"
    HEIGHT_TO: Final = "height_to"
    INTERVAL_DAYS: Final = "interval_days"
    VELOCITY: Final = "velocity_cm_per_year"
    REASON: Final = "reason"


VELOCITY_COLUMNS: Final = (
    VelocityCol.ATHLETE, VelocityCol.DATE_FROM, VelocityCol.DATE_TO, VelocityCol.HEIGHT_FROM,
    VelocityCol.HEIGHT_TO, VelocityCol.INTERVAL_DAYS, VelocityCol.VELOCITY, VelocityCol.REASON,
)

_SEX_WORDS: Final = {"m": 1.0, "male": 1.0, "boy": 1.0, "f": 0.0, "female": 0.0, "girl": 0.0}


# --------------------------------------------------------------------------------------------
# Measured growth velocity
# --------------------------------------------------------------------------------------------


def growth_velocity(measurements: pd.DataFrame, *, min_interval_days: int = 90) -> pd.DataFrame:
    """Latest growth velocity per athlete in cm/year, from measurements ≥ ``min_interval_days``
    apart (spec §7.4: ``(h2 − h1) / (days / 365.25)``; shorter gaps drown in measurement error).

    Input: one row per measurement with athlete, date and height_cm (other columns ignored);
    same-day repeats are averaged, rows without date or height are skipped. Output: one row per
    athlete, sorted by athlete, pairing the latest measurement with the most recent earlier one
    at least ``min_interval_days`` before it; velocity is NaN, with a ``reason``, when no such
    pair exists.
    """
    g = VelocityCol
    if min_interval_days < 1:
        raise ValueError(f"min_interval_days must be at least 1, got {min_interval_days}")
    _require_columns(measurements, (g.ATHLETE, g.DATE, g.HEIGHT))
    m = pd.DataFrame({
        g.ATHLETE: measurements[g.ATHLETE],
        g.DATE: pd.to_datetime(measurements[g.DATE]).dt.normalize(),
        g.HEIGHT: pd.to_numeric(measurements[g.HEIGHT]).astype(float),
    }).dropna(subset=[g.ATHLETE])
    if (m[g.HEIGHT] <= 0).any():
        raise ValueError(f"{g.HEIGHT} must be positive (cm)")

    athletes = pd.Index(m[g.ATHLETE].unique(), name=g.ATHLETE).sort_values()
    valid = (  # sorted by athlete then date; same-day repeats averaged
        m.dropna(subset=[g.DATE, g.HEIGHT])
        .groupby([g.ATHLETE, g.DATE], as_index=False, sort=True)[g.HEIGHT]
        .mean()
    )
    latest = valid.groupby(g.ATHLETE, sort=False).tail(1)
    latest = latest.rename(columns={g.DATE: g.DATE_TO, g.HEIGHT: g.HEIGHT_TO})
    paired = valid.merge(latest, on=g.ATHLETE)
    far_enough = (paired[g.DATE_TO] - paired[g.DATE]).dt.days >= min_interval_days
    earlier = paired.loc[far_enough, [g.ATHLETE, g.DATE, g.HEIGHT]]
    earlier = earlier.groupby(g.ATHLETE, sort=False).tail(1)  # most recent qualifying one
    earlier = earlier.rename(columns={g.DATE: g.DATE_FROM, g.HEIGHT: g.HEIGHT_FROM})

    out = (
        pd.DataFrame(index=athletes)
        .join(earlier.set_index(g.ATHLETE))
        .join(latest.set_index(g.ATHLETE))
    )
    days = (out[g.DATE_TO] - out[g.DATE_FROM]).dt.days
    out[g.INTERVAL_DAYS] = days.astype("Int64")
    out[g.VELOCITY] = ((out[g.HEIGHT_TO] - out[g.HEIGHT_FROM]) / (days / DAYS_PER_YEAR)).astype(
        float
    )

    n_dates = valid.groupby(g.ATHLETE).size().reindex(athletes, fill_value=0).to_numpy()
    reason = np.select(
        [n_dates == 0, n_dates == 1, out[g.VELOCITY].isna().to_numpy()],
        [
            "no dated height measurement",
            "single measurement",
            f"no earlier measurement at least {min_interval_days} days before the latest",
        ],
        default="",
    )
    out[g.REASON] = pd.Series(reason, index=out.index).where(reason != "")
    return out.reset_index()[list(VELOCITY_COLUMNS)]


# --------------------------------------------------------------------------------------------
# Estimated maturity offset (years from PHV; negative = before PHV)
# --------------------------------------------------------------------------------------------


def maturity_offset_mirwald(
    sex: Any, age: Any, height_cm: Any, sitting_height_cm: Any, mass_kg: Any
) -> Any:
    """Maturity offset in years by Mirwald et al. 2002 (MSSE), sex-specific (spec §7.4).

    Uses leg length = height − sitting height (cm), mass (kg), age (decimal years) and the
    weight-by-height ratio (mass ÷ height) × 100. Scalars give a float; arrays an ndarray;
    a Series input gives a Series on its index. A missing sex gives NaN.
    """
    like = _series_like(sex, age, height_cm, sitting_height_cm, mass_kg)
    male = _male(sex)
    age_, height, sitting, mass = _numbers(age, height_cm, sitting_height_cm, mass_kg)
    _check_body(height, sitting, mass)
    leg = height - sitting
    weight_by_height = mass / height * 100.0
    boys = (
        -9.236
        + 0.0002708 * (leg * sitting)
        - 0.001663 * (age_ * leg)
        + 0.007216 * (age_ * sitting)
        + 0.02292 * weight_by_height
    )
    girls = (
        -9.376
        + 0.0001882 * (leg * sitting)
        + 0.0022 * (age_ * leg)
        + 0.005841 * (age_ * sitting)
        - 0.002658 * (age_ * mass)
        + 0.07693 * weight_by_height
    )
    return _wrap(_by_sex(male, boys, girls), like)


def maturity_offset_moore(
    sex: Any, age: Any, height_cm: Any, sitting_height_cm: Any = None
) -> Any:
    """Maturity offset in years by Moore et al. 2015 (MSSE, simplified equations; spec §7.4).

    Boys: ``−8.128741 + 0.0070346·(age·sitting height)`` where sitting height is given, else
    ``−7.999994 + 0.0036124·(age·height)``. Girls: ``−7.709133 + 0.0042232·(age·height)``
    (sitting height unused). Return type follows the inputs as in the Mirwald function.
    """
    like = _series_like(sex, age, height_cm, sitting_height_cm)
    male = _male(sex)
    age_, height, sitting = _numbers(age, height_cm, sitting_height_cm)
    _check_body(height, sitting, None)
    boys_sitting = -8.128741 + 0.0070346 * (age_ * sitting)
    boys_height = -7.999994 + 0.0036124 * (age_ * height)
    boys = np.where(np.isnan(sitting), boys_height, boys_sitting)
    girls = -7.709133 + 0.0042232 * (age_ * height)
    return _wrap(_by_sex(male, boys, girls), like)


# --------------------------------------------------------------------------------------------
# Growth window (modifier M1)
# --------------------------------------------------------------------------------------------


def in_growth_window(
    offset: Any,
    velocity: Any,
    *,
    offset_window: tuple[float, float] = (-1.0, 1.5),
    rapid_cm_per_year: float = 7.2,
    decimals: int | None = 2,
) -> Any:
    """True where the maturity offset lies in ``offset_window`` (years, inclusive) **or** the
    measured velocity is ≥ ``rapid_cm_per_year`` (spec §7.4, rule M1; E3 window choice).

    NaN/None on one side just leaves that side False. Values are compared after rounding half
    away from zero to ``decimals`` (what the user sees, as in spec §4.9); ``None`` compares raw
    values. Returns a bool, a bool ndarray or a bool Series, following the inputs.
    """
    low, high = (float(v) for v in offset_window)
    if not low < high:
        raise ValueError(f"offset_window must be increasing (low, high), got {offset_window}")
    like = _series_like(offset, velocity)
    off, vel = _numbers(offset, velocity)
    if decimals is not None:
        off, vel = _round_half_up(off, decimals), _round_half_up(vel, decimals)
    inside = (off >= low) & (off <= high)
    fast = vel >= rapid_cm_per_year
    return _wrap(inside | fast, like)


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _require_columns(frame: pd.DataFrame, columns: tuple[str, ...]) -> None:
    """Refuse a table that lacks a needed column, naming what is missing."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"growth measurements need columns {missing}; got {list(frame.columns)}")


def _male(sex: Any) -> np.ndarray:
    """1.0 for male/boy/M, 0.0 for female/girl/F, NaN for missing; ValueError for anything else."""
    raw = np.asarray(sex, dtype=object)
    flat = pd.Series(raw.ravel(), dtype=object)
    missing = flat.isna().to_numpy()
    coded = flat.astype(str).str.strip().str.lower().map(_SEX_WORDS).to_numpy(dtype=float)
    bad = np.isnan(coded) & ~missing
    if bad.any():
        examples = sorted({str(v) for v in flat[bad]})[:5]
        raise ValueError(
            f"sex must be 'M' or 'F' (also male/female, boy/girl, any case); got {examples}"
        )
    return coded.reshape(raw.shape)


def _numbers(*values: Any) -> list[np.ndarray]:
    """Float arrays (None → NaN), broadcast to one shape."""
    arrays = [_as_float(v) for v in values]
    return list(np.broadcast_arrays(*arrays))


def _as_float(value: Any) -> np.ndarray:
    """One input as a float array: None → NaN, nullable Series → NaN for missing."""
    if value is None:
        return np.full((), np.nan)
    if isinstance(value, pd.Series):
        return pd.to_numeric(value).to_numpy(dtype=float, na_value=np.nan)
    return np.asarray(value, dtype=float)


def _check_body(height: np.ndarray, sitting: np.ndarray, mass: np.ndarray | None) -> None:
    """Refuse impossible anthropometry (NaN is allowed and propagates)."""
    if np.any(height <= 0) or np.any(sitting <= 0) or (mass is not None and np.any(mass <= 0)):
        raise ValueError("height, sitting height and mass must be positive (cm, cm, kg)")
    if np.any(sitting >= height):
        raise ValueError("sitting height must be less than standing height")


def _by_sex(male: np.ndarray, boys: np.ndarray, girls: np.ndarray) -> np.ndarray:
    """Pick the boys' or girls' equation per element; NaN where sex is missing."""
    male, boys, girls = np.broadcast_arrays(male, boys, girls)
    return np.where(male == 1.0, boys, np.where(male == 0.0, girls, np.nan))


def _round_half_up(values: np.ndarray, decimals: int) -> np.ndarray:
    """Round half away from zero (half-up for positives) to ``decimals`` places (spec §4.9)."""
    scale = 10.0**decimals
    return np.sign(values) * np.floor(np.abs(values) * scale + 0.5) / scale


def _series_like(*values: Any) -> pd.Series | None:
    """The first Series among the inputs (others must share its index), or None."""
    series = [v for v in values if isinstance(v, pd.Series)]
    if not series:
        return None
    if any(not s.index.equals(series[0].index) for s in series[1:]):
        raise ValueError("Series inputs must share one index")
    return series[0]


def _wrap(result: np.ndarray, like: pd.Series | None) -> Any:
    """Return a Series on ``like``'s index, a Python scalar for 0-d results, else the array."""
    if like is not None:
        return pd.Series(np.broadcast_to(result, like.shape), index=like.index)
    if np.ndim(result) == 0:
        return result.item()
    return result
