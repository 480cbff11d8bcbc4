"""The sample club's gymnasts: traits and weekly templates, plus the shared random streams.

One :class:`ClubPlan` per seed feeds the roster, the session log and the growth table, so an
athlete's age, level and training days agree across files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from loadwatch.synthetic.club_files import CLUB_END, CLUB_SIZE, CLUB_START
from loadwatch.synthetic.club_scenarios import Planted

_STREAMS: Final = ("profiles", "sessions", "roster", "growth", "football")
DAYS_PER_YEAR: Final = 365.25


def stream_rng(seed: int, stream: str) -> np.random.Generator:
    """Independent generator per builder, spawned from one seed (so builders can change alone)."""
    children = np.random.SeedSequence(seed).spawn(len(_STREAMS))
    return np.random.default_rng(children[_STREAMS.index(stream)])


def round_to(x: np.ndarray, step: float) -> np.ndarray:
    """Round to the nearest multiple of ``step`` (5 minutes, half an hour...)."""
    return np.round(np.asarray(x, dtype=float) / step) * step


def day_index(date: str) -> int:
    """Index of a date in the club calendar (0 = CLUB_START)."""
    return (pd.Timestamp(date) - CLUB_START).days


def club_ids() -> np.ndarray:
    """The gymnasts' pseudonymous ids, ``GYM-01`` to ``GYM-20``."""
    return np.array([f"GYM-{i:02d}" for i in range(1, CLUB_SIZE + 1)])


@dataclass(frozen=True)
class ClubPlan:
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


def club_plan(seed: int) -> ClubPlan:
    """Per-athlete traits (age, sex, level, birth date) and the weekly training template."""
    p = Planted
    rng = stream_rng(seed, "profiles")
    ids = club_ids()
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
    minutes = np.where(on, np.clip(round_to(hours[:, None] * 60 * share, 15), 90, longest), 0.0)
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
    return ClubPlan(prof, minutes, rpe, reps)

