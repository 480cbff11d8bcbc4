"""Teams, athletes and their pseudonymous codes.

An athlete belongs to one team: within it, the athlete is identified across uploads by the
athlete column as written in the coach's files (its *label*, e.g. ``GYM-01`` — or a name),
spec §1.1 "merge by athlete". The same label in two teams is two athletes (two clubs on one
server may both have a ``GYM-01``): identities never merge across teams. The label lives
only in ``athlete_names`` (unique per team); everything else refers to the athlete by id,
and log output by the random, stable code (``A-7F3K2Q``) drawn when the athlete is first
seen. Session logs and rosters create athletes; growth, symptoms, plans, notes and injuries
must name an athlete the team already has (a typo must not create a new child). A call
without a team resolves a label only when exactly one team has it.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Final, NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from loadwatch.errors import LogError, UsageError
from loadwatch.store.db import StoreOrUrl, now, opened
from loadwatch.store.tables import athlete_names, athletes, teams

#: Crockford base32 without I, L, O, U: no look-alike characters in a code
CODE_ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH: Final = 6
_MAX_LABEL = 200
_MAX_TEAM = 100


class Athlete(NamedTuple):
    """An athlete's row id and pseudonymous code."""

    id: int
    code: str


def new_code() -> str:
    """A random athlete code such as ``A-7F3K2Q`` (about 10⁹ possibilities)."""
    return "A-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def clean_team(name: str | None) -> str:
    """A team name as stored (trimmed); UsageError for a blank or overlong one."""
    text = " ".join(str(name or "").split())
    if not text:
        raise UsageError("a team name is needed (--team NAME)")
    if len(text) > _MAX_TEAM:
        raise UsageError(f"team names have at most {_MAX_TEAM} characters")
    return text


def find_team(conn: Connection, name: str) -> int | None:
    """The id of a team, or None."""
    return conn.execute(sa.select(teams.c.id).where(teams.c.name == clean_team(name))
                        ).scalar_one_or_none()


def require_team(conn: Connection, name: str) -> int:
    """The id of an existing team; LogError naming the known teams otherwise."""
    found = find_team(conn, name)
    if found is None:
        known = conn.execute(sa.select(teams.c.name).order_by(teams.c.name)).scalars().all()
        listed = ", ".join(f"'{t}'" for t in known) or "none yet"
        raise LogError(f"no team named '{clean_team(name)}' in the store (teams: {listed})")
    return found


def ensure_team(conn: Connection, name: str) -> int:
    """The id of a team, created if new (inside the caller's write transaction)."""
    found = find_team(conn, name)
    if found is not None:
        return found
    return int(conn.execute(sa.insert(teams).values(name=clean_team(name), created_at=now())
                            .returning(teams.c.id)).scalar_one())


def _check_labels(labels: Iterable[str]) -> list[str]:
    out = sorted({str(label) for label in labels})
    long = [label for label in out if len(label) > _MAX_LABEL]
    if long:
        raise LogError(f"{len(long)} athlete id(s) are longer than {_MAX_LABEL} characters")
    return out


def _athlete_rows(conn: Connection, labels: list[str], team_id: int | None
                  ) -> list[tuple[str, int, str, int]]:
    """(label, id, code, team id) of the athletes with these labels (in the team, or any)."""
    rows: list[tuple[str, int, str, int]] = []
    for start in range(0, len(labels), 500):
        query = (sa.select(athlete_names.c.label, athletes.c.id, athletes.c.code,
                           athletes.c.team_id)
                 .join(athletes, athletes.c.id == athlete_names.c.athlete_id)
                 .where(athlete_names.c.label.in_(labels[start:start + 500])))
        if team_id is not None:
            query = query.where(athlete_names.c.team_id == team_id)
        rows += [(str(a), int(b), str(c), int(d)) for a, b, c, d in conn.execute(query).all()]
    return rows


def lookup(conn: Connection, labels: Iterable[str], team_id: int | None = None,
           what: str = "athletes") -> dict[str, Athlete]:
    """Known athletes among `labels`: {label: Athlete}, within the team `team_id`.

    Without a team a label resolves only when a single team has it; a label two teams use
    is refused (LogError) rather than merged."""
    wanted = _check_labels(labels)
    rows = _athlete_rows(conn, wanted, team_id)
    teams_of: dict[str, set[int]] = {}
    for label, _, _, team in rows:
        teams_of.setdefault(label, set()).add(team)
    shared = [label for label, owners in teams_of.items() if len(owners) > 1]
    if shared:
        raise LogError(
            f"{what}: {len(shared)} athlete id(s) belong to several teams; name the team "
            "(--team NAME) so that two children are never merged")
    return {label: Athlete(id_, code) for label, id_, code, _ in rows}


def require_known(conn: Connection, labels: Iterable[str], what: str,
                  team_id: int | None = None) -> dict[str, Athlete]:
    """Like :func:`lookup`, but every label must be known (LogError listing how many are not;
    the unknown ids themselves are not echoed, they may be names)."""
    wanted = _check_labels(labels)
    found = lookup(conn, wanted, team_id, what)
    unknown = [label for label in wanted if label not in found]
    if unknown:
        where = "the store" if team_id is None else f"team '{_team_name(conn, team_id)}'"
        raise LogError(
            f"{what}: {len(unknown)} athlete id(s) are not in {where}; upload a log or "
            "import the roster first (check the spelling: ids must match the coach's files)")
    return found


def _team_name(conn: Connection, team_id: int) -> str:
    return str(conn.execute(sa.select(teams.c.name).where(teams.c.id == team_id)).scalar_one())


def team_id_or_none(conn: Connection, team: str | None) -> int | None:
    """The id of an existing team (LogError when unknown), or None when no team is named."""
    return None if team is None else require_team(conn, team)


def in_team(store_or_url: StoreOrUrl, team: str, label: str) -> bool:
    """True when the team has an athlete with this label (False for an unknown team)."""
    with opened(store_or_url) as store, store.read() as conn:
        team_id = find_team(conn, team)
        if team_id is None:
            return False
        return conn.execute(sa.select(athlete_names.c.athlete_id).where(
            athlete_names.c.team_id == team_id, athlete_names.c.label == str(label))
        ).first() is not None


def ensure_athletes(conn: Connection, labels: Iterable[str], team_id: int) -> dict[str, Athlete]:
    """The team's athletes for `labels`, created in the team if new."""
    wanted = _check_labels(labels)
    found = lookup(conn, wanted, team_id)
    missing = [label for label in wanted if label not in found]
    if missing:
        taken = set(conn.execute(sa.select(athletes.c.code)).scalars())
        stamp = now()
        for label in missing:
            code = new_code()
            while code in taken:
                code = new_code()
            taken.add(code)
            new_id = conn.execute(sa.insert(athletes).values(
                code=code, team_id=team_id, created_at=stamp).returning(athletes.c.id)
            ).scalar_one()
            conn.execute(sa.insert(athlete_names).values(athlete_id=new_id, team_id=team_id,
                                                         label=label))
            found[label] = Athlete(int(new_id), code)
    return found
