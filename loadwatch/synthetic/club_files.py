"""The sample club's files: names, column order, the words written into them, the calendars.

Shared by every builder of :mod:`loadwatch.synthetic.club` and by the README text, so a file
name or a column is spelled in one place.
"""

from __future__ import annotations

from typing import Final

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

