"""Reproducible, realistic sample logs: a youth gymnastics club and a school football team.

The files in ``data/samples`` are written by :func:`write_samples` and by nothing else, and a
test regenerates them, so the demo data, its README and the scenario list cannot drift apart.
Every value is made up (no real athlete, pseudonymous ids only). Numbers come from
``numpy.random.default_rng`` streams spawned from one seed; the planted scenarios
(:data:`SCENARIOS`, :class:`Planted`) sit on fixed athlete ids and fixed dates, and the seed
only changes the everyday variation around them.

What the logs exercise (domain spec sections in brackets):

- a session log where rest days are absent rows and an athlete's coverage starts at their
  first session (§1.1, §3.2); explicit ``injured`` rows (rest, zero load) and
  ``not recorded`` rows (missing, never zero) (§3.1); blank RPE on a session (§2.1: the
  sRPE is missing, the minutes still count);
- load spikes in the last three weeks, one with a matching jump in extension reps (§5.1,
  §9.4); seven training days a week (§7.2); a return from a three-week injury break (§5.3);
  a ten-day stretch without rows in an otherwise regular log ("possible logging gap", §3.2);
- an athlete profile per gymnast (§1.3) and growth measurements with growth spurts of at
  least 7.2 cm/year between measurements 90 or more days apart (§7.4);
- a weekly-totals log with a missing week (no row) and a 0-minute rest week (§1.2);
- symptom check-ins (§1.4, rule family S): routine pain-free check-ins, one-sided back pain
  worse when arching during a load spike (S2 refer), back pain with night pain (S1 refer
  urgently), mild central back pain (S3 amber); and a clinician plan for the athlete
  returning from injury (no extension loading, then a weekly cap on extension reps) that the
  log exceeds once, in the last week (S4).

Everyday sessions follow a youth club's rhythm: 4–6 sessions a week after school, longer at
higher levels, CR-10 RPE 3–8, Sunday off, a few competitions, now and then a missed session.
Loads are steady apart from that, so most acute:chronic ratios stay within 0.8–1.3.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from loadwatch.schema import Col, GrowthCol, PlanCol, RosterCol, SymptomCol

#: Column order of each file.
SESSION_HEADERS: Final = (
    Col.ATHLETE, Col.DATE, Col.SPORT, Col.START_TIME, Col.DURATION, Col.RPE,
    Col.SESSION_TYPE, Col.DAY_STATUS, Col.EXT_REPS,
)
ROSTER_HEADERS: Final = (
    RosterCol.ATHLETE, RosterCol.BIRTH_DATE, RosterCol.SEX, RosterCol.MAIN_SPORT,
    RosterCol.ROLE, RosterCol.PRIOR_LUMBAR_BSI, RosterCol.FREE_PLAY,
)
GROWTH_HEADERS: Final = (
    GrowthCol.ATHLETE, GrowthCol.DATE, GrowthCol.HEIGHT, GrowthCol.SITTING_HEIGHT, GrowthCol.MASS,
)
WEEKLY_HEADERS: Final = (
    Col.ATHLETE, Col.WEEK, Col.SPORT, Col.WEEK_MINUTES, Col.MEAN_RPE, Col.SESSIONS,
    Col.REST_DAYS, Col.FREE_PLAY,
)
SYMPTOM_HEADERS: Final = (
    SymptomCol.ATHLETE, SymptomCol.DATE, SymptomCol.BACK_PAIN, SymptomCol.SIDE,
    SymptomCol.WORSE_ARCHING, SymptomCol.ONSET, SymptomCol.PAIN, SymptomCol.LIMITS_TRAINING,
    *SymptomCol.RED_FLAGS,
)
PLAN_HEADERS: Final = (PlanCol.ATHLETE, PlanCol.START, PlanCol.REVIEW, PlanCol.RESTRICTION,
                       PlanCol.CAP)

SESSIONS_FILE: Final = "gymnastics_club_sessions.csv"
ROSTER_FILE: Final = "gymnastics_club_roster.csv"
GROWTH_FILE: Final = "gymnastics_club_growth.csv"
FOOTBALL_FILE: Final = "school_football_weekly.csv"
SYMPTOMS_FILE: Final = "gymnastics_club_symptoms.csv"
PLANS_FILE: Final = "gymnastics_club_plans.csv"
README_FILE: Final = "README.md"

DEFAULT_SEED: Final = 2026

# Vocabulary written into the files (ingest folds case and spaces, spec §3.1).
GYMNASTICS: Final = "gymnastics"
DANCE: Final = "dance"
FOOTBALL: Final = "football"
TRAINING: Final = "training"
COMPETITION: Final = "competition"
INJURED: Final = "injured"
NOT_RECORDED: Final = "not recorded"
YES: Final = "yes"
NO: Final = "no"

# Calendars.
CLUB_START: Final = pd.Timestamp("2026-05-25")  # a Monday
CLUB_WEEKS: Final = 26
CLUB_DAYS: Final = CLUB_WEEKS * 7
CLUB_END: Final = CLUB_START + pd.Timedelta(days=CLUB_DAYS - 1)  # Sunday 2026-11-22
CLUB_SIZE: Final = 20
#: Competition days (Saturday, Saturday, Sunday); athletes at level 3–4 mostly enter.
COMPETITION_DAYS: Final = ("2026-06-20", "2026-09-26", "2026-10-25")
#: Club measurement days for height and mass (about 3.5 months apart; ± a few days each).
MEASUREMENT_DAYS: Final = ("2026-04-20", "2026-08-03", "2026-11-16")

FOOTBALL_WEEKS: Final = 20
FOOTBALL_LAST_MONDAY: Final = pd.Timestamp("2026-11-16")  # ISO week 2026-W47
FOOTBALL_SIZE: Final = 16


def iso_week(monday: pd.Timestamp) -> str:
    """ISO week label of a date, e.g. ``2026-W47``."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


class Planted:
    """Where each planted scenario sits: fixed athlete ids and dates (the seed moves only noise).

    Dates are inclusive ISO strings; spike weeks are given by their Monday.
    """

    SPIKES: Final[dict[str, tuple[str, ...]]] = {
        "GYM-03": ("2026-11-09", "2026-11-16"),
        "GYM-07": ("2026-11-16",),
        "GYM-12": ("2026-11-02", "2026-11-09"),
    }
    #: Spike athlete whose extension reps jump with the load.
    SPIKE_EXTENSION: Final = "GYM-03"
    #: Target rise of a spike week over the mean of the 4 weeks before the first spike week.
    SPIKE_RANGE: Final = (1.5, 1.7)
    SEVEN_DAYS: Final = "GYM-05"
    SEVEN_DAYS_SPAN: Final = ("2026-11-09", "2026-11-22")
    INJURY: Final = "GYM-09"
    INJURY_SPAN: Final = ("2026-08-17", "2026-09-06")
    NOT_RECORDED: Final = "GYM-14"
    NOT_RECORDED_SPAN: Final = ("2026-07-27", "2026-08-02")
    LOGGING_GAP: Final = "GYM-16"
    LOGGING_GAP_SPAN: Final = ("2026-09-15", "2026-09-24")
    #: Athlete → date of the first session (a Monday).
    JOINERS: Final[dict[str, str]] = {
        "GYM-18": "2026-07-13", "GYM-19": "2026-09-07", "GYM-20": "2026-11-02",
    }
    BLANK_RPE: Final = "GYM-11"
    BLANK_RPE_ROWS: Final = 3
    DOUBLE_SESSIONS: Final = "GYM-02"
    DOUBLE_SESSION_DAYS: Final = 5
    GROWTH_SPURT: Final = ("GYM-03", "GYM-08", "GYM-15")
    PRIOR_BSI: Final = ("GYM-03", "GYM-17")
    DANCE_MAIN: Final = ("GYM-06", "GYM-13")
    #: Routine symptom check-ins of every gymnast (pain-free unless planted below).
    CHECKIN_MONDAYS: Final = ("2026-11-09", "2026-11-16")
    #: (athlete, check-in date, onset date): one-sided pain worse when arching → S2 refer.
    BACK_PAIN_REFER: Final = ("GYM-03", "2026-11-18", "2026-11-16")
    #: Central back pain with night pain (red flag) → S1 refer urgently.
    BACK_PAIN_RED_FLAG: Final = ("GYM-10", "2026-11-20", "2026-11-19")
    #: Mild central back pain, not worse when arching, not limiting → S3 amber.
    BACK_PAIN_MILD: Final = ("GYM-04", "2026-11-16", "2026-11-14")
    #: Clinician plan of the injured athlete: no extension loading during the injury break,
    #: then a weekly cap on extension reps from the return until a review after the log.
    PLAN: Final = "GYM-09"
    PLAN_CAP_SPAN: Final = ("2026-09-07", "2026-12-07")
    PLAN_CAP_REPS: Final = 300
    #: The one session that takes the 7-day extension reps above the cap.
    PLAN_EXCEEDED_ON: Final = "2026-11-21"
    FOOTBALL_MISSING_WEEK: Final = ("FB-05", "2026-W37")
    FOOTBALL_REST_WEEK: Final = ("FB-09", "2026-W40")
    FOOTBALL_JUMP: Final = ("FB-12", "2026-W47")


def _scenarios() -> dict[str, str]:
    p = Planted
    lines: dict[str, list[str]] = {}

    def add(athlete: str, text: str) -> None:
        lines.setdefault(athlete, []).append(text)

    for athlete, mondays in p.SPIKES.items():
        last = pd.Timestamp(mondays[-1]) + pd.Timedelta(days=6)
        weeks = f"{mondays[0]} to {last:%Y-%m-%d}"
        what = "sRPE load and extension reps" if athlete == p.SPIKE_EXTENSION else "sRPE load"
        add(athlete, f"spike: weekly {what} about 50-70 % above the previous 4-week mean, "
                     f"{weeks}")
    add(p.SEVEN_DAYS, "trains 7 days a week (no rest day) for the last 2 weeks, "
                      f"{p.SEVEN_DAYS_SPAN[0]} to {p.SEVEN_DAYS_SPAN[1]}")
    add(p.INJURY, f"injury break: one 'injured' row per day {p.INJURY_SPAN[0]} to "
                  f"{p.INJURY_SPAN[1]} (21 days), then a 4-week graded return")
    add(p.NOT_RECORDED, "holiday camp: one 'not recorded' row per day "
                        f"{p.NOT_RECORDED_SPAN[0]} to {p.NOT_RECORDED_SPAN[1]} (missing, not rest)")
    add(p.LOGGING_GAP, f"no rows {p.LOGGING_GAP_SPAN[0]} to {p.LOGGING_GAP_SPAN[1]} (10 days) in "
                       "an otherwise 4+ days/week log: possible logging gap")
    for athlete, first in p.JOINERS.items():
        add(athlete, f"joins mid-period: first session {first}")
    add(p.BLANK_RPE, f"RPE left blank on {p.BLANK_RPE_ROWS} sessions before September "
                     "(sRPE missing that day, minutes still count)")
    add(p.DOUBLE_SESSIONS, f"{p.DOUBLE_SESSION_DAYS} double-session days "
                           "(07:00 conditioning plus the afternoon session)")
    for athlete in p.GROWTH_SPURT:
        add(athlete, "growth spurt: at least 7.2 cm/year between the last two measurements")
    for athlete in p.PRIOR_BSI:
        add(athlete, "roster: prior lumbar bone stress injury = yes")
    for athlete in p.DANCE_MAIN:
        add(athlete, "roster: main sport dance (also trains gymnastics)")
    athlete, date, onset = p.BACK_PAIN_REFER
    add(athlete, f"symptom check-in {date}: left-sided low back pain, worse when arching, since "
                 f"{onset} (S2: refer)")
    athlete, date, onset = p.BACK_PAIN_RED_FLAG
    add(athlete, f"symptom check-in {date}: central low back pain with night pain, since {onset} "
                 "(red flag; S1: refer urgently)")
    athlete, date, onset = p.BACK_PAIN_MILD
    add(athlete, f"symptom check-in {date}: mild central low back pain, not worse when arching, "
                 f"not limiting training, since {onset} (S3: amber)")
    add(p.PLAN, f"clinician plan: no extension loading {p.INJURY_SPAN[0]} to {p.INJURY_SPAN[1]}, "
                f"then at most {p.PLAN_CAP_REPS} extension reps a week from "
                f"{p.PLAN_CAP_SPAN[0]} (review {p.PLAN_CAP_SPAN[1]}); every 7 days stay within "
                f"the cap except those including the session on {p.PLAN_EXCEEDED_ON} (S4: red)")
    add(p.FOOTBALL_MISSING_WEEK[0], f"no row for {p.FOOTBALL_MISSING_WEEK[1]} (missing week)")
    add(p.FOOTBALL_REST_WEEK[0], f"rest week {p.FOOTBALL_REST_WEEK[1]}: row with 0 minutes")
    add(p.FOOTBALL_JUMP[0], f"big jump in {p.FOOTBALL_JUMP[1]}: minutes about 60-80 % above the "
                            "previous 4-week mean (tournament week)")
    return {athlete: "; ".join(lines[athlete]) for athlete in sorted(lines)}


#: Athlete id → one line describing what is planted for that athlete (all files).
SCENARIOS: Final[dict[str, str]] = _scenarios()


# --------------------------------------------------------------------------- helpers

_STREAMS: Final = ("profiles", "sessions", "roster", "growth", "football")


def _rng(seed: int, stream: str) -> np.random.Generator:
    """Independent generator per builder, spawned from one seed (so builders can change alone)."""
    children = np.random.SeedSequence(seed).spawn(len(_STREAMS))
    return np.random.default_rng(children[_STREAMS.index(stream)])


def _round_to(x: np.ndarray, step: float) -> np.ndarray:
    return np.round(np.asarray(x, dtype=float) / step) * step


def _day(date: str) -> int:
    """Index of a date in the club calendar (0 = CLUB_START)."""
    return (pd.Timestamp(date) - CLUB_START).days


def _club_ids() -> np.ndarray:
    return np.array([f"GYM-{i:02d}" for i in range(1, CLUB_SIZE + 1)])


def _club_profiles(seed: int) -> pd.DataFrame:
    """Per-athlete traits shared by roster, sessions and growth: age, sex, level, schedule."""
    rng = _rng(seed, "profiles")
    ids = _club_ids()
    n = len(ids)
    sex = np.where(rng.random(n) < 0.8, "F", "M")
    ages = rng.permutation(np.array([10, 10, 11, 11, 12, 12, 12, 13, 13, 13,
                                     13, 14, 14, 14, 15, 15, 15, 16, 16, 17]))
    spurt = np.isin(ids, Planted.GROWTH_SPURT)
    spurt_age = np.where(sex == "F", rng.integers(12, 14, n), rng.integers(13, 15, n))
    ages = np.where(spurt, spurt_age, ages)
    level = np.clip((ages - 10) // 2 + 1 + rng.integers(-1, 2, n), 1, 4)
    level = np.where(ids == Planted.SPIKE_EXTENSION, 3, level)
    # sessions a week: level 1 → 4, 2 → 4-5, 3 → 5, 4 → 5-6
    days = np.array([0, 4, 5, 5, 6])[level] - ((rng.random(n) < 0.35) & np.isin(level, [2, 4]))
    days = np.where(ids == Planted.LOGGING_GAP, np.maximum(days, 5), days)
    days = np.where(np.isin(ids, list(Planted.SPIKES)), np.minimum(days, 5), days)
    weekly_min = ages * 60 * (0.55 + 0.1 * level + rng.normal(0, 0.06, n))
    base_dur = np.clip(_round_to(weekly_min / days, 15), 90, 195)
    # room for a 50-70 % spike within 240-minute sessions
    base_dur = np.where(np.isin(ids, list(Planted.SPIKES)), np.minimum(base_dur, 150), base_dur)
    # completed age on CLUB_END = ages; birthday somewhere in the following year
    frac = rng.uniform(0.03, 0.97, n)
    birth = CLUB_END - pd.to_timedelta(np.floor((ages + frac) * 365.25), unit="D")
    return pd.DataFrame({
        "athlete": ids, "sex": sex, "age": ages, "birth": birth, "level": level,
        "days": days, "base_dur": base_dur,
        "base_rpe": 3.7 + 0.5 * level + rng.normal(0, 0.35, n),
        "ext_rate": np.array([0.0, 0.25, 0.38, 0.5, 0.7])[level] * rng.uniform(0.85, 1.15, n),
        "weekday_time": rng.choice(["16:00", "16:30", "17:00", "17:30"], n),
        "saturday_time": rng.choice(["09:00", "09:30", "10:00"], n),
    })


# --------------------------------------------------------------------------- builders


def club_sessions(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Session log of the gymnastics club, one row per session (spec §1.1).

    26 weeks, Monday 2026-05-25 to Sunday 2026-11-22. Rest days are absent rows; ``injured``
    rows carry 0 minutes, 0 RPE and 0 reps (real zero load), ``not recorded`` rows carry
    blanks (missing). Columns: :data:`SESSION_HEADERS` (duration in minutes, RPE on CR-10,
    extension reps as a count).
    """
    prof = _club_profiles(seed)
    rng = _rng(seed, "sessions")
    ids = prof["athlete"].to_numpy()
    row = {athlete: i for i, athlete in enumerate(ids)}
    n, n_days = len(ids), CLUB_DAYS
    day = np.arange(n_days)
    dow = day % 7  # CLUB_START is a Monday
    week = day // 7

    # --- who trains when: weekly pattern (Mon–Sat by priority, Saturday favoured), Sunday off
    priority = rng.random((n, 6)) + np.array([0.2, 0, 0, 0, 0.1, 0.6])
    rank = np.argsort(np.argsort(-priority, axis=1), axis=1)
    pattern = np.zeros((n, 7), dtype=bool)
    pattern[:, :6] = rank < prof["days"].to_numpy()[:, None]
    train = pattern[:, dow]
    # now and then a missed session (at most one a week, never in two weeks running)
    skip_week = rng.random((n, CLUB_WEEKS)) < 0.3
    skip_week[:, 1:] &= ~skip_week[:, :-1]
    skip_dow = rng.integers(0, 6, (n, CLUB_WEEKS))
    train &= ~(skip_week[:, week] & (skip_dow[:, week] == dow))

    comp = np.zeros((n, n_days), dtype=bool)
    comp_days = [_day(d) for d in COMPETITION_DAYS]
    enters = (prof["level"].to_numpy()[:, None] >= 3) & (rng.random((n, len(comp_days))) < 0.85)
    comp[:, comp_days] = enters
    train |= comp

    # --- how much: slowly varying weekly factor × daily noise
    noise = rng.normal(0, 0.07, (n, CLUB_WEEKS + 2))
    week_factor = 1 + (noise[:, :-2] + noise[:, 1:-1] + noise[:, 2:]) / 3
    base_dur = prof["base_dur"].to_numpy()[:, None]
    dur = base_dur * week_factor[:, week] * (1 + rng.normal(0, 0.06, (n, n_days)))
    dur = np.clip(_round_to(dur, 5), 90, 210)
    comp_dur = np.clip(_round_to(rng.uniform(150, 210, (n, n_days)), 15), 150, 210)
    dur = np.where(comp, comp_dur, dur)

    rpe_raw = prof["base_rpe"].to_numpy()[:, None] + rng.normal(0, 0.6, (n, n_days))
    half = rng.random((n, n_days)) < 0.04
    rpe = np.clip(np.where(half, _round_to(rpe_raw, 0.5), np.round(rpe_raw)), 3, 8)
    rpe = np.where(comp, rng.choice([7.0, 7.0, 7.0, 7.5, 8.0, 8.0], (n, n_days)), rpe)

    status = np.full((n, n_days), "", dtype=object)
    start = np.where(dow == 5, prof["saturday_time"].to_numpy()[:, None],
                     np.where(dow == 6, "10:00", prof["weekday_time"].to_numpy()[:, None]))
    start = np.where(comp, np.where(prof["level"].to_numpy()[:, None] == 4, "09:00", "13:30"),
                     start).astype(object)

    # --- planted scenarios (a handful of athletes, vectorised over their days)
    train[row["GYM-01"], 0] = True  # the log starts on its first day
    for athlete, first in Planted.JOINERS.items():
        a, j = row[athlete], _day(first)
        train[a, :j] = False
        train[a, j] = True

    a = row[Planted.NOT_RECORDED]
    lo, hi = (_day(d) for d in Planted.NOT_RECORDED_SPAN)
    train[a, lo:hi + 1] = False
    status[a, lo:hi + 1] = NOT_RECORDED

    a = row[Planted.INJURY]
    lo, hi = (_day(d) for d in Planted.INJURY_SPAN)
    train[a, lo:hi + 1] = False
    status[a, lo:hi + 1] = INJURED
    back = slice(hi + 1, hi + 29)  # graded return over 4 weeks
    ramp = np.repeat([0.55, 0.7, 0.85, 0.95], 7)
    dur[a, back] = np.clip(_round_to(dur[a, back] * ramp, 5), 60, 210)
    rpe[a, back] = np.clip(rpe[a, back] - (ramp < 0.8), 3, 8)

    a = row[Planted.LOGGING_GAP]
    lo, hi = (_day(d) for d in Planted.LOGGING_GAP_SPAN)
    train[a, lo:hi + 1] = False
    train[a, [lo - 1, hi + 1]] = True

    a = row[Planted.SEVEN_DAYS]
    lo, hi = (_day(d) for d in Planted.SEVEN_DAYS_SPAN)
    extra = ~train[a, lo:hi + 1]
    train[a, lo:hi + 1] = True
    dur[a, lo:hi + 1] = np.where(extra, np.clip(_round_to(base_dur[a, 0] * 0.7, 15), 90, 210),
                                 dur[a, lo:hi + 1])

    # spikes: no missed session, RPE up by one, longer sessions; the extension-spike athlete
    # also gets an extra session on a free weekday (for the others the extra minutes are
    # conditioning and add no extension reps)
    rep_minutes = dur.copy()
    load = np.where(train, dur * rpe, 0.0)
    for athlete, mondays in Planted.SPIKES.items():
        a = row[athlete]
        weeks = [_day(m) // 7 for m in mondays]
        weekly = np.bincount(week, weights=load[a], minlength=CLUB_WEEKS)
        before = weekly[weeks[0] - 4:weeks[0]].mean()
        for w in weeks:
            days = week == w
            train[a, days] |= pattern[a, dow[days]]
            if athlete == Planted.SPIKE_EXTENSION:
                free = np.flatnonzero(days & ~train[a] & (dow < 6))
                train[a, free[:1]] = True
            rpe[a, days] = np.clip(rpe[a, days] + 1, 3, 8.5)
            target = rng.uniform(*Planted.SPIKE_RANGE) * before
            current = np.sum(np.where(train[a, days], dur[a, days] * rpe[a, days], 0.0))
            dur[a, days] = np.clip(_round_to(dur[a, days] * target / current, 5), 90, 240)

    # extension reps follow minutes and level; the extension spike is scaled like the load
    rate = prof["ext_rate"].to_numpy()[:, None]
    reps = rate * rep_minutes * np.exp(rng.normal(0, 0.2, (n, n_days))) * np.where(comp, 0.6, 1.0)
    reps = np.clip(np.round(reps), 20, 180)
    a = row[Planted.SPIKE_EXTENSION]
    weeks = [_day(m) // 7 for m in Planted.SPIKES[Planted.SPIKE_EXTENSION]]
    weekly_reps = np.bincount(week, weights=np.where(train[a], reps[a], 0.0), minlength=CLUB_WEEKS)
    before = weekly_reps[weeks[0] - 4:weeks[0]].mean()
    for w in weeks:
        days = week == w
        current = np.sum(np.where(train[a, days], reps[a, days], 0.0))
        target = rng.uniform(*Planted.SPIKE_RANGE) * before
        reps[a, days] = np.clip(np.round(reps[a, days] * target / current), 20, 260)

    # clinician plan: from the return the coach keeps every 7 days within the weekly cap on
    # extension reps (the athlete's reps scaled so the busiest 7 days reach 90 % of it),
    # except one planted session that takes the 7 days to it 30 reps over the cap
    a = row[Planted.PLAN]
    lo, over = _day(Planted.PLAN_CAP_SPAN[0]), _day(Planted.PLAN_EXCEEDED_ON)
    cap = Planted.PLAN_CAP_REPS
    train[a, over] = True
    done = np.where(train[a, lo:], reps[a, lo:], 0.0)
    busiest = np.convolve(done, np.ones(7))[: n_days - lo].max()
    reps[a, lo:] = np.clip(np.round(reps[a, lo:] * 0.9 * cap / busiest), 20, 180)
    before = np.sum(np.where(train[a, over - 6:over], reps[a, over - 6:over], 0.0))
    reps[a, over] = cap + 30 - before

    rpe_out = rpe.astype(float)
    a = row[Planted.BLANK_RPE]
    early = np.flatnonzero(train[a] & (day < _day("2026-09-01")) & ~comp[a])
    rpe_out[a, rng.choice(early, Planted.BLANK_RPE_ROWS, replace=False)] = np.nan

    # --- long format: one row per session or status day
    athlete_i, day_i = np.nonzero(train | (status != ""))
    trained = train[athlete_i, day_i]
    injured = status[athlete_i, day_i] == INJURED
    zero_or_blank = np.where(injured, 0.0, np.nan)
    frame = pd.DataFrame({
        Col.ATHLETE: ids[athlete_i],
        Col.DATE: (CLUB_START + pd.to_timedelta(day_i, unit="D")).strftime("%Y-%m-%d"),
        Col.SPORT: GYMNASTICS,
        Col.START_TIME: np.where(trained, start[athlete_i, day_i], ""),
        Col.DURATION: np.where(trained, dur[athlete_i, day_i], zero_or_blank),
        Col.RPE: np.where(trained, rpe_out[athlete_i, day_i], zero_or_blank),
        Col.SESSION_TYPE: np.where(trained, np.where(comp[athlete_i, day_i], COMPETITION, TRAINING),
                                   ""),
        Col.DAY_STATUS: status[athlete_i, day_i],
        Col.EXT_REPS: np.where(trained, reps[athlete_i, day_i], zero_or_blank),
    })

    # double sessions: a 07:00 conditioning session on a few weekdays that have a session
    a = row[Planted.DOUBLE_SESSIONS]
    candidates = np.flatnonzero(train[a] & ~comp[a] & (dow < 5) & (week >= 14) & (week < 23))
    picked = np.sort(rng.choice(candidates, Planted.DOUBLE_SESSION_DAYS, replace=False))
    k = len(picked)
    doubles = pd.DataFrame({
        Col.ATHLETE: Planted.DOUBLE_SESSIONS,
        Col.DATE: (CLUB_START + pd.to_timedelta(picked, unit="D")).strftime("%Y-%m-%d"),
        Col.SPORT: GYMNASTICS,
        Col.START_TIME: "07:00",
        Col.DURATION: rng.choice([75.0, 90.0], k),
        Col.RPE: rng.choice([4.0, 5.0], k),
        Col.SESSION_TYPE: TRAINING,
        Col.DAY_STATUS: "",
        Col.EXT_REPS: np.clip(np.round(rate[a, 0] * 90 * rng.uniform(0.4, 0.6, k)), 20, 180),
    })
    frame = pd.concat([frame, doubles], ignore_index=True)
    frame = frame.sort_values([Col.ATHLETE, Col.DATE, Col.START_TIME], kind="stable")
    frame[Col.DURATION] = frame[Col.DURATION].astype("Int64")
    frame[Col.EXT_REPS] = frame[Col.EXT_REPS].astype("Int64")
    return frame.loc[:, list(SESSION_HEADERS)].reset_index(drop=True)


def club_roster(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Athlete profiles of the gymnastics club, one row per athlete (spec §1.3).

    Columns: :data:`ROSTER_HEADERS`; birth dates ISO, sex F/M, prior lumbar bone stress
    injury yes/no, free play in hours per week (blank when not reported), role blank.
    """
    prof = _club_profiles(seed)
    rng = _rng(seed, "roster")
    ids = prof["athlete"].to_numpy()
    n = len(ids)
    free_play = _round_to(rng.uniform(1.0, 8.0, n), 0.5)
    free_play = np.where(rng.random(n) < 0.25, np.nan, free_play)
    return pd.DataFrame({
        RosterCol.ATHLETE: ids,
        RosterCol.BIRTH_DATE: pd.DatetimeIndex(prof["birth"]).strftime("%Y-%m-%d"),
        RosterCol.SEX: prof["sex"].to_numpy(),
        RosterCol.MAIN_SPORT: np.where(np.isin(ids, Planted.DANCE_MAIN), DANCE, GYMNASTICS),
        RosterCol.ROLE: "",
        RosterCol.PRIOR_LUMBAR_BSI: np.where(np.isin(ids, Planted.PRIOR_BSI), YES, NO),
        RosterCol.FREE_PLAY: free_play,
    })


# Typical standing height (cm) of girls and boys by age in years (rounded growth-reference
# values); gymnasts are drawn a few centimetres shorter.
_AGE_GRID: Final = np.array([9.0, 10, 11, 12, 13, 14, 15, 16, 17, 18])
_HEIGHT_F: Final = np.array([133.0, 138, 144, 151, 157, 160, 162, 163, 163, 163])
_HEIGHT_M: Final = np.array([133.0, 138, 143, 149, 156, 164, 170, 174, 176, 177])


def club_growth(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Growth measurements of the gymnastics club (spec §1.3, §7.4).

    Two or three measurements per athlete on the club's measurement days (about 3.5 months
    apart); athletes who joined late have an intake measurement instead. Growth-spurt athletes
    grow 7.8–10.5 cm/year between their last two measurements, the others 2.2–5.8 cm/year.
    Columns: :data:`GROWTH_HEADERS` (cm, cm, kg; one decimal).
    """
    prof = _club_profiles(seed)
    rng = _rng(seed, "growth")
    ids = prof["athlete"].to_numpy()
    n = len(ids)
    club_days = pd.DatetimeIndex(MEASUREMENT_DAYS)
    dates = club_days.to_numpy().astype("datetime64[D]")[None, :] + rng.integers(-3, 4, (n, 3))
    taken = np.ones((n, 3), dtype=bool)
    taken[:, 0] = rng.random(n) < 0.7  # not everyone was measured in April
    for athlete, first in Planted.JOINERS.items():
        a = int(np.flatnonzero(ids == athlete)[0])
        taken[a, 0] = False
        if pd.Timestamp(first) > club_days[1]:  # intake measurement on the first day
            dates[a, 1] = pd.Timestamp(first).to_datetime64()
    spurt = np.isin(ids, Planted.GROWTH_SPURT)
    velocity = np.where(spurt, rng.uniform(7.8, 10.5, n), rng.uniform(2.2, 5.8, n))
    earlier = np.where(spurt, velocity * rng.uniform(0.65, 0.95, n), rng.uniform(2.2, 5.8, n))

    age_last = (dates[:, 2] - prof["birth"].to_numpy()) / np.timedelta64(1, "D") / 365.25
    mean_height = np.where(prof["sex"].to_numpy() == "F", np.interp(age_last, _AGE_GRID, _HEIGHT_F),
                           np.interp(age_last, _AGE_GRID, _HEIGHT_M))
    h_last = mean_height - 3.0 + rng.normal(0, 4.5, n)
    years = np.diff(dates, axis=1) / np.timedelta64(1, "D") / 365.25
    h_mid = h_last - velocity * years[:, 1]
    h_first = h_mid - earlier * years[:, 0]
    height = np.column_stack([h_first, h_mid, h_last])
    # legs lead the spurt: sitting height takes about 40 % of the growth
    sit_last = h_last * np.where(prof["sex"].to_numpy() == "F", 0.525, 0.515) * \
        rng.uniform(0.985, 1.015, n)
    sitting = sit_last[:, None] - 0.4 * (h_last[:, None] - height)
    bmi = rng.uniform(15.5, 20.0, n)[:, None] * (1 + rng.normal(0, 0.01, (n, 3)))
    mass = bmi * (height / 100) ** 2

    a_i, m_i = np.nonzero(taken)
    return pd.DataFrame({
        GrowthCol.ATHLETE: ids[a_i],
        GrowthCol.DATE: pd.DatetimeIndex(dates[a_i, m_i]).strftime("%Y-%m-%d"),
        GrowthCol.HEIGHT: np.round(height[a_i, m_i], 1),
        GrowthCol.SITTING_HEIGHT: np.round(sitting[a_i, m_i], 1),
        GrowthCol.MASS: np.round(mass[a_i, m_i], 1),
    })


def football_weekly(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Weekly totals of a school football team, 16 athletes aged 14–16 (spec §1.2).

    20 ISO weeks ending 2026-W47; one row per athlete and week (a week without a row is
    missing, a row with 0 minutes is a rest week). Columns: :data:`WEEKLY_HEADERS` (minutes,
    duration-weighted CR-10 RPE, counts, hours).
    """
    rng = _rng(seed, "football")
    n, n_weeks = FOOTBALL_SIZE, FOOTBALL_WEEKS
    ids = np.array([f"FB-{i:02d}" for i in range(1, n + 1)])
    row = {athlete: i for i, athlete in enumerate(ids)}
    mondays = FOOTBALL_LAST_MONDAY - pd.to_timedelta(7 * np.arange(n_weeks)[::-1], unit="D")
    iso = mondays.isocalendar()
    weeks = (iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)).to_numpy()

    base_sessions = rng.choice([3, 4, 4, 5], n)[:, None]
    sessions = base_sessions - (rng.random((n, n_weeks)) < 0.12) + (rng.random((n, n_weeks)) < 0.06)
    per_session = rng.uniform(65, 85, n)[:, None] * (1 + rng.normal(0, 0.06, (n, n_weeks)))
    minutes = _round_to(sessions * per_session, 5)
    mean_rpe = np.clip(np.round(rng.uniform(4.3, 6.0, n)[:, None]
                                + rng.normal(0, 0.4, (n, n_weeks)), 1), 3, 8)
    free_play = _round_to(np.clip(rng.uniform(1.5, 8.0, n)[:, None]
                                  + rng.normal(0, 0.8, (n, n_weeks)), 0, None), 0.5)
    free_play[rng.choice(n, 3, replace=False)] = np.nan  # never reported
    free_play[rng.random((n, n_weeks)) < 0.05] = np.nan

    a = row[Planted.FOOTBALL_REST_WEEK[0]]
    w = int(np.flatnonzero(weeks == Planted.FOOTBALL_REST_WEEK[1])[0])
    sessions[a, w], minutes[a, w], mean_rpe[a, w] = 0, 0.0, 0.0

    a = row[Planted.FOOTBALL_JUMP[0]]
    w = int(np.flatnonzero(weeks == Planted.FOOTBALL_JUMP[1])[0])
    before = minutes[a, w - 4:w].mean()
    sessions[a, w] = base_sessions[a, 0] + 2
    minutes[a, w] = _round_to(before * rng.uniform(1.6, 1.8), 5)
    mean_rpe[a, w] = min(mean_rpe[a, w] + 0.8, 8.0)

    keep = np.ones((n, n_weeks), dtype=bool)
    keep[row[Planted.FOOTBALL_MISSING_WEEK[0]], weeks == Planted.FOOTBALL_MISSING_WEEK[1]] = False
    a_i, w_i = np.nonzero(keep)
    frame = pd.DataFrame({
        Col.ATHLETE: ids[a_i],
        Col.WEEK: weeks[w_i],
        Col.SPORT: FOOTBALL,
        Col.WEEK_MINUTES: minutes[a_i, w_i].astype(int),
        Col.MEAN_RPE: mean_rpe[a_i, w_i],
        Col.SESSIONS: sessions[a_i, w_i].astype(int),
        Col.REST_DAYS: np.clip(7 - sessions[a_i, w_i], 0, 7).astype(int),
        Col.FREE_PLAY: free_play[a_i, w_i],
    })
    return frame.loc[:, list(WEEKLY_HEADERS)]


def club_symptoms() -> pd.DataFrame:
    """Symptom check-ins of the gymnastics club in the last two weeks (spec §1.4).

    Every gymnast checks in on the Mondays in :data:`Planted.CHECKIN_MONDAYS`, pain-free
    unless planted otherwise; the planted back-pain reports (:class:`Planted`) come on top.
    Yes/no answers are ``yes`` / ``no``; side, arching, onset and limits are blank without
    pain. Columns: :data:`SYMPTOM_HEADERS`. Fixed data: the seed does not change it.
    """
    p = Planted
    ids = _club_ids()
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


# --------------------------------------------------------------------------- files


def _csv(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, lineterminator="\n", float_format="%g")


def _table(rows: Sequence[tuple[str, str]]) -> str:
    lines = ["| column | meaning |", "| --- | --- |"]
    lines += [f"| `{name}` | {meaning} |" for name, meaning in rows]
    return "\n".join(lines)


_SESSION_DOC: Final = (
    (Col.ATHLETE, "pseudonymous athlete id (`GYM-01` ...)"),
    (Col.DATE, "date of the session, ISO `YYYY-MM-DD`"),
    (Col.SPORT, f"always `{GYMNASTICS}`"),
    (Col.START_TIME, "start time `HH:MM`; two rows on one day are two sessions"),
    (Col.DURATION, f"minutes including warm-up; `0` on `{INJURED}` rows, blank on "
                   f"`{NOT_RECORDED}` rows"),
    (Col.RPE, "session RPE on the CR-10 scale (0-10), whole or half points; blank = not given"),
    (Col.SESSION_TYPE, f"`{TRAINING}` or `{COMPETITION}`"),
    (Col.DAY_STATUS, f"blank on sessions; `{INJURED}` (rest, zero load) or `{NOT_RECORDED}` "
                     "(missing: nothing is known about that day)"),
    (Col.EXT_REPS, "count of extension-loading elements in the session (spec §9.4)"),
)
_ROSTER_DOC: Final = (
    (RosterCol.ATHLETE, "athlete id, as in the session log"),
    (RosterCol.BIRTH_DATE, "date of birth, ISO"),
    (RosterCol.SEX, "`F` or `M` (used only by the maturity equations)"),
    (RosterCol.MAIN_SPORT, f"`{GYMNASTICS}`, or `{DANCE}` for dancers who also train gymnastics"),
    (RosterCol.ROLE, "blank (no roles in gymnastics)"),
    (RosterCol.PRIOR_LUMBAR_BSI, f"history of lumbar bone stress injury, `{YES}` / `{NO}`"),
    (RosterCol.FREE_PLAY, "hours of unstructured free play a week; blank = not reported"),
)
_GROWTH_DOC: Final = (
    (GrowthCol.ATHLETE, "athlete id"),
    (GrowthCol.DATE, "measurement date, ISO"),
    (GrowthCol.HEIGHT, "standing height, cm"),
    (GrowthCol.SITTING_HEIGHT, "sitting height, cm"),
    (GrowthCol.MASS, "body mass, kg"),
)
_SYMPTOM_DOC: Final = (
    (SymptomCol.ATHLETE, "athlete id"),
    (SymptomCol.DATE, "check-in date, ISO"),
    (SymptomCol.BACK_PAIN, f"low back pain, `{YES}` / `{NO}`"),
    (SymptomCol.SIDE, "`left`, `right`, `central` or `both`; blank without pain"),
    (SymptomCol.WORSE_ARCHING, f"worse when arching/extending, `{YES}` / `{NO}`; blank without "
                               "pain"),
    (SymptomCol.ONSET, "date the pain started, ISO; blank without pain"),
    (SymptomCol.PAIN, "pain 0-10 (0 without pain)"),
    (SymptomCol.LIMITS_TRAINING, f"pain limits training, `{YES}` / `{NO}`; blank without pain"),
    (SymptomCol.NIGHT_PAIN, "red flag: night pain or pain at rest that wakes"),
    (SymptomCol.FEVER, "red flag: fever or feeling unwell"),
    (SymptomCol.WEIGHT_LOSS, "red flag: unexplained weight loss"),
    (SymptomCol.LEG_SYMPTOMS, "red flag: numbness, tingling or weakness in a leg"),
    (SymptomCol.BLADDER_BOWEL, "red flag: bladder or bowel change"),
    (SymptomCol.TRAUMA, "red flag: recent fall or significant trauma"),
)
_PLAN_DOC: Final = (
    (PlanCol.ATHLETE, "athlete id"),
    (PlanCol.START, "first day of the restriction, ISO"),
    (PlanCol.REVIEW, "clinician review date, ISO (last day of the restriction); blank = "
                     "open-ended"),
    (PlanCol.RESTRICTION, "`no_extension_loading`, `cap_extension_reps_per_week`, "
                          "`cap_load_au_per_week`, `no_bowling` or `cleared`"),
    (PlanCol.CAP, "weekly cap of a `cap_*` restriction (reps or AU); blank otherwise"),
)
_WEEKLY_DOC: Final = (
    (Col.ATHLETE, "pseudonymous athlete id (`FB-01` ...)"),
    (Col.WEEK, "ISO week, `YYYY-Www`"),
    (Col.SPORT, f"always `{FOOTBALL}`"),
    (Col.WEEK_MINUTES, "organised football minutes that week"),
    (Col.MEAN_RPE, "duration-weighted mean session RPE, CR-10 (0 in a rest week)"),
    (Col.SESSIONS, "number of sessions, matches included"),
    (Col.REST_DAYS, "days without organised sport"),
    (Col.FREE_PLAY, "hours of unstructured free play; blank = not reported"),
)


def readme_text(frames: dict[str, pd.DataFrame], seed: int) -> str:
    """The samples README: files, columns, planted scenarios and how to regenerate them."""
    sessions, roster = frames[SESSIONS_FILE], frames[ROSTER_FILE]
    growth, football = frames[GROWTH_FILE], frames[FOOTBALL_FILE]
    symptoms, plans = frames[SYMPTOMS_FILE], frames[PLANS_FILE]
    mondays = " and ".join(Planted.CHECKIN_MONDAYS)
    first_week, last_week = football[Col.WEEK].min(), football[Col.WEEK].max()
    measured = ", ".join(MEASUREMENT_DAYS)
    scenarios = "\n".join(f"- **{athlete}**: {text}" for athlete, text in SCENARIOS.items())
    return f"""# loadwatch sample data

Made-up logs for demos, documentation and tests. No row describes a real athlete; the ids
are pseudonymous. Every file here is written by `loadwatch.samples.write_samples` (seed
{seed}), and a test regenerates them and compares the bytes: change the code, not the files.

Regenerate:

```
loadwatch sample --out data/samples --seed {seed}
```

(`python -m loadwatch.samples --out data/samples --seed {seed}` does the same.)

## `{SESSIONS_FILE}`

Session log of a youth gymnastics club, one row per session, Monday {CLUB_START:%Y-%m-%d} to
Sunday {CLUB_END:%Y-%m-%d} (26 weeks). Athletes: {sessions[Col.ATHLETE].nunique()}, aged 10-17.
Rows: {len(sessions)}.

Rest days are **absent rows**: inside an athlete's coverage (from their first row to the end
of the file) a day without a row is a rest day. A typical week has 4-6 sessions after school
and on Saturday morning, Sunday off, 90-210 minutes at RPE 3-8; level 3-4 gymnasts enter a
few competitions.

{_table(_SESSION_DOC)}

## `{ROSTER_FILE}`

One row per gymnast ({len(roster)} rows).

{_table(_ROSTER_DOC)}

## `{GROWTH_FILE}`

Two or three measurements per gymnast ({len(growth)} rows), taken within a few days of the
club's measurement days: {measured}. Gymnasts who joined after August have an intake
measurement on their first day instead, too close to the next one for a growth velocity
(which needs 90 days between measurements).

{_table(_GROWTH_DOC)}

## `{SYMPTOMS_FILE}`

Symptom check-ins of the gymnasts in the last two weeks of the log ({len(symptoms)} rows).
Clinical data: in loadwatch only the therapist role sees the answers; coaches see the
resulting status. Every gymnast checks in on
{mondays}, pain-free unless a scenario below says otherwise;
the back-pain reports are planted on fixed dates and do not depend on the seed.
Yes/no answers are `{YES}` / `{NO}`.

{_table(_SYMPTOM_DOC)}

## `{PLANS_FILE}`

Clinician plans ({len(plans)} rows), entered by the therapist: restrictions for the gymnast
returning from injury. loadwatch compares logged exposure with an active plan (rule S4); it
does not decide the return.

{_table(_PLAN_DOC)}

## `{FOOTBALL_FILE}`

Weekly totals of a school football team, ISO weeks {first_week} to {last_week}.
Athletes: {football[Col.ATHLETE].nunique()}, aged 14-16. Rows: {len(football)}.

A week without a row is missing; a row with 0 minutes is a rest week.

{_table(_WEEKLY_DOC)}

## Planted scenarios

The other athletes train steadily with ordinary variation (now and then a missed session,
a competition), so their acute:chronic ratios mostly stay between 0.8 and 1.3.

{scenarios}
"""


def sample_frames(seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """All sample tables, keyed by file name."""
    return {
        SESSIONS_FILE: club_sessions(seed),
        ROSTER_FILE: club_roster(seed),
        GROWTH_FILE: club_growth(seed),
        FOOTBALL_FILE: football_weekly(seed),
        SYMPTOMS_FILE: club_symptoms(),
        PLANS_FILE: club_plans(),
    }


def write_samples(out_dir: str | Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the six sample CSVs and their README into ``out_dir``; returns the paths.

    The bytes depend only on ``seed`` (UTF-8, ``\\n`` line ends, ISO dates).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    frames = sample_frames(seed)
    texts = {name: _csv(frame) for name, frame in frames.items()}
    texts[README_FILE] = readme_text(frames, seed)
    paths = []
    for name, text in texts.items():
        path = out / name
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m loadwatch.samples --out DIR --seed N``."""
    parser = argparse.ArgumentParser(description="Write loadwatch's sample logs.")
    parser.add_argument("--out", default="data/samples", help="output folder")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    args = parser.parse_args(argv)
    for path in write_samples(args.out, args.seed):
        print(f"{path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
