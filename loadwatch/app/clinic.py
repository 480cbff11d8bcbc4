"""The work behind the therapist's record (issue 17) that the Service and the CLI share:
proposing a return plan from the stored log, the symptom-free check before a stage moves
on, the team's availability, the availability column of ``loadwatch flags`` and the
therapist's timeline. Unscoped: :class:`loadwatch.app.service.Service` checks role and team
before it calls these; the CLI is an operator's tool on its own store.
"""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

import numpy as np
import pandas as pd

from loadwatch.config import Config
from loadwatch.errors import LogError, UsageError
from loadwatch.model.epidemiology import injury_epidemiology
from loadwatch.risk.engine import Assessment
from loadwatch.risk.return_plan import (
    adherence,
    adherence_text,
    may_advance,
    minutes_over_cap,
    over_cap_text,
    propose_stages,
    typical_week,
)
from loadwatch.schema import (
    BODY_REGIONS,
    INJURY_TYPES,
    AvailabilityCol,
    Col,
    EpisodeCol,
    InjuryCol,
    StageCol,
    SymptomCol,
)
from loadwatch.store import clinical, queries
from loadwatch.store import episodes as store_episodes
from loadwatch.store.db import Store
from loadwatch.store.injuries import load_injuries
from loadwatch.views.availability import availability_table


def propose_plan(store: Store, team: str, episode_id: int, start: dt.date, config: Config,
                 *, by: str) -> int:
    """Save a draft return plan for an episode: stages whose caps are fractions of the
    athlete's typical pre-injury week (from the team's stored log); returns the plan id."""
    episode = _episode(store, team, episode_id)
    try:
        log = queries.load_log(store, team)
    except LogError:
        raise UsageError(f"team '{team}' has no training log: the plan's caps need the "
                         "athlete's weeks before the onset") from None
    onset = pd.DataFrame({Col.ATHLETE: [episode[Col.ATHLETE]],
                          "onset_date": [pd.Timestamp(episode[EpisodeCol.ONSET])]})
    base = typical_week(log, onset, week_start=config.week_start_day).iloc[0]
    return store_episodes.save_plan(store, team, episode_id, base.to_dict(),
                                    propose_stages(base, start), by=by)


def _episode(store: Store, team: str, episode_id: int) -> dict[str, object]:
    table = store_episodes.load_episodes(store, team)
    chosen = table[table[EpisodeCol.ID] == int(episode_id)]
    if chosen.empty:
        raise UsageError(f"team '{team}' has no injury episode {episode_id}")
    return chosen.iloc[0].to_dict()


def advance_checked(store: Store, team: str, episode_id: int, on: dt.date, *, by: str
                    ) -> tuple[int, str]:
    """Move the episode's running plan to its next stage after a symptom-free back check
    since the stage began (UsageError with the reason otherwise: no check, or new pain —
    re-refer). Returns (new stage, the check it relied on)."""
    plan, stages = store_episodes.load_plan(store, team, episode_id)
    if plan is None or plan["status"] != "approved":
        raise UsageError("this episode has no running return plan")
    current = stages[stages[StageCol.STAGE] == plan["current_stage"]].iloc[0]
    athlete = str(_episode(store, team, episode_id)[Col.ATHLETE])
    symptoms = clinical.load_symptoms(store, team)
    mine = symptoms[symptoms[SymptomCol.ATHLETE].astype(str) == athlete]
    allowed, reason = may_advance(mine, current[StageCol.START])
    if not allowed:
        raise UsageError(reason)
    return store_episodes.advance_plan(store, team, plan["id"], on, by=by), reason


def team_availability(store: Store, team: str, on: dt.date,
                      athletes: list[str] | None = None, *, week_start: int = 0,
                      log: pd.DataFrame | None = None) -> pd.DataFrame:
    """Availability of the team's athletes on a day (views/availability.py): the running
    stages, the active clinician plans and the open episodes — no clinical text; the
    sentence adds the days of `on`'s week over a running stage's minutes cap. `log` is the
    team's stored log when the caller holds it (read from the store otherwise)."""
    running = store_episodes.running_stages(store, team)
    capped = "cap_minutes" in running and bool(running["cap_minutes"].notna().any())
    if log is None and (athletes is None or capped):
        try:
            log = queries.load_log(store, team)
        except LogError:
            log = None
    if athletes is None:
        athletes = [] if log is None else sorted(log[Col.ATHLETE].astype(str).unique())
    plans = clinical.load_plans(store, team)
    table = availability_table(athletes, running, plans, on)
    return with_over_cap(table, log, running, on, week_start) if log is not None and capped \
        else table


def with_over_cap(table: pd.DataFrame, log: pd.DataFrame, running: pd.DataFrame | None,
                  on: dt.date, week_start: int = 0) -> pd.DataFrame:
    """The availability sentences with '; over the return-plan cap on N days this week:
    X min vs ≤ C' for athletes whose 7-day minutes passed their running stage's cap (S4
    carries the sRPE and extension caps; the minutes cap reaches the coach here)."""
    over = minutes_over_cap(log, running, on, week_start=week_start)
    if over.empty:
        return table
    words = pd.Series([over_cap_text(int(d), float(t), float(c)) for d, t, c in zip(
        over["over_days"], over["top_minutes"], over["cap_minutes"], strict=True)],
        index=over[Col.ATHLETE].astype(str))  # one per athlete over a cap
    extra = table[AvailabilityCol.ATHLETE].astype(str).map(words)
    text = table[AvailabilityCol.TEXT].where(extra.isna(),
                                             table[AvailabilityCol.TEXT] + "; " + extra)
    return table.assign(**{AvailabilityCol.TEXT: text})


def flags_availability(result: Assessment, week: pd.Timestamp, store: Store | str | None = None,
                       team: str | None = None) -> dict[str, str]:
    """The ``availability`` column of ``loadwatch flags``: per athlete, on the week's last
    day, from the clinician plans the flags used (and, with a store and team, its running
    return stages)."""
    athletes = [str(a) for a in result.ctx.athletes]
    on = (pd.Timestamp(week) + pd.Timedelta(days=6)).date()
    running = store_episodes.running_stages(store, team) if store and team else None
    table = availability_table(athletes, running, result.ctx.plans, on)
    table = with_over_cap(table, result.ctx.log, running, on, pd.Timestamp(week).day_of_week)
    return dict(zip(table[AvailabilityCol.ATHLETE], table[AvailabilityCol.TEXT], strict=True))


def timeline(heat: pd.DataFrame, daily: pd.DataFrame, symptoms: pd.DataFrame,
             episodes: pd.DataFrame, week_start: int = 0) -> pd.DataFrame:
    """One athlete's weeks on one line each: load (AU), the week's highest level, back-pain
    check-ins (reported / pain-free) and the episode events (onset, return) of the week."""
    weeks = heat[[Col.WEEK, "level"]].copy()
    days = daily.assign(**{Col.WEEK: pd.to_datetime(daily[Col.DATE]) - pd.to_timedelta(
        (pd.to_datetime(daily[Col.DATE]).dt.day_of_week - week_start) % 7, unit="D")})
    weeks["load_au"] = weeks[Col.WEEK].map(days.groupby(Col.WEEK)[Col.VALUE].sum(min_count=1))

    def week_of(values: pd.Series) -> pd.Series:
        stamps = pd.to_datetime(values)
        return stamps - pd.to_timedelta((stamps.dt.day_of_week - week_start) % 7, unit="D")

    pain = symptoms[SymptomCol.BACK_PAIN].astype("boolean").fillna(False).astype(bool) \
        if len(symptoms) else pd.Series(dtype=bool)
    checks = pd.DataFrame({Col.WEEK: week_of(symptoms[SymptomCol.DATE]) if len(symptoms)
                           else pd.Series(dtype="datetime64[ns]"), "pain": pain})
    weeks["pain_reported"] = weeks[Col.WEEK].map(checks.groupby(Col.WEEK)["pain"].sum()) \
        .fillna(0).astype(int)
    weeks["pain_free_checks"] = weeks[Col.WEEK].map(
        (~checks["pain"]).groupby(checks[Col.WEEK]).sum()).fillna(0).astype(int)
    events = pd.concat([
        pd.DataFrame({Col.WEEK: week_of(episodes[EpisodeCol.ONSET]), "event": "onset"}),
        pd.DataFrame({Col.WEEK: week_of(episodes[EpisodeCol.RETURN].dropna()),
                      "event": "return to full training"}),
    ]) if len(episodes) else pd.DataFrame({Col.WEEK: [], "event": []})
    weeks["episode"] = weeks[Col.WEEK].map(events.groupby(Col.WEEK)["event"].agg(", ".join)) \
        .fillna("")
    return weeks.reset_index(drop=True)


def athlete_adherence(store: Store, team: str, athlete: str) -> pd.DataFrame:
    """Per day of the athlete's latest approved return plan: 7-day totals against the
    stage's caps and whether the day is over a cap (empty without a running plan)."""
    for episode_id in store_episodes.load_episodes(store, team, athlete=athlete)[EpisodeCol.ID]:
        plan, stages = store_episodes.load_plan(store, team, int(episode_id))
        if plan is not None and plan["status"] != "draft":
            try:
                log = queries.load_log(store, team)
            except LogError:
                return pd.DataFrame()
            return adherence(log, stages, athlete)
    return pd.DataFrame()


def _all_injuries(store: Store, team: str) -> pd.DataFrame:
    """The imported injury log and the therapist's episodes as one injury table (an episode
    the log already has, same athlete, onset and region, counts once)."""
    logged = load_injuries(store, team)
    episodes = store_episodes.load_episodes(store, team)
    mine = pd.DataFrame({
        InjuryCol.ATHLETE: episodes[Col.ATHLETE].astype(str),
        InjuryCol.ONSET: pd.to_datetime(episodes[EpisodeCol.ONSET]),
        InjuryCol.REGION: episodes[EpisodeCol.REGION],
        InjuryCol.TYPE: episodes[EpisodeCol.MECHANISM],
        InjuryCol.TIME_LOSS: (pd.to_datetime(episodes[EpisodeCol.RETURN])
                              - pd.to_datetime(episodes[EpisodeCol.ONSET])).dt.days
        .astype(float),
        InjuryCol.RETURN: pd.to_datetime(episodes[EpisodeCol.RETURN]),
    })
    both = pd.concat([logged.astype({InjuryCol.ATHLETE: str}), mine], ignore_index=True)
    both[InjuryCol.ONSET] = pd.to_datetime(both[InjuryCol.ONSET])
    return both.drop_duplicates([InjuryCol.ATHLETE, InjuryCol.ONSET, InjuryCol.REGION])


def epidemiology_table(store: Store, team: str) -> pd.DataFrame:
    """Incidence and burden per 1,000 h with 95 % intervals (model/epidemiology.py), for
    every season (calendar year of the log) and all seasons together, with mean days lost per
    injury (the risk matrix's other axis)."""
    try:
        log = queries.load_log(store, team)
    except LogError:
        raise UsageError(f"team '{team}' has no training log: exposure hours are the "
                         "denominator of incidence") from None
    injuries = _all_injuries(store, team)
    years = pd.to_datetime(log[Col.DATE]).dt.year
    parts = [injury_epidemiology(injuries, log).table.assign(season="all seasons")]
    for year in sorted(years.unique()):  # a handful of seasons
        season_log = log[years == year]
        season = injuries[injuries[InjuryCol.ONSET].dt.year == year]
        try:
            parts.append(injury_epidemiology(season, season_log).table.assign(season=str(year)))
        except LogError:
            continue
    table = pd.concat(parts, ignore_index=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        table["mean_days_lost"] = np.where(table["injuries"] > 0,
                                           table["days_lost"] / table["injuries"], np.nan)
    return table


#: the therapist's line for the over-cap days of Service.return_adherence (minutes with numbers)
ADHERENCE_TEXT = adherence_text

#: form choices of the episode page (the dashboard imports only loadwatch.app)
REGIONS: tuple[str, ...] = ("lumbar_spine", *(r for r in BODY_REGIONS if r != "lumbar_spine"))
MECHANISMS: tuple[str, ...] = INJURY_TYPES
EPISODE_STATUS_WORDS: dict[str, str] = {"open": "open", "in_return": "in return",
                                        "closed": "closed"}
#: how the episode page names the columns it shows
EPISODE_COLUMNS: dict[str, str] = {
    EpisodeCol.ONSET: "Onset", EpisodeCol.REGION: "Body region", EpisodeCol.SIDE: "Side",
    EpisodeCol.MECHANISM: "Mechanism", EpisodeCol.DIAGNOSIS: "Working diagnosis",
    EpisodeCol.IMAGING_ORDERED: "Imaging ordered", EpisodeCol.IMAGING_RESULT: "Imaging result",
    EpisodeCol.STATUS: "Status", EpisodeCol.RETURN: "Return to full training",
    EpisodeCol.TIME_LOSS: "Time loss (days)"}
STAGE_COLUMNS: dict[str, str] = {
    StageCol.STAGE: "Stage", StageCol.NAME: "Stage name", StageCol.START: "Starts",
    StageCol.REVIEW: "Review", "weeks": "Weeks", StageCol.MINUTES: "Max minutes/week",
    StageCol.SRPE: "Max sRPE AU/week", StageCol.EXTENSION: "Max extension/week",
    StageCol.NO_EXTENSION: "No back-arching", StageCol.TICKED_BY: "Ticked by"}


def episode_notes(store: Store, team: str) -> pd.DataFrame:
    """The clinical report's notes (athlete, date, author, text): the clinicians' notes and
    one line per injury episode (region, side, mechanism, working diagnosis, imaging, status,
    time loss) dated at its onset — therapist reports only."""
    notes = clinical.load_notes(store, team)[[Col.ATHLETE, Col.DATE, "author", "text"]]
    episodes = store_episodes.load_episodes(store, team)
    if episodes.empty:
        return notes
    words = episodes.fillna("").astype(str)
    text = ("Injury episode: " + words[EpisodeCol.REGION].str.replace("_", " ")
            + words[EpisodeCol.SIDE].where(words[EpisodeCol.SIDE] == "", ", " +
                                           words[EpisodeCol.SIDE])
            + ", " + words[EpisodeCol.MECHANISM]
            + "; working diagnosis: " + words[EpisodeCol.DIAGNOSIS].replace("", "—")
            + "; imaging: " + words[EpisodeCol.IMAGING_ORDERED].replace("", "—") + " / "
            + words[EpisodeCol.IMAGING_RESULT].replace("", "—")
            + "; status " + words[EpisodeCol.STATUS].str.replace("_", " ")
            + "; time loss " + words[EpisodeCol.TIME_LOSS] + " days")
    lines = pd.DataFrame({Col.ATHLETE: episodes[Col.ATHLETE], Col.DATE: episodes[
        EpisodeCol.ONSET], "author": "episode record", "text": text})
    both = pd.concat([notes, lines], ignore_index=True)
    both[Col.DATE] = pd.to_datetime(both[Col.DATE])
    return both.sort_values(Col.DATE, ascending=False, kind="stable").reset_index(drop=True)


class ReportExtras(TypedDict, total=False):
    """The keyword arguments :func:`report_extras` adds to the weekly report."""

    availability: dict[str, str]
    notes: pd.DataFrame


def report_extras(store: Store, team: str, clinical: bool, week: pd.Timestamp
                  ) -> ReportExtras:
    """What the weekly report adds (issue 17): every version an availability column (on the
    week's last day); the clinical version the notes and injury episodes."""
    on = (pd.Timestamp(week) + pd.Timedelta(days=6)).date()
    table = team_availability(store, team, on, week_start=pd.Timestamp(week).day_of_week)
    extras: ReportExtras = {"availability": dict(zip(
        table[AvailabilityCol.ATHLETE], table[AvailabilityCol.TEXT], strict=True))}
    if clinical:
        extras["notes"] = episode_notes(store, team)
    return extras
