"""The sample club's session log (spec §1.1): the weekly template, everyday noise, the plants.

:func:`club_sessions` runs the steps below in a fixed order on one :class:`_Days` (athlete ×
day arrays changed in place); each step draws from the ``sessions`` random stream in turn, so
reordering them changes the bytes of ``data/samples``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from loadwatch.schema import Col
from loadwatch.synthetic.club_files import (
    CLUB_DAYS,
    CLUB_START,
    CLUB_WEEKS,
    COMPETITION,
    COMPETITION_DAYS,
    DEFAULT_SEED,
    GYMNASTICS,
    INJURED,
    NOT_RECORDED,
    SESSION_HEADERS,
    TRAINING,
)
from loadwatch.synthetic.club_plan import ClubPlan, club_plan, day_index, round_to, stream_rng
from loadwatch.synthetic.club_scenarios import Planted

#: Club calendar: day index, weekday (CLUB_START is a Monday, so 0 = Monday) and week index.
_DAY: Final = np.arange(CLUB_DAYS)
_DOW: Final = _DAY % 7
_WEEK: Final = _DAY // 7


@dataclass
class _Days:
    """The club's (athlete, day) arrays while the steps below plant scenarios into them."""

    ids: np.ndarray
    row: dict[str, int]
    progress: np.ndarray  # share of the full template reached, per athlete and day
    train: np.ndarray  # a session that day
    dur: np.ndarray  # minutes
    rpe: np.ndarray  # CR-10
    reps: np.ndarray  # extension reps
    rep_noise: np.ndarray
    typical: dict[str, np.ndarray]  # per athlete: typical minutes, RPE and reps
    status: np.ndarray  # "" or a day status (injured, not recorded)
    comp: np.ndarray  # a competition that day
    start: np.ndarray  # start time HH:MM

    def fill(self, a: int, days: np.ndarray, scale: float = 1.0, easier: float = 0.0) -> None:
        """An unplanned session on these days, at the athlete's typical values × scale."""
        self.dur[a, days] = np.clip(
            round_to(self.typical["dur"][a] * scale * self.progress[a, days], 5), 90, 210)
        self.rpe[a, days] = self.typical["rpe"][a] - easier
        self.reps[a, days] = self.typical["reps"][a] * scale * self.progress[a, days]
        self.train[a, days] = True


def club_sessions(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Session log of the gymnastics club, one row per session (spec §1.1).

    26 weeks, Monday 2026-05-25 to Sunday 2026-11-22. Each gymnast follows a weekly template
    (fixed weekdays, planned minutes, RPE and extension reps per weekday) with small
    session-to-session noise and a gentle progression. Rest days are absent rows; ``injured``
    rows carry 0 minutes, 0 RPE and 0 reps (real zero load), ``not recorded`` rows carry
    blanks (missing). Columns: :data:`SESSION_HEADERS` (duration in minutes, RPE on CR-10,
    extension reps as a count).
    """
    plan = club_plan(seed)
    rng = stream_rng(seed, "sessions")
    days = _template(plan, rng)
    _miss_sessions(days, rng)
    _competitions(days, plan, rng)
    _joiners(days)
    _absences(days)
    _extra_days(days)
    _load_spikes(days, rng)
    days.reps = np.clip(np.round(days.reps), 20, 180)
    _extension_spike(days, rng)
    _plan_cap(days)
    rpe_out = _blank_rpe(days, rng)
    frame = pd.concat([_long_format(days, rpe_out), _double_sessions(days, rng)],
                      ignore_index=True)
    frame = frame.sort_values([Col.ATHLETE, Col.DATE, Col.START_TIME], kind="stable")
    frame[Col.DURATION] = frame[Col.DURATION].astype("Int64")
    frame[Col.EXT_REPS] = frame[Col.EXT_REPS].astype("Int64")
    return frame.loc[:, list(SESSION_HEADERS)].reset_index(drop=True)


def _template(plan: ClubPlan, rng: np.random.Generator) -> _Days:
    """The template, progressed and with small noise (±5 % minutes, RPE ±0.5 now and then)."""
    prof = plan.prof
    ids = prof["athlete"].to_numpy()
    n = len(ids)
    weeks_to_plan = np.maximum(day_index(Planted.PLAN_REACHED) // 7 - _WEEK, 0)
    progress = 1 - prof["progression"].to_numpy()[:, None] * weeks_to_plan
    wobble = 1 + np.clip(rng.normal(0, 0.025, (n, CLUB_DAYS)), -0.05, 0.05)
    dur = round_to(plan.minutes[:, _DOW] * progress * wobble, 5)
    nudge = rng.choice([-0.5, 0.0, 0.5], (n, CLUB_DAYS), p=[0.08, 0.84, 0.08])
    rep_noise = 1 + np.clip(rng.normal(0, 0.04, (n, CLUB_DAYS)), -0.08, 0.08)
    return _Days(
        ids=ids, row={athlete: i for i, athlete in enumerate(ids)}, progress=progress,
        train=plan.on[:, _DOW], dur=dur, rpe=np.clip(plan.rpe[:, _DOW] + nudge, 3, 8),
        reps=plan.reps[:, _DOW] * progress * rep_noise, rep_noise=rep_noise,
        typical={"dur": plan.typical(plan.minutes), "rpe": np.round(plan.typical(plan.rpe)),
                 "reps": plan.typical(plan.reps)},
        status=np.full((n, CLUB_DAYS), "", dtype=object),
        comp=np.zeros((n, CLUB_DAYS), dtype=bool),
        start=np.full((n, CLUB_DAYS), "", dtype=object),
    )


def _miss_sessions(days: _Days, rng: np.random.Generator) -> None:
    """Now and then a missed session: at most one a week, never two weeks running, none from
    :attr:`Planted.NO_MISSED_FROM` on and none in an athlete's first week."""
    n = len(days.ids)
    skip_week = rng.random((n, CLUB_WEEKS)) < 0.05
    skip_week[:, 1:] &= ~skip_week[:, :-1]
    skip_week[:, day_index(Planted.NO_MISSED_FROM) // 7:] = False
    skip_week[days.row["GYM-01"], 0] = False  # the log starts with its first session
    for athlete, first in Planted.JOINERS.items():
        skip_week[days.row[athlete], : day_index(first) // 7 + 1] = False
    pick = rng.random((n, CLUB_WEEKS))
    for a, w in zip(*np.nonzero(skip_week), strict=True):
        planned = np.flatnonzero(days.train[a, w * 7:(w + 1) * 7])
        days.train[a, w * 7 + planned[int(pick[a, w] * len(planned))]] = False


def _competitions(days: _Days, plan: ClubPlan, rng: np.random.Generator) -> None:
    """Competitions replace the Saturday session; then every day gets its start time."""
    prof = plan.prof
    n = len(days.ids)
    comp_days = [day_index(d) for d in COMPETITION_DAYS]
    level = prof["level"].to_numpy()[:, None]
    enters = (level >= 3) & (rng.random((n, len(comp_days))) < 0.85)
    comp = days.comp
    comp[:, comp_days] = enters
    days.train |= comp
    # a long day, mostly warm-up and waiting: about the Saturday minutes, RPE one point up
    saturday = plan.minutes[:, 5:6] * days.progress
    days.dur = np.where(
        comp, np.maximum(round_to(saturday + rng.choice([0, 15], (n, CLUB_DAYS)), 15), 120),
        days.dur)
    days.rpe = np.where(comp, np.clip(plan.rpe[:, 5:6] + 1, 6, 8), days.rpe)
    # routines, warm-up and touches: about the extension work of a Saturday session
    days.reps = np.where(comp, plan.reps[:, 5:6] * days.progress * days.rep_noise, days.reps)
    start = np.where(_DOW == 5, prof["saturday_time"].to_numpy()[:, None],
                     np.where(_DOW == 6, "10:00", prof["weekday_time"].to_numpy()[:, None]))
    days.start = np.where(comp, np.where(level == 4, "09:00", "13:30"), start).astype(object)


def _joiners(days: _Days) -> None:
    """The log starts on its first day; joiners have no sessions before their first one."""
    assert days.train[days.row["GYM-01"], 0], "the log starts on its first day"
    for athlete, first in Planted.JOINERS.items():
        a, j = days.row[athlete], day_index(first)
        days.train[a, :j] = False
        assert days.train[a, j], athlete


def _absences(days: _Days) -> None:
    """A holiday camp of ``not recorded`` rows; an injury break, then a graded return."""
    p = Planted
    a = days.row[p.NOT_RECORDED]
    lo, hi = (day_index(d) for d in p.NOT_RECORDED_SPAN)
    days.train[a, lo:hi + 1] = False
    days.status[a, lo:hi + 1] = NOT_RECORDED

    a = days.row[p.INJURY]
    lo, hi = (day_index(d) for d in p.INJURY_SPAN)
    days.train[a, lo:hi + 1] = False
    days.status[a, lo:hi + 1] = INJURED
    back = slice(hi + 1, hi + 29)  # graded return over 4 weeks
    ramp = np.repeat([0.55, 0.7, 0.85, 0.95], 7)
    days.dur[a, back] = np.clip(round_to(days.dur[a, back] * ramp, 5), 60, 210)
    days.rpe[a, back] = np.clip(days.rpe[a, back] - (ramp < 0.8), 3, 8)
    days.reps[a, back] = days.reps[a, back] * ramp


def _extra_days(days: _Days) -> None:
    """A logging gap framed by sessions; seven days a week (shorter, easier extra sessions)."""
    p = Planted
    a = days.row[p.LOGGING_GAP]
    lo, hi = (day_index(d) for d in p.LOGGING_GAP_SPAN)
    days.train[a, lo:hi + 1] = False
    edges = np.array([lo - 1, hi + 1])
    days.fill(a, edges[~days.train[a, edges]])

    a = days.row[p.SEVEN_DAYS]
    lo, hi = (day_index(d) for d in p.SEVEN_DAYS_SPAN)
    span = np.arange(lo, hi + 1)
    days.fill(a, span[~days.train[a, span]], scale=0.7, easier=1.0)


def _load_spikes(days: _Days, rng: np.random.Generator) -> None:
    """Spikes: RPE up by one and longer sessions, to a weekly load 50-70 % above the 4 weeks
    before; the extension-spike athlete also gets an extra session on a free weekday (for the
    others the extra minutes are conditioning and add no extension reps)."""
    p = Planted
    load = np.where(days.train, days.dur * days.rpe, 0.0)
    for athlete, mondays in p.SPIKES.items():
        a = days.row[athlete]
        weeks = [day_index(m) // 7 for m in mondays]
        weekly = np.bincount(_WEEK, weights=load[a], minlength=CLUB_WEEKS)
        before = weekly[weeks[0] - 4:weeks[0]].mean()
        for w in weeks:
            span = np.flatnonzero(_WEEK == w)
            if athlete == p.SPIKE_EXTENSION:
                free = span[~days.train[a, span] & (_DOW[span] < 5)]
                days.fill(a, free[:1])
            days.rpe[a, span] = np.clip(days.rpe[a, span] + 1, 3, 8.5)
            target = rng.uniform(*p.SPIKE_RANGE) * before
            current = np.sum(np.where(days.train[a, span],
                                      days.dur[a, span] * days.rpe[a, span], 0.0))
            days.dur[a, span] = np.clip(round_to(days.dur[a, span] * target / current, 5),
                                        90, 240)


def _extension_spike(days: _Days, rng: np.random.Generator) -> None:
    """The extension-spike athlete's weekly reps 50-70 % above the 4 weeks before."""
    p = Planted
    a = days.row[p.SPIKE_EXTENSION]
    weeks = [day_index(m) // 7 for m in p.SPIKES[p.SPIKE_EXTENSION]]
    done = np.where(days.train[a], days.reps[a], 0.0)
    before = np.bincount(_WEEK, weights=done, minlength=CLUB_WEEKS)[weeks[0] - 4:weeks[0]].mean()
    for w in weeks:
        span = _WEEK == w
        current = np.sum(np.where(days.train[a, span], days.reps[a, span], 0.0))
        target = rng.uniform(*p.SPIKE_RANGE) * before
        days.reps[a, span] = np.clip(np.round(days.reps[a, span] * target / current), 20, 260)


def _plan_cap(days: _Days) -> None:
    """Clinician plan: from the return the coach keeps every 7 days within the weekly cap on
    extension reps (the athlete's reps scaled so the busiest 7 days reach 90 % of it), except
    one planted session that takes the 7 days to it 30 reps over the cap."""
    p = Planted
    a = days.row[p.PLAN]
    lo, over = day_index(p.PLAN_CAP_SPAN[0]), day_index(p.PLAN_EXCEEDED_ON)
    cap = p.PLAN_CAP_REPS
    train, reps = days.train, days.reps
    assert train[a, over], "the planted session is a planned one"
    done = np.where(train[a, lo:], reps[a, lo:], 0.0)
    busiest = np.convolve(done, np.ones(7))[: CLUB_DAYS - lo].max()
    reps[a, lo:] = np.clip(np.round(reps[a, lo:] * 0.9 * cap / busiest), 20, 180)
    before = np.sum(np.where(train[a, over - 6:over], reps[a, over - 6:over], 0.0))
    reps[a, over] = cap + 30 - before


def _blank_rpe(days: _Days, rng: np.random.Generator) -> np.ndarray:
    """RPE as written: blank on a few early training sessions of the planted athlete."""
    rpe_out = days.rpe.astype(float)
    a = days.row[Planted.BLANK_RPE]
    early = np.flatnonzero(days.train[a] & (_DAY < day_index("2026-09-01")) & ~days.comp[a])
    rpe_out[a, rng.choice(early, Planted.BLANK_RPE_ROWS, replace=False)] = np.nan
    return rpe_out


def _long_format(days: _Days, rpe_out: np.ndarray) -> pd.DataFrame:
    """One row per session or status day (injured: zeros; not recorded: blanks)."""
    athlete_i, day_i = np.nonzero(days.train | (days.status != ""))
    trained = days.train[athlete_i, day_i]
    injured = days.status[athlete_i, day_i] == INJURED
    zero_or_blank = np.where(injured, 0.0, np.nan)
    kind = np.where(days.comp[athlete_i, day_i], COMPETITION, TRAINING)
    return pd.DataFrame({
        Col.ATHLETE: days.ids[athlete_i],
        Col.DATE: (CLUB_START + pd.to_timedelta(day_i, unit="D")).strftime("%Y-%m-%d"),
        Col.SPORT: GYMNASTICS,
        Col.START_TIME: np.where(trained, days.start[athlete_i, day_i], ""),
        Col.DURATION: np.where(trained, days.dur[athlete_i, day_i], zero_or_blank),
        Col.RPE: np.where(trained, rpe_out[athlete_i, day_i], zero_or_blank),
        Col.SESSION_TYPE: np.where(trained, kind, ""),
        Col.DAY_STATUS: days.status[athlete_i, day_i],
        Col.EXT_REPS: np.where(trained, days.reps[athlete_i, day_i], zero_or_blank),
    })


def _double_sessions(days: _Days, rng: np.random.Generator) -> pd.DataFrame:
    """A 07:00 conditioning session on a few weekdays that already have a session."""
    p = Planted
    a = days.row[p.DOUBLE_SESSIONS]
    candidates = np.flatnonzero(days.train[a] & ~days.comp[a] & (_DOW < 5)
                                & (_WEEK >= 14) & (_WEEK < 23))
    picked = np.sort(rng.choice(candidates, p.DOUBLE_SESSION_DAYS, replace=False))
    k = len(picked)
    return pd.DataFrame({
        Col.ATHLETE: p.DOUBLE_SESSIONS,
        Col.DATE: (CLUB_START + pd.to_timedelta(picked, unit="D")).strftime("%Y-%m-%d"),
        Col.SPORT: GYMNASTICS,
        Col.START_TIME: "07:00",
        Col.DURATION: rng.choice([75.0, 90.0], k),
        Col.RPE: rng.choice([4.0, 5.0], k),
        Col.SESSION_TYPE: TRAINING,
        Col.DAY_STATUS: "",
        Col.EXT_REPS: np.clip(np.round(days.typical["reps"][a] * rng.uniform(0.4, 0.6, k)),
                              20, 180),
    })
