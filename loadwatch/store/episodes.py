"""The therapist's record (issue 17): injury episodes, their treatment log and the staged
return plan, in the tables of migration 0010. Only this module reads or writes them.

Clinical data of minors, like :mod:`loadwatch.store.clinical`: log lines and audit entries
say *that* an episode, treatment or plan was recorded, with ids and the athlete's code —
never the diagnosis, imaging or treatment text. An approved stage is written as
``clinician_plans`` rows (:func:`clinician_rows`) through the
clinical module, so rule S4 and the planner obey it without a second copy of the machinery.
Every call names a team, and an episode or plan of another team is an unknown one.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from loadwatch.errors import LogError, UsageError
from loadwatch.schema import (
    BODY_REGIONS,
    EPISODE_STATUSES,
    INJURY_TYPES,
    SIDES,
    Col,
    EpisodeCol,
    PlanCol,
    StageCol,
)
from loadwatch.store import audit
from loadwatch.store.athletes import require_known, require_team
from loadwatch.store.clinical import plan_rows
from loadwatch.store.db import StoreOrUrl, now, opened
from loadwatch.store.frames import fetch
from loadwatch.store.profiles import python_value
from loadwatch.store.tables import (
    athlete_names,
    athletes,
    injury_episodes,
    return_plans,
    return_stages,
    treatment_log,
)

log = logging.getLogger(__name__)

_TEXT = (EpisodeCol.DIAGNOSIS, EpisodeCol.IMAGING_ORDERED, EpisodeCol.IMAGING_RESULT)
_STAGE_VALUES = (StageCol.STAGE, StageCol.NAME, StageCol.START, StageCol.REVIEW, "weeks",
                 StageCol.MINUTES, StageCol.SRPE, StageCol.EXTENSION, StageCol.NO_EXTENSION)
#: the stage whose start is the return to full training (time loss ends there)
FULL_TRAINING_STAGE = 4


def _check_choice(value: str | None, choices: tuple[str, ...], what: str) -> None:
    if value is not None and value not in choices:
        raise UsageError(f"unknown {what} '{value}'; choose one of {', '.join(choices)}")


def _episode_athlete(conn: Connection, team: str, episode_id: int) -> tuple[int, str, str]:
    """(athlete id, code, label) of an episode of the team; UsageError when there is none."""
    row = conn.execute(
        sa.select(athletes.c.id, athletes.c.code, athlete_names.c.label)
        .select_from(injury_episodes.join(athletes, athletes.c.id == injury_episodes.c.athlete_id)
                     .join(athlete_names, athlete_names.c.athlete_id == athletes.c.id))
        .where(injury_episodes.c.id == int(episode_id),
               athletes.c.team_id == require_team(conn, team))).first()
    if row is None:
        raise UsageError(f"team '{team}' has no injury episode {episode_id}")
    return int(row[0]), str(row[1]), str(row[2])


def add_episode(store_or_url: StoreOrUrl, team: str, athlete: str, onset: dt.date, *,
                mechanism: str, region: str = "lumbar_spine", side: str | None = None,
                diagnosis: str | None = None, imaging_ordered: str | None = None,
                imaging_result: str | None = None, by: str = "cli") -> int:
    """Open an injury episode for an athlete of the team; returns its id (audited by id)."""
    _check_choice(region, BODY_REGIONS, "body region")
    _check_choice(side, SIDES, "side")
    _check_choice(mechanism, INJURY_TYPES, "mechanism")
    if pd.Timestamp(onset).date() > dt.date.today():
        raise UsageError("the onset date is in the future")
    texts = {EpisodeCol.DIAGNOSIS: diagnosis, EpisodeCol.IMAGING_ORDERED: imaging_ordered,
             EpisodeCol.IMAGING_RESULT: imaging_result}
    with opened(store_or_url) as store, store.write() as conn:
        person = require_known(conn, [athlete], "episode", require_team(conn, team))[
            str(athlete)]
        stamp = now()
        new_id = conn.execute(sa.insert(injury_episodes).values(
            athlete_id=person.id, onset_date=pd.Timestamp(onset).date(), body_region=region,
            side=side, mechanism=mechanism, status="open", entered_by=by, created_at=stamp,
            updated_at=stamp, **{k: (v or "").strip() or None for k, v in texts.items()})
            .returning(injury_episodes.c.id)).scalar_one()
        audit.record(conn, by, "episode.add", "injury_episodes", new_id,
                     f"athlete={person.code}")
    log.info("injury episode %s opened for %s", new_id, person.code)
    return int(new_id)


def update_episode(store_or_url: StoreOrUrl, team: str, episode_id: int, *, by: str = "cli",
                   **values: Any) -> None:
    """Change an episode's status, return date, diagnosis or imaging (audited: which fields,
    never their text)."""
    allowed = {EpisodeCol.STATUS, EpisodeCol.RETURN, *_TEXT}
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise UsageError(f"cannot change {', '.join(unknown)} of an episode")
    _check_choice(values.get(EpisodeCol.STATUS), EPISODE_STATUSES, "status")
    with opened(store_or_url) as store, store.write() as conn:
        _, code, _ = _episode_athlete(conn, team, episode_id)
        conn.execute(sa.update(injury_episodes).where(injury_episodes.c.id == int(episode_id))
                     .values(updated_at=now(), **values))
        audit.record(conn, by, "episode.update", "injury_episodes", episode_id,
                     f"athlete={code} fields={','.join(sorted(values))}")


def load_episodes(store_or_url: StoreOrUrl, team: str, *, athlete: str | None = None,
                  today: dt.date | None = None) -> pd.DataFrame:
    """The team's episodes (or one athlete's), newest onset first, with time-loss days: onset
    to the return to full training, or to `today` while the athlete has not returned."""
    with opened(store_or_url) as store, store.read() as conn:
        query = sa.select(
            injury_episodes.c.id.label(EpisodeCol.ID), athlete_names.c.label.label(Col.ATHLETE),
            *[injury_episodes.c[c] for c in (
                EpisodeCol.ONSET, EpisodeCol.REGION, EpisodeCol.SIDE, EpisodeCol.MECHANISM,
                *_TEXT, EpisodeCol.STATUS, EpisodeCol.RETURN)]
        ).join(athletes, athletes.c.id == injury_episodes.c.athlete_id) \
            .join(athlete_names, athlete_names.c.athlete_id == athletes.c.id) \
            .where(athletes.c.team_id == require_team(conn, team))
        if athlete is not None:
            query = query.where(athlete_names.c.label == str(athlete))
        rows = fetch(conn, query.order_by(injury_episodes.c.onset_date.desc(),
                                          injury_episodes.c.id.desc()))
    end = pd.to_datetime(rows[EpisodeCol.RETURN]).fillna(pd.Timestamp(today or dt.date.today()))
    rows[EpisodeCol.TIME_LOSS] = (end - pd.to_datetime(rows[EpisodeCol.ONSET])).dt.days
    return rows


# --- treatment log --------------------------------------------------------------------------


def add_treatment(store_or_url: StoreOrUrl, team: str, episode_id: int, day: dt.date,
                  treatment: str, *, next_review: dt.date | None = None, by: str = "cli"
                  ) -> int:
    """Log a treatment of an episode (date, who, what, next review); returns its id."""
    text = (treatment or "").strip()
    if not text:
        raise UsageError("a treatment entry needs some text")
    with opened(store_or_url) as store, store.write() as conn:
        athlete_id, code, _ = _episode_athlete(conn, team, episode_id)
        new_id = conn.execute(sa.insert(treatment_log).values(
            episode_id=int(episode_id), athlete_id=athlete_id, date=day, clinician=by,
            treatment=text, next_review=next_review, created_at=now())
            .returning(treatment_log.c.id)).scalar_one()
        audit.record(conn, by, "treatment.add", "treatment_log", new_id,
                     f"athlete={code} episode={episode_id}")
    return int(new_id)


def load_treatments(store_or_url: StoreOrUrl, team: str, episode_id: int) -> pd.DataFrame:
    """An episode's treatment log, newest first: date, clinician, treatment, next_review."""
    with opened(store_or_url) as store, store.read() as conn:
        _episode_athlete(conn, team, episode_id)
        return fetch(conn, sa.select(
            treatment_log.c.date, treatment_log.c.clinician, treatment_log.c.treatment,
            treatment_log.c.next_review).where(treatment_log.c.episode_id == int(episode_id))
            .order_by(treatment_log.c.date.desc(), treatment_log.c.id.desc()))


# --- return plans ---------------------------------------------------------------------------


def _stage_row(stage: pd.Series | dict[str, Any]) -> dict[str, Any]:
    return {c: python_value(stage[c]) for c in _STAGE_VALUES}


def save_plan(store_or_url: StoreOrUrl, team: str, episode_id: int,
              base: dict[str, Any], stages: pd.DataFrame, *, by: str = "cli") -> int:
    """Store a proposed (draft) plan with its stages; an earlier draft of the episode is
    replaced. Returns the plan's id."""
    with opened(store_or_url) as store, store.write() as conn:
        athlete_id, code, _ = _episode_athlete(conn, team, episode_id)
        drafts = sa.select(return_plans.c.id).where(
            return_plans.c.episode_id == int(episode_id), return_plans.c.status == "draft")
        conn.execute(sa.delete(return_stages).where(return_stages.c.plan_id.in_(drafts)))
        conn.execute(sa.delete(return_plans).where(return_plans.c.id.in_(drafts)))
        plan_id = conn.execute(sa.insert(return_plans).values(
            episode_id=int(episode_id), athlete_id=athlete_id, status="draft", current_stage=0,
            base_weeks=int(base.get("base_weeks") or 0),
            **{k: python_value(base.get(k)) for k in ("base_minutes", "base_srpe_au",
                                                       "base_extension")},
            created_by=by, created_at=now()).returning(return_plans.c.id)).scalar_one()
        conn.execute(sa.insert(return_stages), [
            {"plan_id": plan_id, "athlete_id": athlete_id, **_stage_row(s)}
            for _, s in stages.iterrows()])  # five stages: not a hot path
        audit.record(conn, by, "return_plan.save", "return_plans", plan_id,
                     f"athlete={code} episode={episode_id} stages={len(stages)}")
    return int(plan_id)


def load_plan(store_or_url: StoreOrUrl, team: str, episode_id: int
              ) -> tuple[dict[str, Any] | None, pd.DataFrame]:
    """The episode's latest plan (None when it has none) and its stages in order."""
    with opened(store_or_url) as store, store.read() as conn:
        _episode_athlete(conn, team, episode_id)
        plan = conn.execute(sa.select(return_plans).where(
            return_plans.c.episode_id == int(episode_id))
            .order_by(return_plans.c.id.desc()).limit(1)).mappings().first()
        if plan is None:
            return None, pd.DataFrame(columns=list(_STAGE_VALUES))
        stages = fetch(conn, sa.select(*[return_stages.c[c] for c in _STAGE_VALUES],
                                       return_stages.c.ticked_by)
                       .where(return_stages.c.plan_id == plan["id"])
                       .order_by(return_stages.c.stage))
    return dict(plan), stages


def clinician_rows(stage: pd.Series | dict[str, Any], *, final: bool) -> list[dict]:
    """The clinician_plans rows (rule S4, the planner's caps) one approved stage stands for:
    its sRPE cap, no extension loading or its extension cap — or ``cleared`` for the last."""
    start, review = stage[StageCol.START], stage[StageCol.REVIEW]
    if final:
        return [{"restriction": "cleared", "cap": None, "start": start, "review": None}]
    rows = []
    srpe = stage[StageCol.SRPE]
    if srpe is not None and np.isfinite(float(srpe)):
        rows.append({"restriction": "cap_load_au_per_week", "cap": float(srpe)})
    extension = stage[StageCol.EXTENSION]
    if bool(stage[StageCol.NO_EXTENSION]):
        rows.append({"restriction": "no_extension_loading", "cap": None})
    elif extension is not None and np.isfinite(float(extension)):
        rows.append({"restriction": "cap_extension_reps_per_week", "cap": float(extension)})
    return [{**r, "start": start, "review": review} for r in rows]


def _write_stage(conn: Connection, plan: dict[str, Any], label: str, stage: dict[str, Any],
                 final: bool, by: str) -> None:
    """The clinician_plans rows of a stage, through the clinical module (S4, the planner)."""
    rows = clinician_rows(stage, final=final)
    data = pd.DataFrame([{Col.ATHLETE: label, PlanCol.START: pd.Timestamp(r["start"]),
                          PlanCol.REVIEW: None if r["review"] is None
                          else pd.Timestamp(r["review"]),
                          PlanCol.RESTRICTION: r["restriction"], PlanCol.CAP: r["cap"]}
                         for r in rows])
    if len(data):
        plan_rows(conn, data, by, f"return plan {plan['id']}", None)


def approve_plan(store_or_url: StoreOrUrl, team: str, plan_id: int,
                 stages: pd.DataFrame | None = None, *, by: str = "cli") -> None:
    """A clinician approves a draft (with the stages as edited): stage 1 begins, its caps
    become clinician plans, and the episode is in return."""
    with opened(store_or_url) as store, store.write() as conn:
        plan = _plan(conn, team, plan_id)
        if plan["status"] != "draft":
            raise UsageError(f"return plan {plan_id} is already {plan['status']}")
        _, code, label = _episode_athlete(conn, team, plan["episode_id"])
        if stages is not None:
            for _, stage in stages.iterrows():  # a clinician's edits of five stages
                row = _stage_row(stage)
                conn.execute(sa.update(return_stages).where(
                    return_stages.c.plan_id == plan_id,
                    return_stages.c.stage == row[StageCol.STAGE]).values(**row))
        first = _stage(conn, plan_id, 1)
        if first[StageCol.START] is None:
            raise UsageError("the first stage needs a start date")
        stamp = now()
        conn.execute(sa.update(return_plans).where(return_plans.c.id == plan_id).values(
            status="approved", current_stage=1, approved_by=by, approved_at=stamp))
        conn.execute(sa.update(injury_episodes).where(
            injury_episodes.c.id == plan["episode_id"]).values(status="in_return",
                                                                updated_at=stamp))
        _write_stage(conn, plan, label, first, False, by)
        audit.record(conn, by, "return_plan.approve", "return_plans", plan_id, f"athlete={code}")


def _plan(conn: Connection, team: str, plan_id: int) -> dict[str, Any]:
    plan = conn.execute(sa.select(return_plans).where(return_plans.c.id == int(plan_id))
                        ).mappings().first()
    if plan is None:
        raise UsageError(f"team '{team}' has no return plan {plan_id}")
    _episode_athlete(conn, team, plan["episode_id"])  # the plan's episode is in the team
    return dict(plan)


def _stage(conn: Connection, plan_id: int, number: int) -> dict[str, Any]:
    row = conn.execute(sa.select(return_stages).where(
        return_stages.c.plan_id == plan_id, return_stages.c.stage == number)).mappings().first()
    if row is None:
        raise LogError(f"return plan {plan_id} has no stage {number}")
    return dict(row)


def advance_plan(store_or_url: StoreOrUrl, team: str, plan_id: int, on: dt.date, *,
                 by: str = "cli") -> int:
    """The clinician's tick: the current stage ends the day before `on` and the next begins
    on `on` (review after its weeks); its caps become clinician plans. Reaching full training
    sets the episode's return date; reaching competition clears the plans and closes it.
    Returns the new stage number. (The symptom-free check is the caller's: Service.)"""
    with opened(store_or_url) as store, store.write() as conn:
        plan = _plan(conn, team, plan_id)
        if plan["status"] != "approved":
            raise UsageError(f"return plan {plan_id} is {plan['status']}, not running")
        _, code, label = _episode_athlete(conn, team, plan["episode_id"])
        number, stamp = int(plan["current_stage"]), now()
        conn.execute(sa.update(return_stages).where(
            return_stages.c.plan_id == plan_id, return_stages.c.stage == number)
            .values(ticked_by=by, ticked_at=stamp, review_date=on - dt.timedelta(days=1)))
        nxt = _stage(conn, plan_id, number + 1)
        final = conn.execute(sa.select(sa.func.max(return_stages.c.stage)).where(
            return_stages.c.plan_id == plan_id)).scalar_one() == number + 1
        review = None if final else on + dt.timedelta(days=7 * int(nxt["weeks"]) - 1)
        conn.execute(sa.update(return_stages).where(return_stages.c.id == nxt["id"])
                     .values(start_date=on, review_date=review))
        nxt.update({StageCol.START: on, StageCol.REVIEW: review})
        episode: dict[str, Any] = {"updated_at": stamp}
        if number + 1 == FULL_TRAINING_STAGE:
            episode[EpisodeCol.RETURN] = on
        if final:
            episode[EpisodeCol.STATUS] = "closed"
        conn.execute(sa.update(return_plans).where(return_plans.c.id == plan_id).values(
            current_stage=number + 1, status="done" if final else "approved"))
        conn.execute(sa.update(injury_episodes).where(
            injury_episodes.c.id == plan["episode_id"]).values(**episode))
        _write_stage(conn, plan, label, nxt, final, by)
        audit.record(conn, by, "return_plan.advance", "return_plans", plan_id,
                     f"athlete={code} stage={number + 1}")
    return number + 1


def running_stages(store_or_url: StoreOrUrl, team: str) -> pd.DataFrame:
    """Per athlete of the team with a running (approved) plan: the current stage's name,
    dates and caps, and the episode's return date — no diagnosis, imaging or notes (what the
    availability view needs). Also athletes of open episodes without a running plan."""
    with opened(store_or_url) as store, store.read() as conn:
        team_id = require_team(conn, team)
        stage = sa.select(
            athlete_names.c.label.label(Col.ATHLETE), return_stages.c.name,
            return_stages.c.start_date, return_stages.c.review_date,
            return_stages.c.cap_minutes, return_stages.c.cap_srpe_au,
            return_stages.c.cap_extension, return_stages.c.no_extension,
            return_plans.c.current_stage.label(StageCol.STAGE),
            injury_episodes.c.return_date, injury_episodes.c.status.label("episode_status"),
        ).select_from(
            return_plans.join(return_stages, sa.and_(
                return_stages.c.plan_id == return_plans.c.id,
                return_stages.c.stage == return_plans.c.current_stage))
            .join(injury_episodes, injury_episodes.c.id == return_plans.c.episode_id)
            .join(athletes, athletes.c.id == return_plans.c.athlete_id)
            .join(athlete_names, athlete_names.c.athlete_id == athletes.c.id)
        ).where(athletes.c.team_id == team_id, return_plans.c.status.in_(("approved", "done")))
        running = fetch(conn, stage)
        opened_only = fetch(conn, sa.select(
            athlete_names.c.label.label(Col.ATHLETE), injury_episodes.c.status.label(
                "episode_status"), injury_episodes.c.return_date)
            .join(athletes, athletes.c.id == injury_episodes.c.athlete_id)
            .join(athlete_names, athlete_names.c.athlete_id == athletes.c.id)
            .where(athletes.c.team_id == team_id, injury_episodes.c.status == "open"))
    opened_only = opened_only[~opened_only[Col.ATHLETE].isin(running[Col.ATHLETE])]
    return pd.concat([running, opened_only], ignore_index=True)
