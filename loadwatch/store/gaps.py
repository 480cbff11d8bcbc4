"""Resolved logging gaps: a person said a stretch of an athlete's days was rest, or was not
recorded (spec §3.2, issue 14).

A possible logging gap is *unconfirmed* rest until someone resolves it
(:mod:`loadwatch.series.gaps`). The answer is stored here, per team-scoped athlete and span,
and applied whenever the store's session log is loaded (:func:`resolution_rows`, used by
:func:`loadwatch.store.queries.load_sessions`): each day becomes an explicit row marked
``rest`` (confirmed rest) or ``missing`` (not recorded, handled by the missing-data rules) —
the markers a coach's own file may carry (spec §3.1). A day that has a session in the store
keeps its session: an upload that later fills the gap wins over the answer. Every
resolution is audited (athlete code, days, resolution; never a name).
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from loadwatch.errors import UsageError
from loadwatch.schema import SESSION_COLUMNS, Col, DayStatus
from loadwatch.store import audit
from loadwatch.store.athletes import require_known, require_team
from loadwatch.store.db import StoreOrUrl, now, opened
from loadwatch.store.frames import dates, fetch, identity, members, with_identity
from loadwatch.store.tables import GAP_RESOLUTIONS, gap_resolutions

#: the day status each resolution writes into the loaded log
DAY_STATUS_OF: Final = {"rest": DayStatus.REST, "not_recorded": DayStatus.MISSING}
RESOLUTION_COLUMNS: Final = (Col.ATHLETE, "first_day", "last_day", "resolution", "resolved_by",
                             "resolved_at")


def _day(value: dt.date | str) -> dt.date:
    try:
        return pd.Timestamp(value).date()
    except (ValueError, TypeError):
        raise UsageError(f"'{value}' is not a date (use YYYY-MM-DD)") from None


def resolve_gap(store_or_url: StoreOrUrl, team: str, athlete: str, first: dt.date | str,
                last: dt.date | str, resolution: str, *, by: str = "cli") -> int:
    """Store that the athlete's days `first` … `last` were rest ('rest') or were not
    recorded ('not_recorded'); returns the resolution's id. The same span again changes its
    answer; a span overlapping another resolution is refused (UsageError). Audited."""
    if resolution not in GAP_RESOLUTIONS:
        raise UsageError(f"a gap is resolved as {' or '.join(GAP_RESOLUTIONS)}, "
                         f"not '{resolution}'")
    start, end = _day(first), _day(last)
    if end < start:
        raise UsageError(f"the gap ends ({end}) before it starts ({start})")
    with opened(store_or_url) as store, store.write() as conn:
        team_id = require_team(conn, team)
        person = require_known(conn, [athlete], "gap", team_id)[str(athlete)]
        found = conn.execute(sa.select(gap_resolutions).where(
            gap_resolutions.c.athlete_id == person.id,
            gap_resolutions.c.first_day <= end, gap_resolutions.c.last_day >= start,
        )).mappings().all()
        same = [r for r in found if (r["first_day"], r["last_day"]) == (start, end)]
        if len(found) > len(same):
            other = next(r for r in found if r not in same)
            raise UsageError(f"{start} to {end} overlaps the resolved gap {other['first_day']} "
                             f"to {other['last_day']}; resolve that same span to change it")
        values = {"resolution": resolution, "resolved_by": by[:100], "resolved_at": now()}
        if same:
            gap_id = int(same[0]["id"])
            conn.execute(sa.update(gap_resolutions).where(gap_resolutions.c.id == gap_id)
                         .values(**values))
        else:
            gap_id = int(conn.execute(sa.insert(gap_resolutions).values(
                athlete_id=person.id, first_day=start, last_day=end, **values)
                .returning(gap_resolutions.c.id)).scalar_one())
        audit.record(conn, by, "gap.resolve", "gap_resolutions", gap_id,
                     f"athlete={person.code} days={(end - start).days + 1} "
                     f"resolution={resolution}")
    return gap_id


def _query(conn: Connection, chosen: sa.Select | None, pseudonymise: bool) -> pd.DataFrame:
    query = with_identity(
        sa.select(identity(pseudonymise).label(Col.ATHLETE), gap_resolutions),
        gap_resolutions.c.athlete_id, pseudonymise)
    if chosen is not None:
        query = query.where(gap_resolutions.c.athlete_id.in_(chosen))
    return fetch(conn, query.order_by(gap_resolutions.c.id))


def load_resolutions(store_or_url: StoreOrUrl, team: str | None = None, *,
                     pseudonymise: bool = False) -> pd.DataFrame:
    """The stored resolutions of the team's athletes (or all): athlete, first_day, last_day
    (dates), resolution ('rest' | 'not_recorded'), resolved_by, resolved_at."""
    with opened(store_or_url) as store, store.read() as conn:
        rows = _query(conn, members(conn, team, pseudonymise), pseudonymise)
    out = pd.DataFrame({Col.ATHLETE: rows[Col.ATHLETE].astype(str),
                        "first_day": dates(rows["first_day"]), "last_day": dates(rows["last_day"]),
                        "resolution": rows["resolution"].astype(str),
                        "resolved_by": rows["resolved_by"].astype(str),
                        "resolved_at": rows["resolved_at"]})
    return out.sort_values([Col.ATHLETE, "first_day"], kind="stable").reset_index(drop=True)


def resolution_rows(conn: Connection, chosen: sa.Select | None, pseudonymise: bool,
                    since: dt.date | None = None) -> pd.DataFrame:
    """The resolutions as session-log rows (one per day, from `since` on): day_status 'rest'
    or 'missing', no values, each day its own coverage (spec §3.1 markers)."""
    rows = _query(conn, chosen, pseudonymise)
    first = dates(rows["first_day"]).to_numpy("datetime64[D]")
    last = dates(rows["last_day"]).to_numpy("datetime64[D]")
    length = (last - first).astype(np.int64) + 1
    index = np.repeat(np.arange(len(rows)), length)
    offset = np.arange(int(length.sum())) - np.repeat(np.cumsum(length) - length, length)
    day = (first[index] + offset.astype("timedelta64[D]")).astype("datetime64[ns]")
    out = pd.DataFrame({Col.ATHLETE: rows[Col.ATHLETE].astype(str).to_numpy()[index],
                        Col.DATE: day,
                        Col.DAY_STATUS: rows["resolution"].map(DAY_STATUS_OF).to_numpy()[index]})
    if since is not None:
        out = out[out[Col.DATE] >= pd.Timestamp(since)]
    return out.reset_index(drop=True)


def with_resolutions(log: pd.DataFrame, extra: pd.DataFrame) -> pd.DataFrame:
    """A session frame with the resolution rows added (days with a session keep only the
    session), in the frame's order: athlete, then date."""
    if extra.empty:
        return log
    key = log[Col.ATHLETE].astype(str) + "|" + log[Col.DATE].dt.strftime("%Y-%m-%d")
    extra_key = extra[Col.ATHLETE] + "|" + extra[Col.DATE].dt.strftime("%Y-%m-%d")
    extra = extra[~extra_key.isin(set(key))]
    if extra.empty:
        return log
    rows = pd.DataFrame({Col.ATHLETE: extra[Col.ATHLETE].astype(log[Col.ATHLETE].dtype),
                         Col.DATE: extra[Col.DATE], Col.SPORT: "unspecified",
                         Col.DAY_STATUS: extra[Col.DAY_STATUS],
                         Col.COVER_START: extra[Col.DATE], Col.COVER_END: extra[Col.DATE],
                         Col.SOURCE_ROW: np.int64(0)})
    rows = rows.reindex(columns=list(SESSION_COLUMNS))
    rows = rows.astype({c: log[c].dtype for c in SESSION_COLUMNS}, errors="ignore")
    both = pd.concat([log, rows], ignore_index=True)
    order = both[[Col.ATHLETE, Col.DATE]].sort_values([Col.ATHLETE, Col.DATE], kind="stable")
    return both.loc[order.index].reset_index(drop=True)
