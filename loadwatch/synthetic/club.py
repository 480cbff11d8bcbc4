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
- load spikes in the last three weeks, one with a matching jump in extension reps and one
  during a growth spurt (§5.1, §9.4); seven training days a week (§7.2); a return from a
  three-week injury break (§5.3); a ten-day stretch without rows in an otherwise regular log
  ("possible logging gap", §3.2); organised hours above age with little free play (§7.1);
- an athlete profile per gymnast (§1.3) and growth measurements at least 100 days apart, so
  the growth window uses measured velocity; growth spurts of at least 7.2 cm/year (§7.4);
- a weekly-totals log with a missing week (no row) and a 0-minute rest week (§1.2);
- symptom check-ins (§1.4, rule family S): routine pain-free check-ins, one-sided back pain
  worse when arching during a load spike (S2 refer), back pain with night pain (S1 refer
  urgently), mild central back pain (S3 amber); and a clinician plan for the athlete
  returning from injury (no extension loading, then a weekly cap on extension reps) that the
  log exceeds once, in the last week (S4).

Everyday sessions follow a youth club's rhythm: each gymnast trains to a personal weekly
template (3-5 fixed weekdays with Saturday morning, so at least two rest days; planned
minutes, CR-10 RPE and extension reps per weekday) with small noise (about ± 5 % minutes, RPE
± 0.5 now and then, ± 8 % reps), a gentle build-up over the summer to the full template from
September, organised hours below age, a few competitions and now and then a missed session.
Week totals therefore stay within a few per cent, and the club looks like a real one: in the
latest week (:data:`LATEST_WEEK`) most gymnasts are green and each flag has a planted reason
(:data:`LATEST_LEVELS`).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
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
#: Competition days (Saturdays); athletes at level 3–4 mostly enter.
COMPETITION_DAYS: Final = ("2026-06-20", "2026-09-26", "2026-10-24")
#: Club measurement days for height, sitting height and mass: Mondays 15 weeks apart (each
#: gymnast is measured on the Monday to Wednesday of that week).
MEASUREMENT_DAYS: Final = ("2026-01-05", "2026-04-20", "2026-08-03", "2026-11-16")

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
        "GYM-15": ("2026-11-16",),  # the same spike as GYM-07, but during a growth spurt
    }
    #: Spike athlete whose extension reps jump with the load.
    SPIKE_EXTENSION: Final = "GYM-03"
    #: Target rise of a spike week over the mean of the 4 weeks before the first spike week.
    SPIKE_RANGE: Final = (1.5, 1.7)
    #: No missed sessions in the last five weeks, so the last weeks show the planted scenarios
    #: alone (a missed session makes the next 7 days look like a > 15 % increase).
    NO_MISSED_FROM: Final = "2026-10-19"
    #: A 12-year-old in a pre-elite squad: organised hours above age (Y1) and little free play
    #: (Y2); the only athlete above age on purpose.
    #: Monday from which every gymnast trains to the full weekly template; before it the
    #: minutes and reps build up gently (0.2-0.5 % a week).
    PLAN_REACHED: Final = "2026-09-07"
    HIGH_VOLUME: Final = "GYM-01"
    HIGH_VOLUME_AGE: Final = 12
    HIGH_VOLUME_HOURS: Final = 14.0
    HIGH_VOLUME_FREE_PLAY: Final = 2.0
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


#: The latest ISO week of the club log (Monday 2026-11-16).
LATEST_WEEK: Final = "2026-W47"
#: What ``loadwatch flags`` shows for :data:`LATEST_WEEK` with roster, growth, symptoms and
#: plans: every gymnast who is not green, with the reason a coach reads first (all others are
#: green). A test evaluates the sample and compares the levels exactly.
LATEST_LEVELS: Final[dict[str, tuple[str, str]]] = {
    "GYM-10": ("refer_urgent", "back pain with night pain, a red flag (S1)"),
    "GYM-03": ("refer", "one-sided back pain, worse when arching (S2), in the second week of a "
                        "load and extension spike during a growth spurt"),
    "GYM-05": ("red", "two independent warning signs: no rest day in 7 days (Y3) and monotony "
                      "above 2.0 (R1), with the 7-day load up more than 15 % (L3) after adding "
                      "sessions on the rest days"),
    "GYM-09": ("red", "extension reps above the clinician's weekly cap (S4)"),
    "GYM-15": ("red", "load spike (ACWR above 1.30, 7-day load up more than 15 %) during a "
                      "growth spurt (modifier M1)"),
    "GYM-01": ("amber", "organised hours above age (Y1) and organised : free play above 2 : 1 "
                        "(Y2)"),
    "GYM-04": ("amber", "mild central back pain: recheck within 7 days (S3)"),
    "GYM-07": ("amber", "load spike (ACWR above 1.30, 7-day load up more than 15 %), no "
                        "modifier active"),
    "GYM-20": ("insufficient_data", "joined on 2026-11-02: fewer than 28 days of history for "
                                    "the ACWR"),
}


def _scenarios() -> dict[str, str]:
    p = Planted
    lines: dict[str, list[str]] = {}

    def add(athlete: str, text: str) -> None:
        lines.setdefault(athlete, []).append(text)

    for athlete, mondays in p.SPIKES.items():
        last = pd.Timestamp(mondays[-1]) + pd.Timedelta(days=6)
        weeks = f"{mondays[0]} to {last:%Y-%m-%d}"
        what = ("sRPE load and extension reps" if athlete == p.SPIKE_EXTENSION else
                "sRPE load (longer, harder sessions; extension reps as planned)")
        add(athlete, f"spike: weekly {what} about 50-70 % above the previous 4-week mean, "
                     f"{weeks}")
    add(p.HIGH_VOLUME, f"pre-elite squad: age {p.HIGH_VOLUME_AGE}, about "
                       f"{p.HIGH_VOLUME_HOURS:g} organised hours a week (more than age: Y1) and "
                       f"{p.HIGH_VOLUME_FREE_PLAY:g} h free play a week (organised : free play "
                       "above 2 : 1: Y2)")
    add(p.SEVEN_DAYS, "trains 7 days a week (no rest day) for the last 2 weeks, "
                      f"{p.SEVEN_DAYS_SPAN[0]} to {p.SEVEN_DAYS_SPAN[1]}: shorter, easier "
                      "sessions on the former rest days")
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
DAYS_PER_YEAR: Final = 365.25


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


@dataclass(frozen=True)
class _ClubPlan:
    """Each gymnast's traits and weekly template, shared by roster, sessions and growth.

    The template holds, per weekday (Monday = 0), the planned minutes (0 = rest day), the
    planned CR-10 RPE and the planned extension reps from :attr:`Planted.PLAN_REACHED` on;
    earlier weeks are scaled down by the athlete's gentle weekly progression.
    """

    prof: pd.DataFrame
    minutes: np.ndarray  # (athletes, 7)
    rpe: np.ndarray  # (athletes, 7)
    reps: np.ndarray  # (athletes, 7)

    @property
    def on(self) -> np.ndarray:
        """Planned training weekdays."""
        return self.minutes > 0

    def typical(self, what: np.ndarray) -> np.ndarray:
        """Mean planned value per athlete over the training weekdays."""
        return np.asarray(np.where(self.on, what, 0.0).sum(axis=1) / self.on.sum(axis=1))

    def hours(self) -> np.ndarray:
        """Planned organised hours a week once the full template is reached."""
        return np.asarray(self.minutes.sum(axis=1) / 60)


#: Planned organised hours a week (full template) by level 1–4, before the cap below age.
_LEVEL_HOURS: Final = np.array([0.0, 5.5, 7.5, 9.5, 11.5])
#: Organised hours stay at or below this share of age (guideline: hours ≤ age, spec §7.1).
_HOURS_PER_YEAR_OF_AGE: Final = 0.85
#: Extension reps per planned minute by level (back walkovers, handsprings, arches...).
_EXT_RATE: Final = np.array([0.0, 0.25, 0.38, 0.5, 0.6])


def _club_plan(seed: int) -> _ClubPlan:
    """Per-athlete traits (age, sex, level, birth date) and the weekly training template."""
    p = Planted
    rng = _rng(seed, "profiles")
    ids = _club_ids()
    n = len(ids)
    sex = np.where(rng.random(n) < 0.8, "F", "M")
    ages = rng.permutation(np.array([10, 10, 11, 11, 12, 12, 12, 13, 13, 13,
                                     13, 14, 14, 14, 15, 15, 15, 16, 16, 17]))
    spurt = np.isin(ids, p.GROWTH_SPURT)
    spurt_age = np.where(sex == "F", rng.integers(12, 14, n), rng.integers(13, 15, n))
    ages = np.where(spurt, spurt_age, ages)
    high = ids == p.HIGH_VOLUME
    ages = np.where(high, p.HIGH_VOLUME_AGE, ages)
    level = np.clip((ages - 10) // 2 + 1 + rng.integers(-1, 2, n), 1, 4)
    level = np.where(ids == p.SPIKE_EXTENSION, 3, np.where(high, 4, level))
    # training days a week: level 1 → 3, 2 → 4, 3 → 4-5, 4 → 5; always two rest days or more
    days = np.array([0, 3, 4, 5, 5])[level] - ((rng.random(n) < 0.5) & (level == 3))
    days = np.where(ids == p.LOGGING_GAP, 5, days)
    hours = np.minimum(_LEVEL_HOURS[level] * rng.uniform(0.92, 1.08, n),
                       _HOURS_PER_YEAR_OF_AGE * ages)
    hours = np.where(high, p.HIGH_VOLUME_HOURS, hours)

    # which weekdays: Saturday morning for everyone, then Mon-Fri by priority (Tue/Thu
    # favoured); Monday for athletes whose log must start on a Monday
    priority = rng.random((n, 5)) + np.array([0.1, 0.3, 0.0, 0.3, 0.0])
    starts_monday = np.isin(ids, [*p.JOINERS, "GYM-01"])
    priority[:, 0] += 10 * starts_monday
    rank = np.argsort(np.argsort(-priority, axis=1), axis=1)
    on = np.zeros((n, 7), dtype=bool)
    on[:, :5] = rank < (days - 1)[:, None]
    on[:, 5] = True
    # minutes per weekday: Saturday longest; spike athletes' sessions leave room for a spike
    weight = np.where(on, rng.uniform(0.85, 1.15, (n, 7)), 0.0)
    weight[:, 5] = 1.25
    share = weight / weight.sum(axis=1, keepdims=True)
    longest = np.where(np.isin(ids, list(p.SPIKES)), 150, 210)[:, None]
    minutes = np.where(on, np.clip(_round_to(hours[:, None] * 60 * share, 15), 90, longest), 0.0)
    # RPE per weekday: harder with level, Saturday a little harder, one easier or harder day
    base_rpe = 4.0 + 0.5 * level + rng.normal(0, 0.3, n)
    day_rpe = base_rpe[:, None] + rng.choice([-1.0, 0.0, 0.0, 1.0], (n, 7))
    day_rpe[:, 5] += 0.5
    rpe = np.where(on, np.clip(np.round(day_rpe), 3, 8), 0.0)
    # extension reps per weekday: by level and minutes, more on floor/beam days
    rate = _EXT_RATE[level] * rng.uniform(0.85, 1.15, n)
    reps = np.where(on, np.maximum(np.round(rate[:, None] * minutes
                                            * rng.uniform(0.7, 1.3, (n, 7))), 20), 0.0)
    # completed age on CLUB_END = ages; birthday somewhere in the following year
    frac = rng.uniform(0.03, 0.97, n)
    birth = CLUB_END - pd.to_timedelta(np.floor((ages + frac) * 365.25), unit="D")
    prof = pd.DataFrame({
        "athlete": ids, "sex": sex, "age": ages, "birth": birth, "level": level, "days": days,
        # gentle progression: planned minutes and reps grow 0.2-0.5 % a week
        "progression": rng.uniform(0.002, 0.005, n),
        "weekday_time": rng.choice(["16:00", "16:30", "17:00", "17:30"], n),
        "saturday_time": rng.choice(["09:00", "09:30", "10:00"], n),
    })
    return _ClubPlan(prof, minutes, rpe, reps)


# --------------------------------------------------------------------------- builders


def club_sessions(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Session log of the gymnastics club, one row per session (spec §1.1).

    26 weeks, Monday 2026-05-25 to Sunday 2026-11-22. Each gymnast follows a weekly template
    (fixed weekdays, planned minutes, RPE and extension reps per weekday) with small
    session-to-session noise and a gentle progression. Rest days are absent rows; ``injured``
    rows carry 0 minutes, 0 RPE and 0 reps (real zero load), ``not recorded`` rows carry
    blanks (missing). Columns: :data:`SESSION_HEADERS` (duration in minutes, RPE on CR-10,
    extension reps as a count).
    """
    p = Planted
    plan = _club_plan(seed)
    prof = plan.prof
    rng = _rng(seed, "sessions")
    ids = prof["athlete"].to_numpy()
    row = {athlete: i for i, athlete in enumerate(ids)}
    n, n_days = len(ids), CLUB_DAYS
    day = np.arange(n_days)
    dow = day % 7  # CLUB_START is a Monday
    week = day // 7

    # --- the template, progressed and with small noise (±5 % minutes, RPE ±0.5 now and then)
    weeks_to_plan = np.maximum(_day(p.PLAN_REACHED) // 7 - week, 0)
    progress = 1 - prof["progression"].to_numpy()[:, None] * weeks_to_plan
    train = plan.on[:, dow]
    wobble = 1 + np.clip(rng.normal(0, 0.025, (n, n_days)), -0.05, 0.05)
    dur = _round_to(plan.minutes[:, dow] * progress * wobble, 5)
    nudge = rng.choice([-0.5, 0.0, 0.5], (n, n_days), p=[0.08, 0.84, 0.08])
    rpe = np.clip(plan.rpe[:, dow] + nudge, 3, 8)
    rep_noise = 1 + np.clip(rng.normal(0, 0.04, (n, n_days)), -0.08, 0.08)
    reps = plan.reps[:, dow] * progress * rep_noise
    typical = {"dur": plan.typical(plan.minutes), "rpe": np.round(plan.typical(plan.rpe)),
               "reps": plan.typical(plan.reps)}

    def fill(a: int, days: np.ndarray, scale: float = 1.0, easier: float = 0.0) -> None:
        """An unplanned session on these days, at the athlete's typical values × scale."""
        dur[a, days] = np.clip(_round_to(typical["dur"][a] * scale * progress[a, days], 5),
                               90, 210)
        rpe[a, days] = typical["rpe"][a] - easier
        reps[a, days] = typical["reps"][a] * scale * progress[a, days]
        train[a, days] = True

    # now and then a missed session (at most one a week, never two weeks running, none in
    # the last four weeks)
    skip_week = rng.random((n, CLUB_WEEKS)) < 0.05
    skip_week[:, 1:] &= ~skip_week[:, :-1]
    skip_week[:, _day(p.NO_MISSED_FROM) // 7:] = False
    skip_week[row["GYM-01"], 0] = False  # the log starts with its first session
    for athlete, first in p.JOINERS.items():
        skip_week[row[athlete], : _day(first) // 7 + 1] = False
    pick = rng.random((n, CLUB_WEEKS))
    for a, w in zip(*np.nonzero(skip_week), strict=True):
        planned = np.flatnonzero(train[a, w * 7:(w + 1) * 7])
        train[a, w * 7 + planned[int(pick[a, w] * len(planned))]] = False

    # competitions replace the Saturday session
    comp = np.zeros((n, n_days), dtype=bool)
    comp_days = [_day(d) for d in COMPETITION_DAYS]
    enters = (prof["level"].to_numpy()[:, None] >= 3) & (rng.random((n, len(comp_days))) < 0.85)
    comp[:, comp_days] = enters
    train |= comp
    # a long day, mostly warm-up and waiting: about the Saturday minutes, RPE one point up
    saturday = plan.minutes[:, 5:6] * progress
    dur = np.where(comp, np.maximum(_round_to(saturday + rng.choice([0, 15], (n, n_days)), 15),
                                    120), dur)
    rpe = np.where(comp, np.clip(plan.rpe[:, 5:6] + 1, 6, 8), rpe)
    # routines, warm-up and touches: about the extension work of a Saturday session
    reps = np.where(comp, plan.reps[:, 5:6] * progress * rep_noise, reps)

    status = np.full((n, n_days), "", dtype=object)
    start = np.where(dow == 5, prof["saturday_time"].to_numpy()[:, None],
                     np.where(dow == 6, "10:00", prof["weekday_time"].to_numpy()[:, None]))
    start = np.where(comp, np.where(prof["level"].to_numpy()[:, None] == 4, "09:00", "13:30"),
                     start).astype(object)

    # --- planted scenarios (a handful of athletes, vectorised over their days)
    assert train[row["GYM-01"], 0], "the log starts on its first day"
    for athlete, first in p.JOINERS.items():
        a, j = row[athlete], _day(first)
        train[a, :j] = False
        assert train[a, j], athlete

    a = row[p.NOT_RECORDED]
    lo, hi = (_day(d) for d in p.NOT_RECORDED_SPAN)
    train[a, lo:hi + 1] = False
    status[a, lo:hi + 1] = NOT_RECORDED

    a = row[p.INJURY]
    lo, hi = (_day(d) for d in p.INJURY_SPAN)
    train[a, lo:hi + 1] = False
    status[a, lo:hi + 1] = INJURED
    back = slice(hi + 1, hi + 29)  # graded return over 4 weeks
    ramp = np.repeat([0.55, 0.7, 0.85, 0.95], 7)
    dur[a, back] = np.clip(_round_to(dur[a, back] * ramp, 5), 60, 210)
    rpe[a, back] = np.clip(rpe[a, back] - (ramp < 0.8), 3, 8)
    reps[a, back] = reps[a, back] * ramp

    a = row[p.LOGGING_GAP]
    lo, hi = (_day(d) for d in p.LOGGING_GAP_SPAN)
    train[a, lo:hi + 1] = False
    edges = np.array([lo - 1, hi + 1])
    fill(a, edges[~train[a, edges]])

    # seven days a week: the rest days get shorter, easier sessions
    a = row[p.SEVEN_DAYS]
    lo, hi = (_day(d) for d in p.SEVEN_DAYS_SPAN)
    days = np.arange(lo, hi + 1)
    fill(a, days[~train[a, days]], scale=0.7, easier=1.0)

    # spikes: RPE up by one and longer sessions; the extension-spike athlete also gets an
    # extra session on a free weekday (for the others the extra minutes are conditioning and
    # add no extension reps)
    load = np.where(train, dur * rpe, 0.0)
    for athlete, mondays in p.SPIKES.items():
        a = row[athlete]
        weeks = [_day(m) // 7 for m in mondays]
        weekly = np.bincount(week, weights=load[a], minlength=CLUB_WEEKS)
        before = weekly[weeks[0] - 4:weeks[0]].mean()
        for w in weeks:
            days = np.flatnonzero(week == w)
            if athlete == p.SPIKE_EXTENSION:
                free = days[~train[a, days] & (dow[days] < 5)]
                fill(a, free[:1])
            rpe[a, days] = np.clip(rpe[a, days] + 1, 3, 8.5)
            target = rng.uniform(*p.SPIKE_RANGE) * before
            current = np.sum(np.where(train[a, days], dur[a, days] * rpe[a, days], 0.0))
            dur[a, days] = np.clip(_round_to(dur[a, days] * target / current, 5), 90, 240)

    reps = np.clip(np.round(reps), 20, 180)
    a = row[p.SPIKE_EXTENSION]
    weeks = [_day(m) // 7 for m in p.SPIKES[p.SPIKE_EXTENSION]]
    weekly_reps = np.bincount(week, weights=np.where(train[a], reps[a], 0.0), minlength=CLUB_WEEKS)
    before = weekly_reps[weeks[0] - 4:weeks[0]].mean()
    for w in weeks:
        days = week == w
        current = np.sum(np.where(train[a, days], reps[a, days], 0.0))
        target = rng.uniform(*p.SPIKE_RANGE) * before
        reps[a, days] = np.clip(np.round(reps[a, days] * target / current), 20, 260)

    # clinician plan: from the return the coach keeps every 7 days within the weekly cap on
    # extension reps (the athlete's reps scaled so the busiest 7 days reach 90 % of it),
    # except one planted session that takes the 7 days to it 30 reps over the cap
    a = row[p.PLAN]
    lo, over = _day(p.PLAN_CAP_SPAN[0]), _day(p.PLAN_EXCEEDED_ON)
    cap = p.PLAN_CAP_REPS
    assert train[a, over], "the planted session is a planned one"
    done = np.where(train[a, lo:], reps[a, lo:], 0.0)
    busiest = np.convolve(done, np.ones(7))[: n_days - lo].max()
    reps[a, lo:] = np.clip(np.round(reps[a, lo:] * 0.9 * cap / busiest), 20, 180)
    before = np.sum(np.where(train[a, over - 6:over], reps[a, over - 6:over], 0.0))
    reps[a, over] = cap + 30 - before

    rpe_out = rpe.astype(float)
    a = row[p.BLANK_RPE]
    early = np.flatnonzero(train[a] & (day < _day("2026-09-01")) & ~comp[a])
    rpe_out[a, rng.choice(early, p.BLANK_RPE_ROWS, replace=False)] = np.nan

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
    a = row[p.DOUBLE_SESSIONS]
    candidates = np.flatnonzero(train[a] & ~comp[a] & (dow < 5) & (week >= 14) & (week < 23))
    picked = np.sort(rng.choice(candidates, p.DOUBLE_SESSION_DAYS, replace=False))
    k = len(picked)
    doubles = pd.DataFrame({
        Col.ATHLETE: p.DOUBLE_SESSIONS,
        Col.DATE: (CLUB_START + pd.to_timedelta(picked, unit="D")).strftime("%Y-%m-%d"),
        Col.SPORT: GYMNASTICS,
        Col.START_TIME: "07:00",
        Col.DURATION: rng.choice([75.0, 90.0], k),
        Col.RPE: rng.choice([4.0, 5.0], k),
        Col.SESSION_TYPE: TRAINING,
        Col.DAY_STATUS: "",
        Col.EXT_REPS: np.clip(np.round(typical["reps"][a] * rng.uniform(0.4, 0.6, k)), 20, 180),
    })
    frame = pd.concat([frame, doubles], ignore_index=True)
    frame = frame.sort_values([Col.ATHLETE, Col.DATE, Col.START_TIME], kind="stable")
    frame[Col.DURATION] = frame[Col.DURATION].astype("Int64")
    frame[Col.EXT_REPS] = frame[Col.EXT_REPS].astype("Int64")
    return frame.loc[:, list(SESSION_HEADERS)].reset_index(drop=True)


def club_roster(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Athlete profiles of the gymnastics club, one row per athlete (spec §1.3).

    Columns: :data:`ROSTER_HEADERS`; birth dates ISO, sex F/M, prior lumbar bone stress
    injury yes/no, free play in hours per week (blank when not reported), role blank. Free
    play is 60-110 % of the athlete's planned organised hours, at most 10 h (so organised :
    free play stays below 2 : 1), except for the planted high-volume gymnast.
    """
    p = Planted
    plan = _club_plan(seed)
    prof = plan.prof
    rng = _rng(seed, "roster")
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
    prof = _club_plan(seed).prof
    rng = _rng(seed, "growth")
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
    green = CLUB_SIZE - len(LATEST_LEVELS)
    latest = "\n".join(["| athlete | level | first reason |", "| --- | --- | --- |"] + [
        f"| {athlete} | {level.replace('_', ' ')} | {why} |"
        for athlete, (level, why) in LATEST_LEVELS.items()])
    return f"""# loadwatch sample data

Made-up logs for demos, documentation and tests. No row describes a real athlete; the ids
are pseudonymous. Every file here is written by `loadwatch.synthetic.club.write_samples` (seed
{seed}), and a test regenerates them and compares the bytes: change the code, not the files.

Regenerate:

```
loadwatch sample --out data/samples --seed {seed}
```

(`python -m loadwatch.synthetic.club --out data/samples --seed {seed}` does the same.)

## `{SESSIONS_FILE}`

Session log of a youth gymnastics club, one row per session, Monday {CLUB_START:%Y-%m-%d} to
Sunday {CLUB_END:%Y-%m-%d} (26 weeks). Athletes: {sessions[Col.ATHLETE].nunique()}, aged 10-17.
Rows: {len(sessions)}.

Rest days are **absent rows**: inside an athlete's coverage (from their first row to the end
of the file) a day without a row is a rest day. Each gymnast trains to a personal weekly
template: 3-5 fixed weekdays after school plus Saturday morning (so at least two rest days),
with planned minutes (90-210), CR-10 RPE (3-8) and extension reps per weekday. Sessions vary
a little around the plan (about ± 5 % minutes, RPE ± 0.5 now and then, ± 8 % reps). The
plan builds up gently (0.2-0.5 % a week) to the full template, reached on {Planted.PLAN_REACHED}.
Organised hours stay below age (except the planted high-volume gymnast), level 3-4 gymnasts
enter a few Saturday competitions, and now and then a session is missed (none from
{Planted.NO_MISSED_FROM} on).

{_table(_SESSION_DOC)}

## `{ROSTER_FILE}`

One row per gymnast ({len(roster)} rows).

{_table(_ROSTER_DOC)}

## `{GROWTH_FILE}`

Measurements every 15 weeks ({len(growth)} rows), taken on the Monday to Wednesday of the
club's measurement weeks: {measured}. Joiners bring their previous club's last measurement
(15 weeks before joining), are measured on their first day, and then on the next club day at
least 100 days later. Consecutive measurements are therefore always 100 or more days apart, so
the growth window (rule M1) uses measured growth velocity (spec §7.4 needs 90 days), not the
maturity-offset estimate. Only the planted growth-spurt gymnasts grow 7.2 cm/year or more.

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

The other athletes train steadily to their weekly template (now and then a missed session, a
competition), so their acute:chronic ratios mostly stay between 0.8 and 1.3.

{scenarios}

## The latest week

`loadwatch flags` on the club with all side tables shows, for {LATEST_WEEK} (the last week of
the log):

```
loadwatch flags data/samples/{SESSIONS_FILE} \\
    --roster data/samples/{ROSTER_FILE} --growth data/samples/{GROWTH_FILE} \\
    --symptoms data/samples/{SYMPTOMS_FILE} --plans data/samples/{PLANS_FILE}
```

{latest}

The other {green} gymnasts are green, some with info notes (a growth spurt or a previous
lumbar bone stress injury with steady load, strain at the top of the athlete's own range).
Earlier weeks are mostly green as well; their flags come from the planted scenarios (spikes,
the return from injury, the logging gap, double sessions) and from the 7 days after a missed
session, when the 7-day load and extension reps both rise by more than 15 %.
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
    """``python -m loadwatch.synthetic.club --out DIR --seed N``."""
    parser = argparse.ArgumentParser(description="Write loadwatch's sample logs.")
    parser.add_argument("--out", default="data/samples", help="output folder")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    args = parser.parse_args(argv)
    for path in write_samples(args.out, args.seed):
        print(f"{path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
