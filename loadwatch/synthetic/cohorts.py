"""Known-truth cohorts: simulated youth squads whose injury hazard we chose (issue #8, part 6).

A model can only be trusted to find an effect if it finds one we planted, and to find nothing
where there is nothing. :func:`simulate_cohort` writes what a club would upload — a session log
(canonical columns, extension reps included), a roster with birth dates and an injury log —
for athletes whose daily injury hazard is known exactly:

- ``null``: constant hazard, ``h = base`` per athlete-day at risk. Nothing in the training log
  predicts injury; an honest model must come out no better than chance.
- ``planted``: ``h(d) = base × exp(β_spike · spike(d) + β_ext · (ext_ratio(d) − 1))`` with

  - ``spike(d)`` = week-to-week change of sRPE load as a fraction, from the 7 days ending the
    day before d against the 7 days before those: ``S7(d−1) / S7(d−8) − 1`` (0.5 = +50 %),
    clipped to [−1, 1.5]; 0 in the athlete's first 14 days and when the earlier week is 0;
  - ``ext_ratio(d)`` = the extension-reps acute:chronic ratio (7-day mean over the 28-day mean,
    coupled, as loadwatch's RAC) of the days up to d−1, clipped to [0, 2.5]; 1 in the athlete's
    first 28 days and when the 28-day mean is 0.

  Defaults: ``β_spike`` = 1.0 (a +50 % week multiplies the hazard by e^0.5 ≈ 1.65),
  ``β_ext`` = 1.5 (an extension ratio of 1.4 multiplies it by e^0.6 ≈ 1.8). ``base`` = 0.002
  per day for planted cohorts and 0.003 for null ones: the planted multiplier averages about
  1.6 over simulated athlete-days, so both give about one injury per athlete-year (roughly 3–4
  injuries per 1,000 h, as in youth sport cohorts). The probability of an onset on day d is
  ``1 − exp(−h(d))``.

The hazard reads the athlete's *true* loads, including weeks the log marks "not recorded" (the
training happened; only the record is missing) and the zero loads of injured days: an injury
stops training from its onset to the day before the return date, and the return itself changes
later spikes and ratios, exactly as the formula says. Injuries are drawn in rounds — each
round adds every athlete's next injury given all earlier ones, with one fixed uniform number per
athlete-day — which reproduces the day-by-day process without a loop over days.

Training follows a youth club's rhythm: a fixed weekly template of 3–6 sessions (Monday to
Saturday; Sunday off), 60–140 min at CR-10 RPE about 3.5–6, weekly variation with occasional
spike and deload weeks, one or two 1–2-week breaks a year, some Saturday competitions, now and
then a missed session, about 1.5 % of weeks not recorded, and a fifth of the squad joining
later in the first half. Every value is made up; ids are pseudonymous ("SIM-001").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

import numpy as np
import pandas as pd
from scipy.signal import lfilter

from loadwatch.errors import LogError
from loadwatch.ingest.injuries import BODY_REGIONS, InjuryCol
from loadwatch.safety import csv_text
from loadwatch.schema import Col, RosterCol

HazardKind = Literal["null", "planted"]

BASE_HAZARD: Final = {"null": 0.003, "planted": 0.002}
BETA_SPIKE: Final = 1.0
BETA_EXT: Final = 1.5
SPIKE_CLIP: Final = (-1.0, 1.5)
EXT_RATIO_CLIP: Final = (0.0, 2.5)
DEFAULT_START: Final = "2025-08-04"  # a Monday

SPORTS: Final = ("gymnastics", "dance", "volleyball", "diving", "football", "tennis")
SPORT_SHARE: Final = (0.30, 0.20, 0.15, 0.10, 0.15, 0.10)
#: Extension-loading elements per training minute (back walkovers, arches, spikes, serves, …).
EXT_PER_MINUTE: Final = (0.8, 0.6, 0.4, 0.7, 0.05, 0.3)
#: Share of injuries by body region (order of BODY_REGIONS); lumbar spine 12 %.
REGION_SHARE: Final = (0.03, 0.01, 0.07, 0.01, 0.03, 0.01, 0.05, 0.04, 0.01, 0.02, 0.12, 0.01,
                       0.06, 0.09, 0.14, 0.07, 0.16, 0.06, 0.01)

SESSIONS_FILE: Final = "sessions.csv"
ROSTER_FILE: Final = "roster.csv"
INJURIES_FILE: Final = "injuries.csv"
TRUTH_FILE: Final = "truth.json"

_NOT_RECORDED: Final = "not recorded"
_INJURED: Final = "injured"


@dataclass(frozen=True)
class Hazard:
    """The daily injury hazard of a simulated cohort (see the module docstring)."""

    kind: HazardKind = "planted"
    base: float = BASE_HAZARD["planted"]
    beta_spike: float = BETA_SPIKE
    beta_ext: float = BETA_EXT

    def __post_init__(self) -> None:
        if self.kind not in ("null", "planted"):
            raise LogError(f"hazard must be 'null' or 'planted', not '{self.kind}'")
        if not (0 < self.base < 1):
            raise LogError(f"the base hazard must be a daily probability in (0, 1), not "
                           f"{self.base}")

    def formula(self) -> str:
        """The hazard in words and numbers."""
        if self.kind == "null":
            return f"h = {self.base:g} per athlete-day (constant: nothing predicts injury)"
        return (f"h(d) = {self.base:g} × exp({self.beta_spike:g} × spike(d) + "
                f"{self.beta_ext:g} × (ext_ratio(d) − 1))")


@dataclass
class Cohort:
    """A simulated squad: the three uploads, the truth, and the hazard actually applied."""

    sessions: pd.DataFrame
    roster: pd.DataFrame
    injuries: pd.DataFrame
    truth: dict[str, object]
    hazard: np.ndarray = field(repr=False)  # athletes × days; NaN where not at risk

    def csv(self, table: str) -> bytes:
        """One of 'sessions', 'roster', 'injuries' as CSV bytes (what the files contain)."""
        frame = {"sessions": self.sessions, "roster": self.roster,
                 "injuries": self.injuries}[table]
        return csv_text(frame).encode()

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write sessions.csv, roster.csv, injuries.csv and truth.json into `out_dir`."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, table in (("sessions", SESSIONS_FILE), ("roster", ROSTER_FILE),
                            ("injuries", INJURIES_FILE)):
            path = out / table
            path.write_bytes(self.csv(name))
            paths.append(path)
        truth = out / TRUTH_FILE
        truth.write_text(json.dumps(self.truth, indent=2, ensure_ascii=False) + "\n")
        paths.append(truth)
        return paths


@dataclass
class _Plan:
    """What every athlete would do if never injured (athletes × days arrays)."""

    session: np.ndarray
    competition: np.ndarray
    duration: np.ndarray
    rpe: np.ndarray
    ext: np.ndarray
    unrecorded: np.ndarray
    join: np.ndarray
    sport: np.ndarray
    birth: np.ndarray
    sex: np.ndarray

    @property
    def load(self) -> np.ndarray:
        """Planned sRPE load (AU) per athlete-day."""
        return np.where(self.session, self.duration * self.rpe, 0.0)


def _ar1(rng: np.random.Generator, shape: tuple[int, int], sd: float, phi: float) -> np.ndarray:
    """AR(1) noise along weeks (axis 1), vectorised with a linear filter."""
    return lfilter([1.0], [1.0, -phi], rng.normal(0.0, sd, shape), axis=1)


def _plan(rng: np.random.Generator, n_athletes: int, n_days: int, start: np.datetime64) -> _Plan:
    a, d = n_athletes, n_days
    n_weeks = -(-d // 7)
    days = np.arange(d)
    week, weekday = days // 7, days % 7
    sport = rng.choice(len(SPORTS), size=a, p=SPORT_SHARE)
    age = rng.uniform(11.0, 18.0, a)
    birth = start - np.round(age * 365.25).astype("timedelta64[D]")
    sex = rng.choice(np.array(["F", "M"]), size=a)
    n_sessions = rng.integers(3, 7, a)
    rank = rng.random((a, 6)).argsort(axis=1).argsort(axis=1)
    template = np.zeros((a, 7), dtype=bool)
    template[:, :6] = rank < n_sessions[:, None]
    base_duration = rng.uniform(60, 110, a) + 10 * (n_sessions - 3)
    base_rpe = rng.uniform(3.5, 6.0, a)
    ext_rate = np.asarray(EXT_PER_MINUTE)[sport] * rng.lognormal(0.0, 0.3, a)
    late = rng.random(a) < 0.2
    join = np.where(late, 7 * rng.integers(0, max(1, d // 14), a), 0)

    log_m = _ar1(rng, (a, n_weeks), 0.10, 0.5)
    spike = rng.random((a, n_weeks)) < 0.08
    log_m += np.where(spike, np.log(rng.uniform(1.35, 1.9, (a, n_weeks))), 0.0)
    deload = ~spike & (rng.random((a, n_weeks)) < 0.06)
    log_m += np.where(deload, np.log(rng.uniform(0.45, 0.7, (a, n_weeks))), 0.0)
    n_breaks = max(1, round(n_weeks / 26))
    b_start = rng.integers(0, n_weeks, (a, n_breaks))
    b_len = rng.integers(1, 3, (a, n_breaks))
    weeks = np.arange(n_weeks)
    inside = (weeks >= b_start[..., None]) & (weeks < (b_start + b_len)[..., None])
    on_break = np.asarray(np.any(inside, axis=1), dtype=bool)
    ext_spike = rng.random((a, n_weeks)) < 0.08
    log_e = 0.5 * log_m + _ar1(rng, (a, n_weeks), 0.10, 0.5) + np.where(
        ext_spike, np.log(rng.uniform(1.4, 2.2, (a, n_weeks))), 0.0)

    m = np.exp(log_m)[:, week]
    session = (template[:, weekday] & (days >= join[:, None]) & ~on_break[:, week]
               & (rng.random((a, d)) >= 0.07))
    competition = session & (weekday == 5) & (rng.random((a, d)) < 0.15)
    duration = base_duration[:, None] * m**0.6 * rng.lognormal(0.0, 0.15, (a, d))
    duration = np.clip(np.round(np.where(competition, 1.2 * duration, duration) / 5) * 5, 20, 240)
    rpe = base_rpe[:, None] * m**0.4 + rng.normal(0.0, 0.7, (a, d)) + np.where(competition, 1.5,
                                                                                0.0)
    rpe = np.clip(np.round(rpe), 1, 10)
    ext = np.round(ext_rate[:, None] * base_duration[:, None] * np.exp(log_e)[:, week]
                   * rng.lognormal(0.0, 0.25, (a, d)))
    unrecorded = (rng.random((a, n_weeks)) < 0.015)[:, week] & (days >= join[:, None])
    return _Plan(session=session, competition=competition, duration=duration, rpe=rpe,
                 ext=np.where(session, ext, 0.0), unrecorded=unrecorded, join=join,
                 sport=sport, birth=birth, sex=sex)


def _trailing(x: np.ndarray, k: int) -> np.ndarray:
    """Sum of days d−k … d−1 for each day d (the k days *before* d); 0-padded at the start."""
    c = np.zeros((x.shape[0], x.shape[1] + 1))
    np.cumsum(x, axis=1, out=c[:, 1:])
    out = np.zeros_like(x, dtype=float)
    n = x.shape[1]
    if n > k:
        out[:, k:] = c[:, k:-1] - c[:, :-k - 1]
    out[:, 1:min(k, n)] = c[:, 1:min(k, n)]
    return out


def hazard_terms(load: np.ndarray, ext: np.ndarray, join: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """spike(d) and ext_ratio(d) of the planted hazard (athletes × days; module docstring)."""
    days = np.arange(load.shape[1])
    since = days[None, :] - join[:, None]
    now = _trailing(load, 7)                                  # days d−7 … d−1
    before = np.zeros_like(now)
    before[:, 7:] = now[:, :-7]                               # days d−14 … d−8
    with np.errstate(divide="ignore", invalid="ignore"):
        spike = np.where((since >= 14) & (before > 0),
                         np.clip(now / before - 1, *SPIKE_CLIP), 0.0)
        ratio = np.where((since >= 28) & (_trailing(ext, 28) > 0),
                         np.clip((_trailing(ext, 7) / 7) / (_trailing(ext, 28) / 28),
                                 *EXT_RATIO_CLIP), 1.0)
    return spike, ratio


def _daily_hazard(hazard: Hazard, load: np.ndarray, ext: np.ndarray, join: np.ndarray
                  ) -> np.ndarray:
    if hazard.kind == "null":
        return np.full(load.shape, hazard.base)
    spike, ratio = hazard_terms(load, ext, join)
    return hazard.base * np.exp(hazard.beta_spike * spike + hazard.beta_ext * (ratio - 1))


def _time_loss(rng: np.random.Generator, region: np.ndarray) -> np.ndarray:
    lumbar = region == BODY_REGIONS.index("lumbar_spine")
    median = np.where(lumbar, 45.0, 7.0)
    sd = np.where(lumbar, 0.5, 0.9)
    return np.clip(np.round(median * np.exp(sd * rng.standard_normal(len(region)))), 1, 180
                   ).astype(np.int64)


def _draw_injuries(rng: np.random.Generator, plan: _Plan, hazard: Hazard
                   ) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Every athlete's injuries in onset order: (injury table, injured mask, hazard)."""
    a, d = plan.session.shape
    u = rng.random((a, d))
    days = np.arange(d)
    injured = np.zeros((a, d), dtype=bool)
    next_free = plan.join.astype(np.int64).copy()
    planned_load, planned_ext = plan.load, plan.ext
    found: list[tuple[np.ndarray, ...]] = []
    while True:  # one round per injury generation (a handful), vectorised over athletes × days
        h = _daily_hazard(hazard, np.where(injured, 0.0, planned_load),
                          np.where(injured, 0.0, planned_ext), plan.join)
        event = (u < -np.expm1(-h)) & (days[None, :] >= next_free[:, None])
        has = event.any(axis=1)
        if not has.any():
            break
        who = np.flatnonzero(has)
        onset = event[who].argmax(axis=1)
        region = rng.choice(len(BODY_REGIONS), size=len(who), p=REGION_SHARE)
        lumbar = region == BODY_REGIONS.index("lumbar_spine")
        overuse = rng.random(len(who)) < np.where(lumbar, 0.85, 0.45)
        loss = _time_loss(rng, region)
        back = onset + loss
        diff = np.zeros((a, d + 1), dtype=np.int64)
        np.add.at(diff, (who, onset), 1)
        np.add.at(diff, (who, np.minimum(back, d)), -1)
        injured |= np.cumsum(diff, axis=1)[:, :d] > 0
        next_free[who] = back
        found.append((who, onset, region, overuse, loss))
    at_risk = (days[None, :] >= plan.join[:, None]) & ~injured
    applied = np.where(at_risk, h, np.nan)
    if not found:
        return pd.DataFrame(columns=["a", "onset", "region", "overuse", "loss"]), injured, applied
    parts = [np.concatenate(x) for x in zip(*found, strict=True)]
    table = pd.DataFrame(dict(zip(["a", "onset", "region", "overuse", "loss"], parts,
                                  strict=True)))
    return table.sort_values(["a", "onset"], kind="stable").reset_index(drop=True), injured, \
        applied


def default_base(kind: str) -> float:
    """The default base hazard of a null or planted cohort (module docstring)."""
    if kind not in BASE_HAZARD:
        raise LogError(f"hazard must be 'null' or 'planted', not '{kind}'")
    return BASE_HAZARD[kind]


def simulate_cohort(
    n_athletes: int = 300, n_days: int = 730, hazard: HazardKind | Hazard = "planted",
    seed: int = 0, *, base_hazard: float | None = None, beta_spike: float = BETA_SPIKE,
    beta_ext: float = BETA_EXT, start: str = DEFAULT_START,
) -> Cohort:
    """Simulate a squad of `n_athletes` over `n_days` days with a known injury hazard.

    The known-truth cohorts of issue #8: with the truth known, a model's validation can be
    checked. The same seed always gives the same cohort.

    Parameters
    ----------
    n_athletes : int, default 300
        Athletes in the squad.
    n_days : int, default 730
        Length of the season, in days.
    hazard : 'null', 'planted' or Hazard, default 'planted'
        'null' is a constant daily hazard; 'planted' the formula of the module docstring (load
        spikes and extension exposure raise it); a :class:`Hazard` gives every parameter.
    seed : int, default 0
        Seed of the random generator.
    base_hazard : float, optional
        Daily probability of injury onset (per athlete-day); default 0.003 null, 0.002 planted.
    beta_spike, beta_ext : float
        Log-hazard per unit of the week-to-week sRPE spike (a fraction) and of the extension
        reps ratio (7-day over 28-day mean), for 'planted'.
    start : str, default '2025-08-04'
        First day (a Monday, YYYY-MM-DD).

    Returns
    -------
    Cohort
        ``sessions``, ``roster`` and ``injuries`` in the layout a club would upload (minutes,
        CR-10 RPE, extension reps, time loss in days), ``truth`` (parameters and counts) and
        ``hazard`` (per athlete-day probability).

    Examples
    --------
    >>> import loadwatch as lw
    >>> cohort = lw.simulate_cohort(5, 56, "planted", seed=1)
    >>> cohort.truth["athletes"], cohort.truth["days"], cohort.truth["base_hazard_per_day"]
    (5, 56, 0.002)
    """
    if isinstance(hazard, Hazard):
        spec = hazard
    else:
        base = default_base(hazard) if base_hazard is None else base_hazard
        spec = Hazard(hazard, base, beta_spike, beta_ext)
    if n_athletes < 1 or n_days < 1:
        raise LogError("a cohort needs at least 1 athlete and 1 day")
    first = np.datetime64(pd.Timestamp(start).date(), "D")
    if pd.Timestamp(start).day_of_week != 0:
        raise LogError(f"the start date {start} is not a Monday")
    rng = np.random.default_rng(seed)
    plan = _plan(rng, n_athletes, n_days, first)
    table, injured, applied = _draw_injuries(rng, plan, spec)
    ids = np.array([f"SIM-{i + 1:0{max(3, len(str(n_athletes)))}d}" for i in range(n_athletes)])
    dates = np.datetime_as_string(first + np.arange(n_days), unit="D")
    sessions = _session_table(plan, injured, ids, dates)
    ongoing = (table["onset"] + table["loss"]).to_numpy() > n_days - 1
    onset_dates = first + table["onset"].to_numpy().astype("timedelta64[D]")
    back = onset_dates + table["loss"].to_numpy().astype("timedelta64[D]")
    injuries = pd.DataFrame({
        InjuryCol.ATHLETE: ids[table["a"].to_numpy(np.int64)],
        InjuryCol.ONSET: np.datetime_as_string(onset_dates, unit="D"),
        InjuryCol.REGION: np.asarray(BODY_REGIONS)[table["region"].to_numpy(np.int64)],
        InjuryCol.TYPE: np.where(table["overuse"].to_numpy(bool), "overuse", "acute"),
        InjuryCol.TIME_LOSS: pd.array(np.where(ongoing, pd.NA, table["loss"]), dtype="Int64"),
        InjuryCol.RETURN: np.where(ongoing, "", np.datetime_as_string(back, unit="D")),
    })
    roster = pd.DataFrame({
        RosterCol.ATHLETE: ids,
        RosterCol.BIRTH_DATE: np.datetime_as_string(plan.birth, unit="D"),
        RosterCol.SEX: plan.sex,
        RosterCol.MAIN_SPORT: np.asarray(SPORTS)[plan.sport],
    })
    truth: dict[str, object] = {
        "hazard": spec.kind, "formula": spec.formula(), "base_hazard_per_day": spec.base,
        "beta_spike": spec.beta_spike if spec.kind == "planted" else 0.0,
        "beta_ext": spec.beta_ext if spec.kind == "planted" else 0.0,
        "spike": "S7(d-1)/S7(d-8) - 1 of sRPE load, clipped to [-1, 1.5]; 0 in the first 14 "
                 "days and when the earlier week is 0",
        "ext_ratio": "7-day mean / 28-day mean of extension reps up to d-1, clipped to "
                     "[0, 2.5]; 1 in the first 28 days and when the 28-day mean is 0",
        "seed": seed, "athletes": n_athletes, "days": n_days, "start": str(first),
        "injuries": len(injuries), "ongoing_at_end": int(ongoing.sum()),
        "athletes_injured": int(injuries[InjuryCol.ATHLETE].nunique()),
        "mean_daily_hazard": float(np.nanmean(applied)) if np.isfinite(applied).any() else None,
        "session_rows": int((sessions[Col.DAY_STATUS] == "").sum()),
    }
    return Cohort(sessions=sessions, roster=roster, injuries=injuries, truth=truth,
                  hazard=applied)


def _session_table(plan: _Plan, injured: np.ndarray, ids: np.ndarray, dates: np.ndarray
                   ) -> pd.DataFrame:
    """The session log as a club exports it: session rows, 'injured' and 'not recorded' rows
    (rest days are simply absent), sorted by athlete and date."""
    a, d = plan.session.shape
    after_join = np.arange(d)[None, :] >= plan.join[:, None]
    kind = np.zeros((a, d), dtype=np.int8)
    kind[plan.session & ~injured] = 1
    kind[injured & after_join] = 2
    kind[plan.unrecorded] = 3
    ai, di = np.nonzero(kind)
    k = kind[ai, di]
    is_session = k == 1

    def session_values(values: np.ndarray) -> pd.arrays.IntegerArray:
        return pd.array(np.where(is_session, values[ai, di], np.nan), dtype="Float64").astype(
            "Int64")

    return pd.DataFrame({
        Col.ATHLETE: ids[ai],
        Col.DATE: dates[di],
        Col.SPORT: np.asarray(SPORTS)[plan.sport[ai]],
        Col.DURATION: session_values(plan.duration),
        Col.RPE: session_values(plan.rpe),
        Col.SESSION_TYPE: np.where(is_session, np.where(plan.competition[ai, di], "competition",
                                                        "training"), ""),
        Col.DAY_STATUS: np.select([k == 2, k == 3], [_INJURED, _NOT_RECORDED], ""),
        Col.EXT_REPS: session_values(plan.ext),
    })


def base_for_events(n_athletes: int, n_days: int, events: float, hazard: Hazard,
                    seed: int = 0) -> float:
    """The base hazard that gives about `events` injuries in such a cohort (from the planned
    loads of one pilot cohort; injured days lower the realised count a little)."""
    if events <= 0:
        raise LogError("--events must be above 0")
    first = np.datetime64(DEFAULT_START, "D")
    plan = _plan(np.random.default_rng(seed), n_athletes, n_days, first)
    unit = Hazard(hazard.kind, 0.5, hazard.beta_spike, hazard.beta_ext)
    multiplier = _daily_hazard(unit, plan.load, plan.ext, plan.join) / 0.5
    at_risk = np.arange(n_days)[None, :] >= plan.join[:, None]
    base = events / float(multiplier[at_risk].sum())
    if base >= 0.2:
        raise LogError(f"{events:g} events in {n_athletes} athletes × {n_days} days needs a "
                       f"daily hazard of {base:.2f}; choose fewer events or a larger cohort")
    return base
