"""What athletes report themselves (issue 16): personal links, sessions, weekly back checks.

A link row keeps only the SHA-256 of its token (:mod:`loadwatch.app.links` makes tokens); a
new link of the same kind revokes the athlete's older one. Self-reported sessions are load
data and join the coach's log through :func:`with_self_sessions`: where the coach's log has
the athlete on that day, the coach's value wins (nothing is summed). Back checks are
clinical data (therapist role); :func:`load_back_checks` gives them as symptom check-ins
(SymptomCol) so that the S rules read them beside the therapist's. Every write is audited
with ids and counts only; tokens and answers are never logged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from loadwatch.config import Config
from loadwatch.ingest.log import extension_heavy
from loadwatch.schema import SESSION_COLUMNS, SYMPTOM_FIELDS, UNSPECIFIED_SPORT, Col, SymptomCol
from loadwatch.store import audit
from loadwatch.store.athletes import require_team
from loadwatch.store.db import StoreOrUrl, now, opened
from loadwatch.store.frames import dates, fetch, typed
from loadwatch.store.tables import (
    athlete_links,
    athlete_names,
    athletes,
    back_checks,
    guardian_consents,
    self_sessions,
    teams,
)

#: Columns of a back check beyond the symptom check-in's (OSTRC points as scored).
OSTRC_COLUMNS = ("ostrc_participation", "ostrc_volume", "ostrc_performance", "ostrc_pain",
                 "ostrc_score")
_SYMPTOMS = [f.name for f in SYMPTOM_FIELDS if f.name not in (Col.ATHLETE, SymptomCol.ONSET,
                                                               SymptomCol.PAIN)]


@dataclass(frozen=True)
class Link:
    """A link as found by its token hash: whose it is and whether it still works."""

    id: int
    athlete_id: int
    team_id: int
    team: str
    athlete: str
    kind: str
    email: str | None
    birth_date: dt.date | None
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    main_sport: str | None = None

    @property
    def status(self) -> str:
        """'ok', 'revoked' or 'expired'."""
        if self.revoked_at is not None:
            return "revoked"
        expires = self.expires_at if self.expires_at.tzinfo else \
            self.expires_at.replace(tzinfo=dt.UTC)
        return "expired" if expires <= now() else "ok"


# --- links ---------------------------------------------------------------------------------


def athlete_ids(conn: Connection, team: str, label: str) -> tuple[int, int]:
    """(athlete id, team id) of an athlete of the team; LookupError when it has none."""
    team_id = require_team(conn, team)
    found = conn.execute(sa.select(athlete_names.c.athlete_id).where(
        athlete_names.c.team_id == team_id, athlete_names.c.label == str(label))).scalar()
    if found is None:
        raise LookupError(f"team '{team}' has no athlete with that id")
    return int(found), team_id


def add_link(store_or_url: StoreOrUrl, team: str, athlete: str, kind: str, token_hash: str,
             *, expires_at: dt.datetime, email: str | None, by: str) -> int:
    """Store a new link (revoking the athlete's older links of that kind); audited."""
    with opened(store_or_url) as store, store.write() as conn:
        athlete_id, team_id = athlete_ids(conn, team, athlete)
        stamp = now()
        old = conn.execute(sa.update(athlete_links).where(
            athlete_links.c.athlete_id == athlete_id, athlete_links.c.kind == kind,
            athlete_links.c.revoked_at.is_(None)).values(revoked_at=stamp)).rowcount
        link_id = conn.execute(sa.insert(athlete_links).values(
            athlete_id=athlete_id, team_id=team_id, kind=kind, token_hash=token_hash,
            email=email, created_by=by, created_at=stamp, expires_at=expires_at)
            .returning(athlete_links.c.id)).scalar_one()
        audit.record(conn, by, f"link.{kind}", "athlete_links", link_id,
                     f"athlete_id={athlete_id} revoked={old}")
    return int(link_id)


def revoke_links(store_or_url: StoreOrUrl, team: str, athlete: str, *, by: str,
                 kind: str | None = None) -> int:
    """Revoke the athlete's working links (of one kind, or all); returns how many; audited."""
    with opened(store_or_url) as store, store.write() as conn:
        athlete_id, _ = athlete_ids(conn, team, athlete)
        query = sa.update(athlete_links).where(athlete_links.c.athlete_id == athlete_id,
                                               athlete_links.c.revoked_at.is_(None))
        if kind is not None:
            query = query.where(athlete_links.c.kind == kind)
        count = conn.execute(query.values(revoked_at=now())).rowcount
        audit.record(conn, by, "link.revoke", "athletes", athlete_id, f"revoked={count}")
    return int(count)


def find_link(store_or_url: StoreOrUrl, token_hash: str) -> Link | None:
    """The link with this token hash (whatever its status), or None."""
    query = (sa.select(athlete_links.c.id, athlete_links.c.athlete_id, athlete_links.c.team_id,
                       teams.c.name, athlete_names.c.label, athlete_links.c.kind,
                       athlete_links.c.email, athletes.c.birth_date, athlete_links.c.expires_at,
                       athlete_links.c.revoked_at, athletes.c.main_sport)
             .join(teams, teams.c.id == athlete_links.c.team_id)
             .join(athletes, athletes.c.id == athlete_links.c.athlete_id)
             .join(athlete_names, athlete_names.c.athlete_id == athlete_links.c.athlete_id)
             .where(athlete_links.c.token_hash == token_hash))
    with opened(store_or_url) as store, store.read() as conn:
        row = conn.execute(query).first()
    return None if row is None else Link(*row)


def team_links(store_or_url: StoreOrUrl, team: str) -> pd.DataFrame:
    """The team's athletes with their working links' state: athlete, birth_date, athlete
    link (created, expires), guardian link, contact e-mail (never a token)."""
    with opened(store_or_url) as store, store.read() as conn:
        team_id = require_team(conn, team)
        people = fetch(conn, sa.select(athlete_names.c.athlete_id, athlete_names.c.label,
                                       athletes.c.birth_date)
                       .join(athletes, athletes.c.id == athlete_names.c.athlete_id)
                       .where(athlete_names.c.team_id == team_id))
        links = fetch(conn, sa.select(athlete_links.c.athlete_id, athlete_links.c.kind,
                                      athlete_links.c.created_at, athlete_links.c.expires_at,
                                      athlete_links.c.email)
                      .where(athlete_links.c.team_id == team_id,
                             athlete_links.c.revoked_at.is_(None)))
    out = people.rename(columns={"label": Col.ATHLETE})
    for kind in ("athlete", "guardian"):
        mine = links[links["kind"] == kind].drop(columns="kind").rename(
            columns={"created_at": f"{kind}_link_created", "expires_at": f"{kind}_link_expires",
                     "email": f"{kind}_email"})
        out = out.merge(mine, on="athlete_id", how="left")
    return out.sort_values(Col.ATHLETE, kind="stable").reset_index(drop=True)


# --- reports -------------------------------------------------------------------------------


def submissions_since(store_or_url: StoreOrUrl, link_id: int, since: dt.datetime) -> int:
    """How many forms came through a link since `since` (the rate limit counts these)."""
    with opened(store_or_url) as store, store.read() as conn:
        return int(sum(conn.execute(sa.select(sa.func.count()).select_from(t).where(
            t.c.link_id == link_id, t.c.created_at >= since)).scalar_one()
            for t in (self_sessions, back_checks)))


def add_report(store_or_url: StoreOrUrl, link: Link, kind: str, submission_id: str,
               values: dict[str, Any]) -> bool:
    """Store one session (kind 'session') or back check ('back_check') of the link's
    athlete; False when this submission id is already stored (a retried form)."""
    table = self_sessions if kind == "session" else back_checks
    with opened(store_or_url) as store, store.write() as conn:
        seen = conn.execute(sa.select(table.c.id).where(
            table.c.athlete_id == link.athlete_id, table.c.submission_id == submission_id)
        ).first()
        if seen is not None:
            return False
        row_id = conn.execute(sa.insert(table).values(
            athlete_id=link.athlete_id, link_id=link.id, submission_id=submission_id,
            created_at=now(), **values).returning(table.c.id)).scalar_one()
        audit.record(conn, "athlete-link", f"selfreport.{kind}", table.name, row_id,
                     f"link={link.id}")
    return True


def _team_rows(conn: Connection, table: sa.Table, team: str, columns: list[Any],
               athlete: int | None) -> pd.DataFrame:
    team_id = require_team(conn, team)
    query = (sa.select(athlete_names.c.label.label(Col.ATHLETE), *columns)
             .join(athlete_names, athlete_names.c.athlete_id == table.c.athlete_id)
             .where(athlete_names.c.team_id == team_id))
    if athlete is not None:
        query = query.where(table.c.athlete_id == athlete)
    return fetch(conn, query.order_by(athlete_names.c.label, table.c.date, table.c.id))


def load_self_sessions(store_or_url: StoreOrUrl, team: str, *, athlete_id: int | None = None
                       ) -> pd.DataFrame:
    """The team's self-reported sessions: athlete, date, duration_min, rpe, extension_reps,
    created_at (one athlete's with `athlete_id`)."""
    cols = [self_sessions.c.date, self_sessions.c.duration_min, self_sessions.c.rpe,
            self_sessions.c.extension_reps, self_sessions.c.created_at]
    with opened(store_or_url) as store, store.read() as conn:
        rows = _team_rows(conn, self_sessions, team, cols, athlete_id)
    rows[Col.DATE] = dates(rows[Col.DATE])
    for name in (Col.DURATION, Col.RPE, Col.EXT_REPS):
        rows[name] = rows[name].astype("float64")
    return rows


def load_back_checks(store_or_url: StoreOrUrl, team: str, *, athlete_id: int | None = None
                     ) -> pd.DataFrame:
    """The team's back checks (clinical): SymptomCol columns plus the OSTRC points."""
    cols = [back_checks.c[c] for c in [*_SYMPTOMS[1:], *OSTRC_COLUMNS]]
    with opened(store_or_url) as store, store.read() as conn:
        rows = _team_rows(conn, back_checks, team, [back_checks.c.date, *cols], athlete_id)
    for name in (SymptomCol.ONSET, SymptomCol.PAIN):
        rows[name] = None
    out = typed(rows, SYMPTOM_FIELDS)
    for name in OSTRC_COLUMNS:
        out[name] = rows[name].astype("int64")
    return out


def with_back_checks(symptoms: pd.DataFrame, checks: pd.DataFrame) -> pd.DataFrame:
    """Therapist check-ins and self-reported back checks as one check-in table (S rules)."""
    if checks.empty:
        return symptoms
    mine = checks[[f.name for f in SYMPTOM_FIELDS]]
    both = mine if symptoms.empty else pd.concat([symptoms, mine], ignore_index=True)
    return both.sort_values([SymptomCol.ATHLETE, SymptomCol.DATE], kind="stable") \
        .reset_index(drop=True)


def delete_reports(store_or_url: StoreOrUrl, athlete_id: int, *, by: str) -> int:
    """Erase every self-report of an athlete (after consent is withdrawn); audited."""
    with opened(store_or_url) as store, store.write() as conn:
        count = sum(conn.execute(sa.delete(t).where(t.c.athlete_id == athlete_id)).rowcount
                    for t in (self_sessions, back_checks))
        audit.record(conn, by, "selfreport.delete", "athletes", athlete_id, f"rows={count}")
    return int(count)


# --- the coach's log and the athlete's reports -----------------------------------------------


def compare_sessions(log: pd.DataFrame, reported: pd.DataFrame) -> pd.DataFrame:
    """Each self-reported session beside the coach's log of that athlete-day: athlete, date,
    minutes, RPE, load (athlete), coach_minutes, coach_load, used ('athlete' or 'coach')
    and load_difference (athlete − coach, AU); the coach's value wins, nothing is summed."""
    out = reported[[Col.ATHLETE, Col.DATE, Col.DURATION, Col.RPE]].copy()
    out[Col.LOAD] = out[Col.DURATION] * out[Col.RPE]
    if Col.DATE in log and len(log):
        coach = log.groupby([Col.ATHLETE, Col.DATE], as_index=False).agg(
            coach_minutes=(Col.DURATION, "sum"), coach_load=(Col.LOAD, "sum"))
        coach[Col.ATHLETE] = coach[Col.ATHLETE].astype(str)
    else:
        coach = pd.DataFrame({Col.ATHLETE: pd.Series(dtype=str),
                              Col.DATE: pd.Series(dtype="datetime64[ns]"),
                              "coach_minutes": pd.Series(dtype=float),
                              "coach_load": pd.Series(dtype=float), })
    out[Col.ATHLETE] = out[Col.ATHLETE].astype(str)
    out = out.merge(coach.assign(_coach=True), on=[Col.ATHLETE, Col.DATE], how="left")
    out["used"] = np.where(out.pop("_coach").eq(True), "coach", "athlete")
    out["load_difference"] = (out[Col.LOAD] - out["coach_load"]).where(out["used"] == "coach")
    return out


def with_self_sessions(log: pd.DataFrame, reported: pd.DataFrame, team: str,
                       config: Config) -> pd.DataFrame:
    """The coach's session log plus the athlete-reported sessions of days the coach's log
    does not have for that athlete (each covers its own day only: the days around it stay
    missing, not rest). A weekly-totals log is returned as it is."""
    if reported.empty or Col.DATE not in log:
        return log
    compared = compare_sessions(log, reported)
    fresh = reported[(compared["used"] == "athlete").to_numpy()]
    if fresh.empty:
        return log
    known = log[log[Col.SPORT] != UNSPECIFIED_SPORT]
    sport_of = known.groupby(Col.ATHLETE)[Col.SPORT].last()
    rows = pd.DataFrame({Col.ATHLETE: fresh[Col.ATHLETE].astype(str).to_numpy()})
    rows[Col.DATE] = fresh[Col.DATE].to_numpy()
    rows[Col.SPORT] = rows[Col.ATHLETE].map(sport_of).astype(object).fillna(UNSPECIFIED_SPORT)
    rows[Col.DURATION] = fresh[Col.DURATION].to_numpy()
    rows[Col.RPE] = fresh[Col.RPE].to_numpy()
    rows[Col.LOAD] = rows[Col.DURATION] * rows[Col.RPE]
    rows[Col.EXT_REPS] = fresh[Col.EXT_REPS].to_numpy()
    in_reps = Col.EXT_REPS in log and log[Col.EXT_REPS].notna().any()
    heavy = extension_heavy(rows[Col.SPORT], config)
    rows[Col.EXT_EXPOSURE] = rows[Col.EXT_REPS] if in_reps else \
        rows[Col.DURATION].where(heavy, 0.0)
    rows[Col.TEAM] = team
    rows[Col.SOURCE_ROW] = 0
    rows[Col.COVER_START] = rows[Col.DATE]
    rows[Col.COVER_END] = rows[Col.DATE]
    rows = rows.reindex(columns=list(SESSION_COLUMNS)).astype(
        {c: log[c].dtype for c in SESSION_COLUMNS if c in log}, errors="ignore")
    both = pd.concat([log, rows], ignore_index=True)
    return both.sort_values([Col.ATHLETE, Col.DATE], kind="stable").reset_index(drop=True)


# --- guardian consent -----------------------------------------------------------------------


def add_consent(store_or_url: StoreOrUrl, link: Link, decision: str, version: str) -> None:
    """Store a guardian's decision with the version of the text they read; audited."""
    with opened(store_or_url) as store, store.write() as conn:
        row_id = conn.execute(sa.insert(guardian_consents).values(
            athlete_id=link.athlete_id, link_id=link.id, decision=decision, version=version,
            decided_at=now()).returning(guardian_consents.c.id)).scalar_one()
        audit.record(conn, "guardian-link", f"consent.{decision}", "guardian_consents",
                     row_id, f"athlete_id={link.athlete_id} version={version}")


def consent_of(store_or_url: StoreOrUrl, athlete_id: int) -> tuple[str, str] | None:
    """The latest guardian decision (decision, version) for an athlete, or None."""
    with opened(store_or_url) as store, store.read() as conn:
        row = conn.execute(sa.select(guardian_consents.c.decision, guardian_consents.c.version)
                           .where(guardian_consents.c.athlete_id == athlete_id)
                           .order_by(guardian_consents.c.id.desc()).limit(1)).first()
    return None if row is None else (str(row[0]), str(row[1]))


# --- the demo ------------------------------------------------------------------------------

#: A few athlete reports for `loadwatch demo` / `make run`, all on days the coach's log has
#: (the coach's value wins, so no metric or level of the sample club changes): (athlete,
#: date, minutes, RPE) sessions and (athlete, date) back checks without pain.
DEMO_SESSIONS = (("GYM-11", "2026-11-17", 120.0, 8.0), ("GYM-11", "2026-11-19", 125.0, 5.0),
                 ("GYM-05", "2026-11-17", 120.0, 7.0), ("GYM-14", "2026-11-18", 125.0, 7.0))
DEMO_CHECKS = (("GYM-11", "2026-11-20"), ("GYM-05", "2026-11-20"), ("GYM-14", "2026-11-13"),
               ("GYM-14", "2026-11-20"))
_NO_PAIN = {**dict.fromkeys(OSTRC_COLUMNS, 0), "low_back_pain": False,
            "worse_when_arching": False, "limits_training": False, "night_pain": False,
            "fever_or_unwell": False, "weight_loss": False, "leg_numbness_weakness": False,
            "bladder_bowel_change": False, "trauma": False}


def seed_demo_reports(conn: Connection, team: str, by: str) -> str:
    """Demo links (their tokens are thrown away: a coach makes real ones), a guardian's
    consent for the minor, and DEMO_SESSIONS / DEMO_CHECKS, in the caller's transaction."""
    team_id = require_team(conn, team)
    stamp = now()
    link_of: dict[str, int] = {}
    for athlete in sorted({a for a, *_ in DEMO_SESSIONS} | {a for a, _ in DEMO_CHECKS}):
        athlete_id, _ = athlete_ids(conn, team, athlete)
        for kind in ("athlete", "guardian"):
            link_id = conn.execute(sa.insert(athlete_links).values(
                athlete_id=athlete_id, team_id=team_id, kind=kind,
                token_hash=hashlib.sha256(secrets.token_bytes(32)).hexdigest(), created_by=by,
                created_at=stamp, expires_at=stamp + dt.timedelta(days=180))
                .returning(athlete_links.c.id)).scalar_one()
            link_of[f"{athlete}/{kind}"] = int(link_id)
        conn.execute(sa.insert(guardian_consents).values(
            athlete_id=athlete_id, link_id=link_of[f"{athlete}/guardian"], decision="consented",
            version="1 (2026-12-02)", decided_at=stamp))
        link_of[athlete] = athlete_id
    rows = [{"athlete_id": link_of[a], "link_id": link_of[f"{a}/athlete"],
             "submission_id": f"demo-{a}-{d}", "date": dt.date.fromisoformat(d),
             "duration_min": m, "rpe": r, "created_at": stamp} for a, d, m, r in DEMO_SESSIONS]
    conn.execute(sa.insert(self_sessions), rows)
    checks = [{"athlete_id": link_of[a], "link_id": link_of[f"{a}/athlete"],
               "submission_id": f"demo-{a}-{d}", "date": dt.date.fromisoformat(d),
               "created_at": stamp, **_NO_PAIN} for a, d in DEMO_CHECKS]
    conn.execute(sa.insert(back_checks), checks)
    audit.record(conn, by, "selfreport.demo", "self_sessions", None,
                 f"sessions={len(rows)} back_checks={len(checks)}")
    return (f"athlete self-reports: {len(rows)} session(s), {len(checks)} back check(s) of "
            f"{len({a for a, _ in DEMO_CHECKS})} athletes (demo links)")
