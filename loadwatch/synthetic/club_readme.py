"""The text of ``data/samples/README.md``: files, columns, planted scenarios, regeneration."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import pandas as pd

from loadwatch.schema import Col, GrowthCol, PlanCol, RosterCol, SymptomCol
from loadwatch.synthetic.club_files import (
    CLUB_END,
    CLUB_SIZE,
    CLUB_START,
    COMPETITION,
    DANCE,
    FOOTBALL,
    FOOTBALL_FILE,
    GROWTH_FILE,
    GYMNASTICS,
    INJURED,
    MEASUREMENT_DAYS,
    NO,
    NOT_RECORDED,
    PLANS_FILE,
    ROSTER_FILE,
    SESSIONS_FILE,
    SYMPTOMS_FILE,
    TRAINING,
    YES,
)
from loadwatch.synthetic.club_scenarios import LATEST_LEVELS, LATEST_WEEK, SCENARIOS, Planted


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
    return "".join([
        _intro(seed),
        _sessions_section(frames[SESSIONS_FILE]),
        _side_sections(frames),
        _football_section(frames[FOOTBALL_FILE]),
        _scenarios_section(),
    ])


def _intro(seed: int) -> str:
    """Title, provenance and the command that regenerates the files."""
    return f"""# loadwatch sample data

Made-up logs for demos, documentation and tests. No row describes a real athlete; the ids
are pseudonymous. Every file here is written by `loadwatch.synthetic.club.write_samples` (seed
{seed}), and a test regenerates them and compares the bytes: change the code, not the files.

Regenerate:

```
loadwatch sample --out data/samples --seed {seed}
```

(`python -m loadwatch.synthetic.club --out data/samples --seed {seed}` does the same.)

"""


def _sessions_section(sessions: pd.DataFrame) -> str:
    """The session log: period, size, how rest days and the weekly template work, columns."""
    return f"""## `{SESSIONS_FILE}`

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

"""


def _side_sections(frames: dict[str, pd.DataFrame]) -> str:
    """Roster, growth, symptoms and plans: what each holds and its columns."""
    measured = ", ".join(MEASUREMENT_DAYS)
    mondays = " and ".join(Planted.CHECKIN_MONDAYS)
    roster, growth = frames[ROSTER_FILE], frames[GROWTH_FILE]
    symptoms, plans = frames[SYMPTOMS_FILE], frames[PLANS_FILE]
    return f"""## `{ROSTER_FILE}`

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

"""


def _football_section(football: pd.DataFrame) -> str:
    """The football team's weekly totals: weeks, size, missing and rest weeks, columns."""
    first_week, last_week = football[Col.WEEK].min(), football[Col.WEEK].max()
    return f"""## `{FOOTBALL_FILE}`

Weekly totals of a school football team, ISO weeks {first_week} to {last_week}.
Athletes: {football[Col.ATHLETE].nunique()}, aged 14-16. Rows: {len(football)}.

A week without a row is missing; a row with 0 minutes is a rest week.

{_table(_WEEKLY_DOC)}

"""


def _scenarios_section() -> str:
    """The planted scenarios and what ``loadwatch flags`` shows for the latest week."""
    scenarios = "\n".join(f"- **{athlete}**: {text}" for athlete, text in SCENARIOS.items())
    green = CLUB_SIZE - len(LATEST_LEVELS)
    latest = "\n".join(["| athlete | level | first reason |", "| --- | --- | --- |"] + [
        f"| {athlete} | {level.replace('_', ' ')} | {why} |"
        for athlete, (level, why) in LATEST_LEVELS.items()])
    return f"""## Planted scenarios

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

