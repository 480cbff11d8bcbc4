"""Who answered (issue 16): the week's self-reports and the response rate over 4 weeks.

For each athlete of the team and each of the 4 weeks ending with the chosen one: sessions
reported with an RPE, and whether the weekly back check was done. The back-check rate is
weeks with a check / 4; the session rate is weeks with at least one reported session / the
weeks the athlete was not exempt — an athlete on an active clinician plan (any restriction
but 'cleared', from its start date to its review date) is exempt from the session form, not
from the back check. Athletes without a back check in the week and the week before are
flagged ``missing_two_weeks``. Counts are what was stored, nothing estimated.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import numpy as np
import pandas as pd
import sqlalchemy as sa

from loadwatch.app import alerts, clinic, links
from loadwatch.app.selfreport import ConfigOf, Refused, check_message
from loadwatch.schema import AvailabilityCol, Col, PlanCol
from loadwatch.store import selfreport
from loadwatch.store.athletes import require_team
from loadwatch.store.db import Store, StoreOrUrl, opened
from loadwatch.store.tables import athlete_names
from loadwatch.views.privacy import Names

WEEKS: Final = 4
COLUMNS: Final = ("athlete", "sessions_this_week", "back_check_this_week", "exempt_this_week",
                  "back_check_rate", "session_rate", "missing_two_weeks")


def monday(day: dt.date | pd.Timestamp | None) -> pd.Timestamp:
    """The Monday of the week of `day` (today when None)."""
    stamp = pd.Timestamp(day or dt.date.today()).normalize()
    return stamp - pd.Timedelta(days=stamp.weekday())


def _members(store: StoreOrUrl, team: str) -> list[str]:
    with opened(store) as db, db.read() as conn:
        team_id = require_team(conn, team)
        return sorted(str(x) for x in conn.execute(sa.select(athlete_names.c.label).where(
            athlete_names.c.team_id == team_id)).scalars())


def _per_week(dates: pd.Series, athletes: pd.Series, weeks: pd.DatetimeIndex,
              people: list[str]) -> pd.DataFrame:
    """Athlete × week counts of the reports (zeros where none)."""
    frame = pd.DataFrame({"athlete": athletes.astype(str).to_numpy(),
                          "week": monday_series(dates).to_numpy()})
    frame = frame[frame["week"].isin(weeks)]
    counts = pd.crosstab(frame["athlete"], frame["week"]) if len(frame) else pd.DataFrame()
    return counts.reindex(index=people, columns=weeks, fill_value=0).fillna(0).astype(int)


def monday_series(dates: pd.Series) -> pd.Series:
    """The Monday of each date."""
    days = pd.to_datetime(dates).dt.normalize()
    return days - pd.to_timedelta(days.dt.day_of_week, unit="D")


def _exempt(plans: pd.DataFrame, weeks: pd.DatetimeIndex, people: list[str]) -> pd.DataFrame:
    """Athlete × week: True where an active clinician plan overlaps the week."""
    out = pd.DataFrame(False, index=people, columns=weeks)
    if plans is None or plans.empty:
        return out
    active = plans[plans[PlanCol.RESTRICTION].astype(str) != "cleared"]
    start = pd.to_datetime(active[PlanCol.START]).to_numpy()[:, None]
    review = pd.to_datetime(active[PlanCol.REVIEW]).fillna(pd.Timestamp.max).to_numpy()[:, None]
    first = weeks.to_numpy()[None, :]
    overlap = (start <= first + np.timedelta64(6, "D")) & (review >= first)
    hit = pd.DataFrame(overlap, index=active[PlanCol.ATHLETE].astype(str), columns=weeks)
    hit = hit.groupby(level=0).any()
    return out | hit.reindex(index=people, columns=weeks, fill_value=False).astype(bool)


def compliance_table(people: list[str], sessions: pd.DataFrame, checks: pd.DataFrame,
                     plans: pd.DataFrame, week: dt.date | None = None) -> pd.DataFrame:
    """One row per athlete (COLUMNS), for the 4 weeks ending with `week`'s week."""
    end = monday(week)
    weeks = pd.DatetimeIndex([end - pd.Timedelta(weeks=k) for k in range(WEEKS - 1, -1, -1)])
    rated = sessions[sessions[Col.RPE].notna()] if len(sessions) else sessions
    per_session = _per_week(rated.get(Col.DATE, pd.Series(dtype="datetime64[ns]")),
                            rated.get(Col.ATHLETE, pd.Series(dtype=str)), weeks, people)
    per_check = _per_week(checks.get(Col.DATE, pd.Series(dtype="datetime64[ns]")),
                          checks.get(Col.ATHLETE, pd.Series(dtype=str)), weeks, people)
    exempt = _exempt(plans, weeks, people)
    did_check = per_check > 0
    expected = (~exempt).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        session_rate = ((per_session > 0) & ~exempt).sum(axis=1) / expected.replace(0, np.nan)
    return pd.DataFrame({
        "athlete": people,
        "sessions_this_week": per_session[end].to_numpy(),
        "back_check_this_week": did_check[end].to_numpy(),
        "exempt_this_week": exempt[end].to_numpy(),
        "back_check_rate": (did_check.sum(axis=1) / WEEKS).to_numpy(),
        "session_rate": session_rate.to_numpy(),
        "missing_two_weeks": (~did_check[weeks[-1]] & ~did_check[weeks[-2]]).to_numpy(),
    }, columns=list(COLUMNS))


def team_compliance(store: StoreOrUrl, team: str, plans: pd.DataFrame,
                    week: dt.date | None = None) -> pd.DataFrame:
    """The compliance table of a team's athletes from the store."""
    people = _members(store, team)
    return compliance_table(people, selfreport.load_self_sessions(store, team),
                            selfreport.load_back_checks(store, team), plans, week)


def team_rates(table: pd.DataFrame) -> dict[str, float | int]:
    """The team's figures: athletes, back checks and sessions this week, mean rates."""
    return {"athletes": len(table),
            "back_checks_this_week": int(table["back_check_this_week"].sum()),
            "sessions_this_week": int(table["sessions_this_week"].sum()),
            "back_check_rate": float(table["back_check_rate"].mean()) if len(table) else 0.0,
            "session_rate": float(table["session_rate"].mean()) if len(table) else 0.0,
            "missing_two_weeks": int(table["missing_two_weeks"].sum())}


def report_compliance(store: StoreOrUrl, team: str, plans: pd.DataFrame, week: dt.date,
                      report_athletes: list[str], *, pseudonymise: bool,
                      salt: str = "") -> pd.DataFrame:
    """The weekly report's compliance table, athletes named as the report names them: a
    pseudonymised report codes every member (also one without a logged session), never
    their label."""
    table = team_compliance(store, team, plans, week)
    if pseudonymise:
        names = Names([*report_athletes, *table["athlete"].astype(str)], pseudonymise=True,
                      salt=salt)
        table["athlete"] = [names(a) for a in table["athlete"].astype(str)]
        table = table.sort_values("athlete", kind="stable", ignore_index=True)
    return table


def guardian_availability(store: Store, token: str | None, config_of: ConfigOf,
                          on: dt.date | None = None) -> str:
    """The guardian's child's availability sentence on a day (full / modified / unavailable,
    with the caps and review date the club's therapist set; never why), by the guardian's
    link only; Refused with the link's friendly sentence otherwise. The team's week start
    counts the days over a return-plan cap "this week", as on the coach's pages."""
    link, status = links.resolve(store, token)
    if link is None or link.kind != "guardian" or status != "ok":
        raise Refused(check_message(status))
    table = clinic.team_availability(store, link.team, on or dt.date.today(), [link.athlete],
                                     week_start=config_of(link.team).week_start_day)
    return str(table[AvailabilityCol.TEXT].iloc[0])


REMINDER_SUBJECT: Final = "loadwatch: this week's back check"
REMINDER_BODY: Final = (
    "Time for this week's 30-second back check in loadwatch: open the personal link your "
    "coach gave you (or ask them for a new one).\n\nParents and guardians: the link is your "
    "child's. loadwatch supports decisions and does not diagnose.\n")


def reminder_targets(table: pd.DataFrame, team_links: pd.DataFrame, consent_age: int,
                     today: dt.date | None = None) -> pd.DataFrame:
    """Athletes without this week's back check and where their reminder goes: athlete,
    recipient (the guardian's address under the consent age or of unknown age, else the
    athlete's, else whichever is known; None: remind in person)."""
    today = today or dt.date.today()
    wanted = table.loc[~table["back_check_this_week"].astype(bool), ["athlete"]]
    info = team_links.rename(columns={Col.ATHLETE: "athlete"})
    both = wanted.merge(info, on="athlete", how="left")
    birth = pd.to_datetime(both["birth_date"])
    cutoff = pd.Timestamp(today) - pd.DateOffset(years=consent_age)
    minor = birth.isna() | (birth > cutoff)
    first = both["guardian_email"].where(minor, both["athlete_email"])
    second = both["athlete_email"].where(minor, both["guardian_email"])
    recipient = first.where(first.notna(), second)
    return pd.DataFrame({"athlete": both["athlete"].to_numpy(),
                         "recipient": recipient.astype(object).where(recipient.notna(), None)
                         .to_numpy()})


def send_reminders(store: StoreOrUrl, team: str, consent_age: int,
                   week: dt.date | None = None) -> tuple[int, list[str]]:
    """Mail a reminder for every athlete without this week's back check who has an address;
    returns (mails sent or queued, athletes to remind in person)."""
    table = team_compliance(store, team, pd.DataFrame(), week)
    targets = reminder_targets(table, selfreport.team_links(store, team), consent_age)
    mailed = targets[targets["recipient"].notna()]
    if len(mailed):
        with opened(store) as db, db.read() as conn:
            team_id = require_team(conn, team)
        alerts.queue_and_send(store, team_id, None, "reminder",
                              sorted(set(mailed["recipient"].astype(str))), REMINDER_SUBJECT,
                              REMINDER_BODY)
    return len(set(mailed["recipient"])), sorted(targets.loc[targets["recipient"].isna(),
                                                             "athlete"].astype(str))
