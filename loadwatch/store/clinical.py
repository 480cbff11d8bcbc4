"""Clinical data: symptom check-ins, clinician plans and clinical notes (spec §1.4).

Therapist-role data about minors. It lives in its own tables and only this module reads or
writes them: coach-facing queries (:mod:`loadwatch.store.queries`) cannot reach them by
accident. Log output and the audit log say *that* something was recorded, for which
athlete code — never what it says. Every entry must name an athlete the team already has;
without a team (the command line's single-club stores) a label resolves only when one team
has it (:func:`loadwatch.store.athletes.lookup`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from loadwatch.errors import LogError, Problem
from loadwatch.ingest.readers import RawTable
from loadwatch.ingest.side_tables import plan_problems
from loadwatch.ingest.validate import parse_fields
from loadwatch.schema import PLAN_FIELDS, SYMPTOM_FIELDS, Col, PlanCol, SymptomCol
from loadwatch.store import audit
from loadwatch.store.athletes import require_known, team_id_or_none
from loadwatch.store.db import StoreOrUrl, now, opened
from loadwatch.store.frames import dates, fetch, identity, members, typed, with_identity
from loadwatch.store.profiles import ImportResult, python_value, read_side_table, unique_rows
from loadwatch.store.tables import clinical_notes, clinician_plans
from loadwatch.store.tables import symptom_checkins as checkins

log = logging.getLogger(__name__)

_SYMPTOM_VALUES = [f.name for f in SYMPTOM_FIELDS if f.name != Col.ATHLETE]
_PLAN_VALUES = [f.name for f in PLAN_FIELDS if f.name != Col.ATHLETE]


def _checkin_keys(data: pd.DataFrame) -> list[str]:
    keys = []
    for row in data.itertuples(index=False):
        text = "|".join("" if python_value(getattr(row, c)) is None
                        else str(python_value(getattr(row, c))) for c in _SYMPTOM_VALUES)
        keys.append(hashlib.sha256(text.encode("utf-8")).hexdigest()[:32])
    return keys


def _one_row(values: dict[str, Any], fields: tuple[Any, ...], what: str) -> pd.DataFrame:
    """Validate one entry typed at the command line through the same checks as a file."""
    cells = {k: ("" if v is None else ("yes" if v is True else "no" if v is False else str(v)))
             for k, v in values.items()}
    raw = RawTable(pd.DataFrame([cells], index=pd.RangeIndex(2, 3)), what)
    parsed = parse_fields(raw, fields)
    if parsed.problems:
        raise LogError(f"the {what} is not valid; nothing was stored",
                       [Problem(None, p.column, p.message) for p in parsed.problems])
    return parsed.data


# --- symptom check-ins ----------------------------------------------------------------------


def import_symptoms(store_or_url: StoreOrUrl, path: str | Path, *, team: str | None = None,
                    by: str = "cli", dayfirst: bool | None = None) -> ImportResult:
    """Store symptom check-ins of the team's athletes from a file (all rows or none); an
    identical check-in already stored for the athlete is skipped and counted."""
    data, _ = read_side_table(path, "symptom check-ins", dayfirst)
    with opened(store_or_url) as store, store.write() as conn:
        return symptom_rows(conn, data, by, Path(path).name, team)


def add_symptom(store_or_url: StoreOrUrl, athlete: str, date: dt.date | str, *,
                team: str | None = None, low_back_pain: bool = True, by: str = "cli",
                **answers: Any) -> ImportResult:
    """Store one check-in. `answers` are the other SymptomCol fields (side, worse_when_arching,
    onset_date, pain_0_10, limits_training and the red flags); omitted means not recorded."""
    unknown = sorted(set(answers) - set(_SYMPTOM_VALUES))
    if unknown:
        raise LogError(f"unknown symptom field(s) {unknown}; valid: {', '.join(_SYMPTOM_VALUES)}")
    values = {Col.ATHLETE: athlete, SymptomCol.DATE: date,
              SymptomCol.BACK_PAIN: low_back_pain, **answers}
    data = _one_row(values, SYMPTOM_FIELDS, "symptom check-in")
    with opened(store_or_url) as store, store.write() as conn:
        return symptom_rows(conn, data, by, "check-in", team)


def symptom_rows(conn: Connection, data: pd.DataFrame, entered_by: str, name: str,
                 team: str | None = None) -> ImportResult:
    """Store validated check-ins of the team's athletes inside the caller's transaction."""
    people = require_known(conn, data[Col.ATHLETE].astype(str), name,
                           team_id_or_none(conn, team))
    frame = data.assign(checkin_key=_checkin_keys(data))
    ids = sorted({p.id for p in people.values()})
    stored = {(a, k) for a, k in conn.execute(
        sa.select(checkins.c.athlete_id, checkins.c.checkin_key)
        .where(checkins.c.athlete_id.in_(ids))).all()}
    rows, skipped, stamp = [], 0, now()
    for row in frame.itertuples(index=False):
        athlete_id = people[str(getattr(row, Col.ATHLETE))].id
        key = row.checkin_key
        if (athlete_id, key) in stored:
            skipped += 1
            continue
        stored.add((athlete_id, key))
        rows.append({"athlete_id": athlete_id, "checkin_key": key, "entered_by": entered_by,
                     "created_at": stamp,
                     **{c: python_value(getattr(row, c)) for c in _SYMPTOM_VALUES}})
    if rows:
        conn.execute(sa.insert(checkins), rows)
    audit.record(conn, entered_by, "symptoms.add", "symptom_checkins", None,
                 f"added={len(rows)} skipped={skipped}")
    log.info("%d symptom check-in(s) stored for %d athlete(s)", len(rows), len(ids))
    return ImportResult(len(rows), 0, skipped,
                        f"{name}: {len(rows)} check-in(s) stored, {skipped} already stored")


def load_symptoms(store_or_url: StoreOrUrl, team: str | None = None, *,
                  pseudonymise: bool = False) -> pd.DataFrame:
    """Symptom check-ins (SymptomCol columns), by athlete and date. Therapist role only."""
    who = identity(pseudonymise)
    with opened(store_or_url) as store, store.read() as conn:
        chosen = members(conn, team, pseudonymise)
        query = with_identity(
            sa.select(who.label(Col.ATHLETE), *[checkins.c[c] for c in _SYMPTOM_VALUES]),
            checkins.c.athlete_id, pseudonymise)
        if chosen is not None:
            query = query.where(checkins.c.athlete_id.in_(chosen))
        rows = fetch(conn, query)
    return typed(rows, SYMPTOM_FIELDS).sort_values(
        [SymptomCol.ATHLETE, SymptomCol.DATE], kind="stable").reset_index(drop=True)


# --- clinician plans ------------------------------------------------------------------------


def import_plans(store_or_url: StoreOrUrl, path: str | Path, *, team: str | None = None,
                 by: str = "cli", dayfirst: bool | None = None) -> ImportResult:
    """Store clinician plans from a file (all rows or none). A plan is identified by athlete,
    start date and restriction; importing it again updates its review date and cap."""
    data, _ = read_side_table(path, "clinician plans", dayfirst)
    unique_rows(data, [PlanCol.ATHLETE, PlanCol.START, PlanCol.RESTRICTION], "clinician plans")
    with opened(store_or_url) as store, store.write() as conn:
        return plan_rows(conn, data, by, Path(path).name, team)


def add_plan(store_or_url: StoreOrUrl, athlete: str, start_date: dt.date | str,
             restriction: str, *, review_date: dt.date | str | None = None,
             cap: float | None = None, team: str | None = None, by: str = "cli"
             ) -> ImportResult:
    """Store (or update) one clinician plan for an athlete of the team."""
    values = {Col.ATHLETE: athlete, PlanCol.START: start_date, PlanCol.REVIEW: review_date,
              PlanCol.RESTRICTION: restriction, PlanCol.CAP: cap}
    data = _one_row(values, PLAN_FIELDS, "clinician plan")
    problems = plan_problems(data)  # the checks a plans file gets (a cap plan needs a cap)
    if problems:
        raise LogError("the clinician plan is not valid; nothing was stored",
                       [Problem(None, p.column, p.message) for p in problems])
    with opened(store_or_url) as store, store.write() as conn:
        return plan_rows(conn, data, by, "plan", team)


def plan_rows(conn: Connection, data: pd.DataFrame, entered_by: str, name: str,
              team: str | None = None) -> ImportResult:
    """Store validated plans of the team's athletes inside the caller's transaction."""
    people = require_known(conn, data[Col.ATHLETE].astype(str), name,
                           team_id_or_none(conn, team))
    ids = sorted({p.id for p in people.values()})
    stored = {(a, s, r): i for i, a, s, r in conn.execute(
        sa.select(clinician_plans.c.id, clinician_plans.c.athlete_id,
                  clinician_plans.c.start_date, clinician_plans.c.restriction)
        .where(clinician_plans.c.athlete_id.in_(ids))).all()}
    added = updated = 0
    stamp = now()
    for row in data.itertuples(index=False):
        athlete_id = people[str(getattr(row, Col.ATHLETE))].id
        values = {c: python_value(getattr(row, c)) for c in _PLAN_VALUES}
        key = (athlete_id, values[PlanCol.START], values[PlanCol.RESTRICTION])
        if key in stored:
            conn.execute(sa.update(clinician_plans).where(clinician_plans.c.id == stored[key])
                         .values(review_date=values[PlanCol.REVIEW], cap=values[PlanCol.CAP],
                                 entered_by=entered_by, updated_at=stamp))
            updated += 1
        else:
            conn.execute(sa.insert(clinician_plans).values(
                athlete_id=athlete_id, entered_by=entered_by, created_at=stamp,
                updated_at=stamp, **values))
            added += 1
    audit.record(conn, entered_by, "plans.add", "clinician_plans", None,
                 f"added={added} updated={updated}")
    log.info("%d clinician plan(s) added, %d updated", added, updated)
    return ImportResult(added, updated, 0, f"{name}: {added} plan(s) added, {updated} updated")


def load_plans(store_or_url: StoreOrUrl, team: str | None = None, *,
               pseudonymise: bool = False) -> pd.DataFrame:
    """Clinician plans (PlanCol columns), by athlete and start date. Therapist role."""
    who = identity(pseudonymise)
    with opened(store_or_url) as store, store.read() as conn:
        chosen = members(conn, team, pseudonymise)
        query = with_identity(
            sa.select(who.label(Col.ATHLETE), *[clinician_plans.c[c] for c in _PLAN_VALUES]),
            clinician_plans.c.athlete_id, pseudonymise)
        if chosen is not None:
            query = query.where(clinician_plans.c.athlete_id.in_(chosen))
        rows = fetch(conn, query)
    return typed(rows, PLAN_FIELDS).sort_values(
        [PlanCol.ATHLETE, PlanCol.START], kind="stable").reset_index(drop=True)


# --- clinical notes -------------------------------------------------------------------------


def add_note(store_or_url: StoreOrUrl, athlete: str, text: str, *, team: str | None = None,
             date: dt.date | str | None = None, by: str = "cli") -> int:
    """Store a free-text clinical note for an athlete of the team; returns its id. Never
    logged, never audited in full."""
    body = (text or "").strip()
    if not body:
        raise LogError("a clinical note needs some text")
    day = dt.date.today() if date is None else pd.Timestamp(date).date()
    with opened(store_or_url) as store, store.write() as conn:
        person = require_known(conn, [athlete], "note", team_id_or_none(conn, team))[
            str(athlete)]
        note_id = conn.execute(sa.insert(clinical_notes).values(
            athlete_id=person.id, date=day, author=by, text=body, created_at=now())
            .returning(clinical_notes.c.id)).scalar_one()
        audit.record(conn, by, "note.add", "clinical_notes", note_id,
                     f"athlete={person.code}")
    log.info("clinical note %s added for %s", note_id, person.code)
    return int(note_id)


def load_notes(store_or_url: StoreOrUrl, team: str | None = None, *,
               athlete: str | None = None, pseudonymise: bool = False) -> pd.DataFrame:
    """Clinical notes (athlete, date, author, text, created_at), of a team or one athlete,
    newest first."""
    who = identity(pseudonymise)
    with opened(store_or_url) as store, store.read() as conn:
        chosen = members(conn, team, pseudonymise)
        query = with_identity(
            sa.select(who.label(Col.ATHLETE), clinical_notes.c.date, clinical_notes.c.author,
                      clinical_notes.c.text, clinical_notes.c.created_at),
            clinical_notes.c.athlete_id, pseudonymise)
        if chosen is not None:
            query = query.where(clinical_notes.c.athlete_id.in_(chosen))
        if athlete is not None:
            person = require_known(conn, [athlete], "notes", team_id_or_none(conn, team))[
                str(athlete)]
            query = query.where(clinical_notes.c.athlete_id == person.id)
        rows = fetch(conn, query.order_by(clinical_notes.c.date.desc(),
                                          clinical_notes.c.id.desc()))
    rows["date"] = dates(rows["date"])
    return rows

