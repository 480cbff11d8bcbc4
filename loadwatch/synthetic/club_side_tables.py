"""The sample club's side tables: roster, growth measurements, symptom check-ins, plans."""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from loadwatch.schema import GrowthCol, PlanCol, RosterCol, SymptomCol
from loadwatch.synthetic.club_files import (
    DANCE,
    DEFAULT_SEED,
    GYMNASTICS,
    MEASUREMENT_DAYS,
    NO,
    PLAN_HEADERS,
    SYMPTOM_HEADERS,
    YES,
)
from loadwatch.synthetic.club_plan import DAYS_PER_YEAR, club_ids, club_plan, stream_rng
from loadwatch.synthetic.club_scenarios import Planted


def club_roster(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Athlete profiles of the gymnastics club, one row per athlete (spec §1.3).

    Columns: :data:`ROSTER_HEADERS`; birth dates ISO, sex F/M, prior lumbar bone stress
    injury yes/no, free play in hours per week (blank when not reported), role blank. Free
    play is 60-110 % of the athlete's planned organised hours, at most 10 h (so organised :
    free play stays below 2 : 1), except for the planted high-volume gymnast.
    """
    p = Planted
    plan = club_plan(seed)
    prof = plan.prof
    rng = stream_rng(seed, "roster")
    ids = prof["athlete"].to_numpy()
    n = len(ids)
    free_play = np.minimum(np.ceil(plan.hours() * rng.uniform(0.6, 1.1, n) * 2) / 2, 10.0)
    free_play = np.where(rng.random(n) < 0.25, np.nan, free_play)
    free_play = np.where(ids == p.HIGH_VOLUME, p.HIGH_VOLUME_FREE_PLAY, free_play)
    return pd.DataFrame({
        RosterCol.ATHLETE: ids,
        RosterCol.BIRTH_DATE: pd.DatetimeIndex(prof["birth"]).strftime("%Y-%m-%d"),
        RosterCol.SEX: prof["sex"].to_numpy(),
        RosterCol.MAIN_SPORT: np.where(np.isin(ids, p.DANCE_MAIN), DANCE, GYMNASTICS),
        RosterCol.ROLE: "",
        RosterCol.PRIOR_LUMBAR_BSI: np.where(np.isin(ids, p.PRIOR_BSI), YES, NO),
        RosterCol.FREE_PLAY: free_play,
    })


# Typical standing height (cm) of girls and boys by age in years (rounded growth-reference
# values); gymnasts are drawn a few centimetres shorter.
_AGE_GRID: Final = np.array([9.0, 10, 11, 12, 13, 14, 15, 16, 17, 18])
_HEIGHT_F: Final = np.array([133.0, 138, 144, 151, 157, 160, 162, 163, 163, 163])
_HEIGHT_M: Final = np.array([133.0, 138, 143, 149, 156, 164, 170, 174, 176, 177])
# Typical growth (cm/year) outside a growth spurt by completed age 10-17: girls slow down
# after their spurt at about 12, boys after about 14.
_VELOCITY_F: Final = np.array([5.5, 5.5, 5.0, 3.5, 2.0, 1.0, 0.6, 0.5])
_VELOCITY_M: Final = np.array([5.0, 5.0, 5.0, 5.2, 5.0, 4.0, 2.0, 1.0])
#: Joiners are measured on their first day; a club measurement day counts only when it is at
#: least this many days later (velocity needs ≥ 90 days between measurements, spec §7.4).
_MIN_MEASUREMENT_GAP_DAYS: Final = 100
#: Joiners bring their previous club's last measurement, taken this many days before joining.
_PREVIOUS_CLUB_DAYS: Final = 105


def club_growth(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Growth measurements of the gymnastics club (spec §1.3, §7.4).

    Every gymnast is measured on the club's measurement days (:data:`MEASUREMENT_DAYS`, 15
    weeks apart; on the Monday to Wednesday of that week), so consecutive measurements are at
    least 100 days apart and the growth window (M1) uses measured velocity. Joiners are
    measured on their first day and then on the next club day at least 100 days later; a
    joiner with one measurement only falls back to the maturity-offset estimate.
    Growth-spurt athletes grow 8-10 cm/year over the last interval and at least 7.8 cm/year
    over the one before; the others 0.5-6 cm/year, by age and sex.
    Columns: :data:`GROWTH_HEADERS` (cm, cm, kg; one decimal).
    """
    p = Planted
    prof = club_plan(seed).prof
    rng = stream_rng(seed, "growth")
    ids = prof["athlete"].to_numpy()
    n = len(ids)
    club_days = pd.DatetimeIndex(MEASUREMENT_DAYS).to_numpy().astype("datetime64[D]")
    jitter = rng.integers(0, 3, (n, len(club_days)))
    spurt = np.isin(ids, p.GROWTH_SPURT)
    last_v = rng.uniform(8.0, 10.0, n)
    previous_v = rng.uniform(7.8, 9.0, n)
    early_v = rng.uniform(5.5, 6.8, n)
    age = prof["age"].to_numpy()
    usual = np.where(prof["sex"].to_numpy() == "F", _VELOCITY_F[age - 10], _VELOCITY_M[age - 10])
    wobble = rng.normal(0, 0.4, (n, len(club_days)))
    height_noise = rng.normal(0, 4.5, n)
    sit_ratio = np.where(prof["sex"].to_numpy() == "F", 0.525, 0.515) * rng.uniform(0.985, 1.015, n)
    bmi = rng.uniform(15.5, 20.0, n)
    bmi_drift = rng.normal(0, 0.01, (n, len(club_days) + 1))

    rows = []
    for a, athlete in enumerate(ids):
        dates = club_days + jitter[a]
        first = p.JOINERS.get(athlete)
        if first is not None:
            intake = np.datetime64(first, "D")
            gap = np.timedelta64(_MIN_MEASUREMENT_GAP_DAYS, "D")
            previous = intake - np.timedelta64(_PREVIOUS_CLUB_DAYS, "D")
            dates = np.concatenate([[previous, intake], dates[dates >= intake + gap]])
        k = len(dates)
        # velocity of each interval, the last one first
        if spurt[a]:
            velocity = np.array([last_v[a], previous_v[a], early_v[a]])[: k - 1]
        else:
            velocity = np.clip(usual[a] + wobble[a, : k - 1], 0.5, 6.0)
        years = np.diff(dates).astype(float)[::-1] / DAYS_PER_YEAR
        birth = np.datetime64(prof["birth"].iloc[a].date(), "D")
        age_last = (dates[-1] - birth).astype(float) / DAYS_PER_YEAR
        reference = _HEIGHT_F if prof["sex"].iloc[a] == "F" else _HEIGHT_M
        h_last = np.interp(age_last, _AGE_GRID, reference) - 3.0 + height_noise[a]
        height = h_last - np.concatenate([[0.0], np.cumsum(velocity * years)])[::-1]
        # legs lead the spurt: sitting height takes about 40 % of the growth
        sitting = h_last * sit_ratio[a] - 0.4 * (h_last - height)
        mass = bmi[a] * (1 + bmi_drift[a, :k]) * (height / 100) ** 2
        rows.append(pd.DataFrame({
            GrowthCol.ATHLETE: athlete,
            GrowthCol.DATE: pd.DatetimeIndex(dates).strftime("%Y-%m-%d"),
            GrowthCol.HEIGHT: np.round(height, 1),
            GrowthCol.SITTING_HEIGHT: np.round(sitting, 1),
            GrowthCol.MASS: np.round(mass, 1),
        }))
    return pd.concat(rows, ignore_index=True)



def club_symptoms() -> pd.DataFrame:
    """Symptom check-ins of the gymnastics club in the last two weeks (spec §1.4).

    Every gymnast checks in on the Mondays in :data:`Planted.CHECKIN_MONDAYS`, pain-free
    unless planted otherwise; the planted back-pain reports (:class:`Planted`) come on top.
    Yes/no answers are ``yes`` / ``no``; side, arching, onset and limits are blank without
    pain. Columns: :data:`SYMPTOM_HEADERS`. Fixed data: the seed does not change it.
    """
    p = Planted
    ids = club_ids()
    mondays = np.array(p.CHECKIN_MONDAYS)
    routine = pd.DataFrame({
        SymptomCol.ATHLETE: np.repeat(ids, len(mondays)),
        SymptomCol.DATE: np.tile(mondays, len(ids)),
        SymptomCol.BACK_PAIN: NO, SymptomCol.SIDE: "", SymptomCol.WORSE_ARCHING: "",
        SymptomCol.ONSET: "", SymptomCol.PAIN: 0, SymptomCol.LIMITS_TRAINING: "",
        **{flag: NO for flag in SymptomCol.RED_FLAGS},
    })
    reports = pd.DataFrame([
        (*p.BACK_PAIN_REFER[:2], YES, "left", YES, p.BACK_PAIN_REFER[2], 4, NO),
        (*p.BACK_PAIN_RED_FLAG[:2], YES, "central", NO, p.BACK_PAIN_RED_FLAG[2], 6, NO),
        (*p.BACK_PAIN_MILD[:2], YES, "central", NO, p.BACK_PAIN_MILD[2], 2, NO),
    ], columns=list(SYMPTOM_HEADERS[:8]))
    for flag in SymptomCol.RED_FLAGS:
        reports[flag] = NO
    reports.loc[reports[SymptomCol.ATHLETE] == p.BACK_PAIN_RED_FLAG[0], SymptomCol.NIGHT_PAIN] = YES
    # a planted report replaces that athlete's routine check-in on the same day
    keys = [SymptomCol.ATHLETE, SymptomCol.DATE]
    frame = pd.concat([routine, reports], ignore_index=True) \
        .drop_duplicates(keys, keep="last").sort_values(keys, kind="stable")
    return frame.loc[:, list(SYMPTOM_HEADERS)].reset_index(drop=True)


def club_plans() -> pd.DataFrame:
    """Clinician plans of the gymnastics club (spec §1.4): the injured gymnast's restrictions.

    Columns: :data:`PLAN_HEADERS` (ISO dates; cap blank when the restriction has none).
    Fixed data: the seed does not change it.
    """
    p = Planted
    return pd.DataFrame({
        PlanCol.ATHLETE: [p.PLAN, p.PLAN],
        PlanCol.START: [p.INJURY_SPAN[0], p.PLAN_CAP_SPAN[0]],
        PlanCol.REVIEW: [p.INJURY_SPAN[1], p.PLAN_CAP_SPAN[1]],
        PlanCol.RESTRICTION: ["no_extension_loading", "cap_extension_reps_per_week"],
        PlanCol.CAP: pd.array([None, p.PLAN_CAP_REPS], dtype="Int64"),
    }).loc[:, list(PLAN_HEADERS)]

