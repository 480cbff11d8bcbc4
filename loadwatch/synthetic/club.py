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

The generator is split by job: :mod:`~loadwatch.synthetic.club_files` (file names, columns,
words, calendars), :mod:`~loadwatch.synthetic.club_scenarios` (:class:`Planted`, the
scenario lines, the latest week), :mod:`~loadwatch.synthetic.club_plan` (each gymnast's traits
and weekly template), :mod:`~loadwatch.synthetic.club_sessions` (the session log),
:mod:`~loadwatch.synthetic.club_side_tables` (roster, growth, symptoms, plans),
:mod:`~loadwatch.synthetic.club_football` (the football team's weekly totals) and
:mod:`~loadwatch.synthetic.club_readme` (the README). This module writes the files and keeps
every public name importable from one place.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from loadwatch.safety import csv_text
from loadwatch.schema import Col, GrowthCol, PlanCol, RosterCol, SymptomCol
from loadwatch.synthetic.club_files import (
    CLUB_DAYS,
    CLUB_END,
    CLUB_SIZE,
    CLUB_START,
    CLUB_WEEKS,
    COMPETITION,
    COMPETITION_DAYS,
    DANCE,
    DEFAULT_SEED,
    FOOTBALL,
    FOOTBALL_FILE,
    FOOTBALL_LAST_MONDAY,
    FOOTBALL_SIZE,
    FOOTBALL_WEEKS,
    GROWTH_FILE,
    GROWTH_HEADERS,
    GYMNASTICS,
    INJURED,
    MEASUREMENT_DAYS,
    NO,
    NOT_RECORDED,
    PLAN_HEADERS,
    PLANS_FILE,
    README_FILE,
    ROSTER_FILE,
    ROSTER_HEADERS,
    SESSION_HEADERS,
    SESSIONS_FILE,
    SYMPTOM_HEADERS,
    SYMPTOMS_FILE,
    TRAINING,
    WEEKLY_HEADERS,
    YES,
    iso_week,
)
from loadwatch.synthetic.club_football import football_weekly
from loadwatch.synthetic.club_plan import DAYS_PER_YEAR
from loadwatch.synthetic.club_readme import readme_text
from loadwatch.synthetic.club_scenarios import LATEST_LEVELS, LATEST_WEEK, SCENARIOS, Planted
from loadwatch.synthetic.club_sessions import club_sessions
from loadwatch.synthetic.club_side_tables import (
    club_growth,
    club_plans,
    club_roster,
    club_symptoms,
)

__all__ = [
    "CLUB_DAYS", "CLUB_END", "CLUB_SIZE", "CLUB_START", "CLUB_WEEKS", "COMPETITION",
    "COMPETITION_DAYS", "DANCE", "DAYS_PER_YEAR", "DEFAULT_SEED", "FOOTBALL", "FOOTBALL_FILE",
    "FOOTBALL_LAST_MONDAY", "FOOTBALL_SIZE", "FOOTBALL_WEEKS", "GROWTH_FILE", "GROWTH_HEADERS",
    "GYMNASTICS", "INJURED", "LATEST_LEVELS", "LATEST_WEEK", "MEASUREMENT_DAYS", "NO",
    "NOT_RECORDED", "PLANS_FILE", "PLAN_HEADERS", "README_FILE", "ROSTER_FILE",
    "ROSTER_HEADERS", "SCENARIOS", "SESSIONS_FILE", "SESSION_HEADERS", "SYMPTOMS_FILE",
    "SYMPTOM_HEADERS", "TRAINING", "WEEKLY_HEADERS", "YES", "Col", "GrowthCol", "PlanCol",
    "Planted", "RosterCol", "SymptomCol", "club_growth", "club_plans", "club_roster",
    "club_sessions", "club_symptoms", "football_weekly", "iso_week", "main", "readme_text",
    "sample_frames", "write_samples",
]


def _csv(frame: pd.DataFrame) -> str:
    """A table as the CSV text written to disk (``\\n`` line ends, ``%g`` floats)."""
    return csv_text(frame, lineterminator="\n", float_format="%g")


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
