"""Where the sample club's planted scenarios sit, and what they make the latest week show.

:class:`Planted` fixes athlete ids and dates (the seed moves only the everyday noise);
:data:`SCENARIOS` describes them in one line per athlete; :data:`LATEST_LEVELS` is what
``loadwatch flags`` shows for :data:`LATEST_WEEK` (a test compares it exactly).
"""

from __future__ import annotations

from typing import Final

import pandas as pd


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
    "GYM-09": ("red", "extension reps above the clinician's weekly cap (S4)"),
    "GYM-15": ("red", "load spike (ACWR above 1.30, 7-day load up more than 15 %) during a "
                      "growth spurt (modifier M1)"),
    "GYM-01": ("amber", "organised hours above age (Y1) and organised : free play above 2 : 1 "
                        "(Y2)"),
    "GYM-04": ("amber", "mild central back pain: recheck within 7 days (S3)"),
    "GYM-07": ("amber", "load spike (ACWR above 1.30, 7-day load up more than 15 %), no "
                        "modifier active"),
    "GYM-05": ("amber", "no rest day in 7 days (Y3) and monotony above 2.0 (R1), one recovery "
                        "sign, with the 7-day load up more than 15 % (L3) after adding sessions "
                        "on the rest days: two independent warning signs, amber because three "
                        "make red (spec §10.1.1)"),
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
