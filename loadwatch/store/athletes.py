"""Teams, athletes and their pseudonymous codes.

An athlete is identified across uploads and teams by the athlete column as written in the
coach's files (its *label*, e.g. ``GYM-01`` — or a name): spec §1.1, "merge by athlete".
The label lives only in ``athlete_names``; everything else refers to the athlete by id, and
log output by the random, stable code (``A-7F3K2Q``) drawn when the athlete is first seen.
Session logs and rosters create athletes; growth, symptoms, plans and notes must name an
athlete the store already knows (a typo must not create a new child).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Final, NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from loadwatch.errors import LogError, UsageError
from loadwatch.store.db import now
from loadwatch.store.tables import athlete_names, athlete_teams, athletes, teams

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


def lookup(conn: Connection, labels: Iterable[str]) -> dict[str, Athlete]:
    """Known athletes among `labels`: {label: Athlete}."""
    wanted = _check_labels(labels)
    found: dict[str, Athlete] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        rows = conn.execute(
            sa.select(athlete_names.c.label, athletes.c.id, athletes.c.code)
            .join(athletes, athletes.c.id == athlete_names.c.athlete_id)
            .where(athlete_names.c.label.in_(chunk))
        ).all()
        found.update({label: Athlete(id_, code) for label, id_, code in rows})
    return found


def require_known(conn: Connection, labels: Iterable[str], what: str) -> dict[str, Athlete]:
    """Like :func:`lookup`, but every label must be known (LogError listing how many are not;
    the unknown ids themselves are not echoed, they may be names)."""
    wanted = _check_labels(labels)
    found = lookup(conn, wanted)
    unknown = [label for label in wanted if label not in found]
    if unknown:
        raise LogError(
            f"{what}: {len(unknown)} athlete id(s) are not in the store; upload a log or "
            "import the roster first (check the spelling: ids must match the coach's files)")
    return found


def ensure_athletes(conn: Connection, labels: Iterable[str], team_id: int) -> dict[str, Athlete]:
    """Athletes for `labels`, created if new, each made a member of the team."""
    wanted = _check_labels(labels)
    found = lookup(conn, wanted)
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
            conn.execute(sa.insert(athlete_names).values(athlete_id=new_id, label=label))
            found[label] = Athlete(int(new_id), code)
    ids = [a.id for a in found.values()]
    members: set[int] = set()
    for start in range(0, len(ids), 500):
        members.update(conn.execute(
            sa.select(athlete_teams.c.athlete_id).where(
                athlete_teams.c.team_id == team_id,
                athlete_teams.c.athlete_id.in_(ids[start:start + 500]))
        ).scalars())
    new_members = [{"athlete_id": i, "team_id": team_id} for i in ids if i not in members]
    if new_members:
        conn.execute(sa.insert(athlete_teams), new_members)
    return found
