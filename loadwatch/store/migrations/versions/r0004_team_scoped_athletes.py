"""Athletes belong to a team: a label is unique per team, never across teams (issue #12).

Before this revision an athlete was identified by label across the whole store, so the same
``GYM-01`` uploaded by two clubs on one server was one child. This revision splits every
athlete that several teams used into one athlete per team:

- the athlete's home team (``athletes.team_id``; else its lowest team id) keeps the row;
  every other team gets a new row (new random code, same label, display name and profile);
- sessions and weekly totals follow the team they were uploaded for, coverage the team of
  its upload; the session keys of moved sessions are recomputed with the new code (as
  :func:`loadwatch.store.uploads.session_keys` computes them), so re-uploading a file still
  finds its sessions;
- growth measurements (no team of their own, not clinical) stay on the home row and are
  copied to every new row: each team keeps the heights it saw before;
- clinical rows (symptom check-ins, clinician plans, clinical notes, injuries) are never
  copied: minors' clinical notes must never cross team lines, and a shared label may have
  been two children. Each row goes to exactly one of the split athletes: the team of the
  user who entered it (``entered_by``; ``author`` for notes) when that user belongs to exactly
  one of the athlete's teams (``user_teams``), otherwise the home row, which keeps it;
- the memberships table ``athlete_teams`` goes (an athlete's team is ``athletes.team_id``),
  ``athlete_names`` gains ``team_id`` with a unique (team_id, label) and a foreign key
  (athlete_id, team_id) → athletes, so the database keeps a name in its athlete's team.

The split is recorded in the audit log (counts only: athletes split, new rows, clinical rows
assigned by their user's team and by default to the home row). Downgrading is refused once two teams
use the same label (the old schema would merge them).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import sqlalchemy as sa
from alembic import op
from sqlalchemy.engine import Connection

from loadwatch.schema import Col
from loadwatch.store.athletes import new_code
from loadwatch.store.db import now
from loadwatch.store.uploads import session_keys

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: rows without a team that are not clinical: copied to every team's row of a split athlete
COPIED = ("growth",)
#: clinical tables (no team column) and the column naming the user who entered each row:
#: each row goes to exactly one team's row of a split athlete, never copied
CLINICAL = {"symptom_checkins": "entered_by", "clinician_plans": "entered_by",
            "clinical_notes": "author", "injuries": "entered_by"}
NO_TEAM = "Athletes without a team"
_FK = "fk_athlete_names_athlete_id_athletes"

_TEAMS_OF = (
    "SELECT id, team_id FROM athletes WHERE team_id IS NOT NULL",
    "SELECT athlete_id, team_id FROM athlete_teams",
    "SELECT DISTINCT athlete_id, team_id FROM sessions",
    "SELECT DISTINCT athlete_id, team_id FROM weekly_totals",
    "SELECT DISTINCT c.athlete_id, u.team_id FROM coverage c JOIN uploads u "
    "ON u.id = c.upload_id",
)


def upgrade() -> None:
    with op.batch_alter_table("athlete_names") as batch:
        batch.add_column(sa.Column("team_id", sa.Integer(), nullable=True))
        batch.drop_constraint("uq_athlete_names_label", type_="unique")
    _split(op.get_bind())
    op.create_index("ix_athletes_id_team_id", "athletes", ["id", "team_id"], unique=True)
    with op.batch_alter_table("athlete_names") as batch:
        batch.alter_column("team_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_constraint(_FK, type_="foreignkey")
        batch.create_foreign_key(_FK, "athletes", ["athlete_id", "team_id"], ["id", "team_id"])
        batch.create_unique_constraint("uq_athlete_names_team_id_label", ["team_id", "label"])
    op.drop_index("ix_athlete_teams_team_id", table_name="athlete_teams")
    op.drop_table("athlete_teams")


def _teams_of(conn: Connection) -> dict[int, tuple[int | None, set[int]]]:
    """{athlete id: (home team or None, every team that used the athlete)}."""
    home: dict[Any, Any] = dict(conn.execute(sa.text("SELECT id, team_id FROM athletes")).all())
    used: dict[int, set[int]] = {int(a): set() for a in home}
    for query in _TEAMS_OF:
        for athlete_id, team_id in conn.execute(sa.text(query)).all():
            used[int(athlete_id)].add(int(team_id))
    return {a: (None if home[a] is None else int(home[a]), teams) for a, teams in used.items()}


def _no_team(conn: Connection) -> int:
    """The team that takes athletes no team ever used (created when first needed)."""
    found = conn.execute(sa.text("SELECT id FROM teams WHERE name = :n"), {"n": NO_TEAM}).first()
    if found is not None:
        return int(found[0])
    teams = sa.table("teams", sa.column("id"), sa.column("name"), sa.column("created_at"))
    return int(conn.execute(sa.insert(teams).values(name=NO_TEAM, created_at=now())
                            .returning(teams.c.id)).scalar_one())


def _split(conn: Connection) -> None:
    meta = sa.MetaData()
    tables = {name: sa.Table(name, meta, autoload_with=conn)
              for name in ("athletes", "athlete_names", "sessions", *COPIED, *CLINICAL)}
    homes: dict[int, int] = {}
    extra: list[tuple[int, int]] = []
    for athlete_id, (home, used) in sorted(_teams_of(conn).items()):
        if home is None:
            home = min(used) if used else _no_team(conn)
        homes[athlete_id] = home
        extra += [(athlete_id, team) for team in sorted(used - {home})]
    athletes, names = tables["athletes"], tables["athlete_names"]
    for athlete_id, home in homes.items():
        conn.execute(sa.update(athletes).where(athletes.c.id == athlete_id).values(team_id=home))
    conn.execute(sa.update(names).values(team_id=sa.select(athletes.c.team_id).where(
        athletes.c.id == names.c.athlete_id).scalar_subquery()))
    taken = set(conn.execute(sa.select(athletes.c.code)).scalars())
    moved: dict[int, str] = {}
    rows_of: dict[int, dict[int, int]] = {}  # split athlete: {team id: that team's athlete}
    for athlete_id, team_id in extra:
        new_id, code = _copy_athlete(conn, tables, athlete_id, team_id, taken)
        _repoint(conn, athlete_id, new_id, team_id)
        for name in COPIED:
            _copy_rows(conn, tables[name], athlete_id, new_id)
        moved[new_id] = code
        rows_of.setdefault(athlete_id, {homes[athlete_id]: athlete_id})[team_id] = new_id
    _rekey_sessions(conn, tables["sessions"], moved)
    if extra:
        by_user, by_default = _assign_clinical(conn, tables, rows_of)
        audit = sa.table("audit_log", *[sa.column(c) for c in
                                        ("at", "actor", "action", "object_type", "detail")])
        conn.execute(sa.insert(audit).values(
            at=now(), actor="migration 0004", action="athletes.split", object_type="athletes",
            detail=f"split={len(rows_of)} new_rows={len(extra)} "
                   f"clinical_by_user={by_user} clinical_by_default={by_default}"))


def _user_teams(conn: Connection) -> dict[str, set[int]]:
    """{username: the team ids the user belongs to} (``user_teams``)."""
    teams: dict[str, set[int]] = {}
    for username, team_id in conn.execute(sa.text(
            "SELECT u.username, m.team_id FROM users u JOIN user_teams m ON m.user_id = u.id")):
        teams.setdefault(str(username), set()).add(int(team_id))
    return teams


def _assign_clinical(conn: Connection, tables: dict[str, sa.Table],
                     rows_of: dict[int, dict[int, int]]) -> tuple[int, int]:
    """Each clinical row of a split athlete to exactly one of its teams' athletes, never a
    copy: the team of the user who entered it when the user is in exactly one of the
    athlete's teams, else the home row (which already holds it). Returns (rows assigned by
    their user, rows left on the home row by default)."""
    members = _user_teams(conn)
    by_user = by_default = 0
    for name, column in CLINICAL.items():
        table = tables[name]
        found = conn.execute(sa.select(table.c.id, table.c.athlete_id, table.c[column])
                             .where(table.c.athlete_id.in_(list(rows_of)))).all()
        moves = []
        for row_id, athlete_id, who in found:
            per_team = rows_of[athlete_id]
            decided = members.get(str(who), set()) & set(per_team)
            if len(decided) != 1:
                by_default += 1
                continue
            by_user += 1
            target = per_team[decided.pop()]
            if target != athlete_id:
                moves.append({"row": int(row_id), "target": target})
        if moves:
            conn.execute(sa.update(table).where(table.c.id == sa.bindparam("row"))
                         .values(athlete_id=sa.bindparam("target")), moves)
    return by_user, by_default


def _copy_athlete(conn: Connection, tables: dict[str, sa.Table], athlete_id: int,
                  team_id: int, taken: set[str]) -> tuple[int, str]:
    """A new athlete row for `team_id`: the old row's profile, label and display name."""
    athletes, names = tables["athletes"], tables["athlete_names"]
    row = dict(conn.execute(sa.select(athletes).where(athletes.c.id == athlete_id))
               .mappings().one())
    code = new_code()
    while code in taken:
        code = new_code()
    taken.add(code)
    row.pop("id")
    row.update(code=code, team_id=team_id)
    new_id = int(conn.execute(sa.insert(athletes).values(**row).returning(athletes.c.id))
                 .scalar_one())
    name = conn.execute(sa.select(names.c.label, names.c.display_name)
                        .where(names.c.athlete_id == athlete_id)).first()
    if name is not None:
        conn.execute(sa.insert(names).values(athlete_id=new_id, team_id=team_id,
                                             label=name.label, display_name=name.display_name))
    return new_id, code


def _repoint(conn: Connection, old: int, new: int, team_id: int) -> None:
    """Sessions and weekly totals uploaded for `team_id`, and its uploads' coverage."""
    values = {"old": old, "new": new, "team": team_id}
    for table in ("sessions", "weekly_totals"):
        conn.execute(sa.text(f"UPDATE {table} SET athlete_id = :new "  # table: fixed names
                             "WHERE athlete_id = :old AND team_id = :team"), values)
    conn.execute(sa.text("UPDATE coverage SET athlete_id = :new WHERE athlete_id = :old AND "
                         "upload_id IN (SELECT id FROM uploads WHERE team_id = :team)"), values)


def _copy_rows(conn: Connection, table: sa.Table, old: int, new: int) -> None:
    """Copies of the athlete's rows in a table without a team, for the new athlete."""
    columns = [c for c in table.columns if c.name not in ("id", "athlete_id")]
    source = sa.select(sa.literal(new).label("athlete_id"), *columns) \
        .where(table.c.athlete_id == old)
    conn.execute(sa.insert(table).from_select(["athlete_id", *[c.name for c in columns]],
                                              source))


def _rekey_sessions(conn: Connection, sessions: sa.Table, codes: dict[int, str]) -> None:
    """Session keys of the moved sessions, computed with their athlete's new code."""
    if not codes:
        return
    wanted = [sessions.c.id, sessions.c.athlete_id, sessions.c.date, sessions.c.sport,
              sessions.c.start_time, sessions.c.duration_min, sessions.c.rpe,
              sessions.c.load_au, sessions.c.day_status]
    result = conn.execute(sa.select(*wanted).where(sessions.c.athlete_id.in_(list(codes)))
                          .order_by(sessions.c.id))
    rows = pd.DataFrame(result.all(), columns=list(result.keys()))
    if rows.empty:
        return
    frame = pd.DataFrame({
        Col.DATE: pd.to_datetime(rows["date"].astype(object)),
        Col.SPORT: rows["sport"].astype(str),
        Col.START_TIME: rows["start_time"].astype(object).where(rows["start_time"].notna()),
        Col.DURATION: rows["duration_min"].astype("float64"),
        Col.RPE: rows["rpe"].astype("float64"),
        Col.LOAD: rows["load_au"].astype("float64"),
        Col.DAY_STATUS: rows["day_status"].astype(object).where(rows["day_status"].notna()),
    })
    keys = session_keys(frame, rows["athlete_id"].map(codes))
    conn.execute(sa.update(sessions).where(sessions.c.id == sa.bindparam("sid"))
                 .values(session_key=sa.bindparam("key")),
                 [{"sid": int(i), "key": k} for i, k in zip(rows["id"], keys, strict=True)])


def downgrade() -> None:
    conn = op.get_bind()
    shared = conn.execute(sa.text("SELECT label FROM athlete_names GROUP BY label "
                                  "HAVING COUNT(*) > 1")).first()
    if shared is not None:
        raise RuntimeError("cannot go below revision 0004: two teams use the same athlete id, "
                           "and the older schema would merge the two athletes")
    op.create_table(
        "athlete_teams",
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"],
                                name=op.f("fk_athlete_teams_athlete_id_athletes")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"],
                                name=op.f("fk_athlete_teams_team_id_teams")),
        sa.PrimaryKeyConstraint("athlete_id", "team_id", name=op.f("pk_athlete_teams")),
    )
    op.create_index("ix_athlete_teams_team_id", "athlete_teams", ["team_id"])
    conn.execute(sa.text("INSERT INTO athlete_teams (athlete_id, team_id) "
                         "SELECT id, team_id FROM athletes WHERE team_id IS NOT NULL"))
    with op.batch_alter_table("athlete_names") as batch:
        batch.drop_constraint("uq_athlete_names_team_id_label", type_="unique")
        batch.drop_constraint(_FK, type_="foreignkey")
        batch.create_foreign_key(_FK, "athletes", ["athlete_id"], ["id"])
        batch.create_unique_constraint("uq_athlete_names_label", ["label"])
        batch.drop_column("team_id")
    op.drop_index("ix_athletes_id_team_id", table_name="athletes")
