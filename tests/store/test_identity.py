"""Athlete identity is scoped to its team (issue #12): the same label in two clubs on one
server is two children, every import resolves labels within its team, a call without a team
refuses a label two teams use, and migration 0004 splits an athlete that several teams
shared in a database of revision 0003, keeping every load row and putting each clinical row
under exactly one team's athlete (never a copy)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import loadwatch as lw
from loadwatch.errors import LogError
from loadwatch.ingest.log import parse_log
from loadwatch.schema import Col
from loadwatch.store import (
    Store,
    add_note,
    add_symptom,
    audit_events,
    import_growth,
    import_injuries,
    import_roster,
    ingest_file,
    list_teams,
    load_growth,
    load_injuries,
    load_notes,
    load_roster,
    load_sessions,
    load_symptoms,
    load_weekly,
    open_store,
    upgrade,
)
from loadwatch.store.db import alembic_config, head_revision
from loadwatch.store.tables import metadata
from loadwatch.store.uploads import session_keys
from tests.store.support import count, write_csv

HEADER = "athlete,date,sport,start_time,duration_min,rpe"
CLUB_A = [HEADER, "GYM-01,2026-03-02,gymnastics,17:00,90,6",
          "GYM-01,2026-03-04,gymnastics,17:00,60,5", "GYM-02,2026-03-02,gymnastics,17:00,90,7"]
# two identical rows: two sessions (spec §2.1), the second with occurrence number 2
CLUB_B = [HEADER, "GYM-01,2026-03-03,football,,60,4", "GYM-01,2026-03-03,football,,60,4"]
WEEKLY = ["athlete,week,total_minutes,sessions", "GYM-01,2026-W10,300,5"]
STAMP = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def _reexport(path: Path, lines: list[str]) -> Path:
    """The same rows, columns in another order: another file (SHA-256) with the same sessions."""
    frame = pd.DataFrame([line.split(",") for line in lines[1:]], columns=lines[0].split(","))
    frame[list(reversed(frame.columns))].to_csv(path, index=False)
    return path


# --- the same label in two teams ------------------------------------------------------------


def test_the_same_label_in_two_teams_is_two_athletes_with_their_own_metrics(
        store: Store, tmp_path: Path) -> None:
    ingest_file(store, write_csv(tmp_path / "a.csv", CLUB_A), "Club A")
    ingest_file(store, write_csv(tmp_path / "b.csv", CLUB_B), "Club B")
    assert count(store, "athletes") == 3
    assert list_teams(store)[["name", "athletes"]].values.tolist() == [["Club A", 2],
                                                                      ["Club B", 1]]
    a = load_sessions(store, team="Club A")
    b = load_sessions(store, team="Club B")
    assert a.loc[a[Col.ATHLETE] == "GYM-01", Col.LOAD].tolist() == [540.0, 300.0]
    assert b[Col.LOAD].tolist() == [240.0, 240.0]
    daily_a = lw.daily_metrics(a).query("athlete == 'GYM-01'").set_index("date")["load"]
    daily_b = lw.daily_metrics(b).set_index("date")["load"]
    assert daily_a[pd.Timestamp("2026-03-03")] == 0.0  # Club A's child rested that day
    assert daily_b[pd.Timestamp("2026-03-03")] == 480.0
    codes = load_sessions(store, pseudonymise=True)
    assert codes[Col.ATHLETE].nunique() == 3  # codes never merge the two GYM-01
    with pytest.raises(LogError, match="1 athlete id\\(s\\) are used by several teams"):
        load_sessions(store)


def test_imports_resolve_labels_within_their_team(store: Store, tmp_path: Path) -> None:
    ingest_file(store, write_csv(tmp_path / "a.csv", CLUB_A), "Club A")
    ingest_file(store, write_csv(tmp_path / "b.csv", CLUB_B), "Club B")
    import_roster(store, write_csv(tmp_path / "r.csv", ["athlete,sex", "GYM-01,F"]), "Club B")
    assert load_roster(store, "Club B")[[Col.ATHLETE, "sex"]].values.tolist() == \
        [["GYM-01", "F"]]
    assert load_roster(store, "Club A").empty  # Club A's GYM-01 has no roster row
    growth = write_csv(tmp_path / "g.csv", ["athlete,date,height_cm", "GYM-01,2026-03-01,151"])
    with pytest.raises(LogError, match="1 athlete id\\(s\\) belong to several teams; name the "
                                       "team \\(--team NAME\\)"):
        import_growth(store, growth)
    assert count(store, "growth") == 0
    assert import_growth(store, growth, team="Club A").added == 1
    assert load_growth(store, "Club A")["height_cm"].tolist() == [151.0]
    assert load_growth(store, "Club B").empty
    only_a = write_csv(tmp_path / "g2.csv", ["athlete,date,height_cm", "GYM-02,2026-03-01,140"])
    assert import_growth(store, only_a).added == 1  # one team has GYM-02: unambiguous
    with pytest.raises(LogError, match="1 athlete id\\(s\\) are not in team 'Club B'"):
        import_growth(store, only_a, team="Club B")


def test_clinical_entries_stay_in_the_named_team(store: Store, tmp_path: Path) -> None:
    ingest_file(store, write_csv(tmp_path / "a.csv", CLUB_A), "Club A")
    ingest_file(store, write_csv(tmp_path / "b.csv", CLUB_B), "Club B")
    add_note(store, "GYM-01", "sore back", team="Club B", date="2026-03-05", by="physio_b")
    add_symptom(store, "GYM-01", "2026-03-05", team="Club B", pain_0_10=3)
    assert load_notes(store, "Club B", athlete="GYM-01")["text"].tolist() == ["sore back"]
    assert load_notes(store, "Club A", athlete="GYM-01").empty
    assert load_notes(store, "Club A").empty
    assert load_symptoms(store, "Club B")["pain_0_10"].tolist() == [3.0]
    assert load_symptoms(store, "Club A").empty
    with pytest.raises(LogError, match="belong to several teams"):
        add_note(store, "GYM-01", "which child?")
    with pytest.raises(LogError, match="are used by several teams; choose a team"):
        load_notes(store, athlete="GYM-01")
    assert count(store, "clinical_notes") == 1
    injuries = write_csv(tmp_path / "i.csv", ["athlete,onset_date,body_region,injury_type",
                                              "GYM-02,2026-03-04,lumbar_spine,overuse"])
    with pytest.raises(LogError, match="1 athlete\\(s\\) of the injury log are not in team "
                                       "'Club B'"):
        import_injuries(store, injuries, "Club B")
    assert import_injuries(store, injuries, "Club A").added == 1
    assert load_injuries(store, "Club B").empty


def test_the_database_keeps_a_label_unique_within_its_team(store: Store,
                                                             tmp_path: Path) -> None:
    ingest_file(store, write_csv(tmp_path / "a.csv", CLUB_A), "Club A")
    names = metadata.tables["athlete_names"]
    with store.read() as conn:
        team_id, athlete_id = conn.execute(sa.select(names.c.team_id, names.c.athlete_id)
                                           .where(names.c.label == "GYM-02")).one()
    with pytest.raises(sa.exc.IntegrityError), store.write() as conn:
        conn.execute(sa.update(names).where(names.c.label == "GYM-01").values(label="GYM-02"))
    ingest_file(store, write_csv(tmp_path / "b.csv", CLUB_B), "Club B")
    with pytest.raises(sa.exc.IntegrityError), store.write() as conn:  # name in another team
        conn.execute(sa.update(names).where(names.c.athlete_id == athlete_id)
                     .values(team_id=team_id + 1))


# --- migration 0004 on a database of revision 0003 ------------------------------------------


def _sessions(path: Path, codes: dict[str, str], ids: dict[str, int], team_id: int,
              upload_id: int) -> list[dict[str, Any]]:
    """Session rows as revision 0003 stored them (keys from the athlete codes)."""
    data = parse_log(path).data
    keys = session_keys(data, data[Col.ATHLETE].map(codes))
    return [{"team_id": team_id, "athlete_id": ids[row[Col.ATHLETE]], "upload_id": upload_id,
             "session_key": key, "date": row[Col.DATE].date(), "sport": row[Col.SPORT],
             "start_time": None if pd.isna(row[Col.START_TIME]) else row[Col.START_TIME],
             "duration_min": row[Col.DURATION], "rpe": row[Col.RPE], "load_au": row[Col.LOAD],
             "source_row": int(row[Col.SOURCE_ROW])}
            for (_, row), key in zip(data.iterrows(), keys, strict=True)]


def _upload(upload_id: int, team_id: int, kind: str, rows: int, start: str, end: str
            ) -> dict[str, Any]:
    return {"id": upload_id, "team_id": team_id, "kind": kind, "uploaded_by": "coach",
            "uploaded_at": STAMP, "file_name": f"u{upload_id}.csv",
            "file_sha256": f"{upload_id}" * 64, "period_start": dt.date.fromisoformat(start),
            "period_end": dt.date.fromisoformat(end), "rows_in_file": rows,
            "rows_added": rows, "rows_duplicate": 0, "rows_rejected": 0,
            "rows_conflicting": 0, "rows_replaced": 0, "replace_period": False,
            "whole_period": False}


def _clinical_rows() -> dict[str, list[dict[str, Any]]]:
    """GYM-01's clinical rows at revision 0003, entered by therapists of Club B (physio_b),
    Club C and a team no athlete uses (physio_c), Club A (physio_a), Clubs A and C
    (physio_ac: two candidate teams, undecided) and of no known team (physio, ghost)."""
    one, day = {"athlete_id": 1, "created_at": STAMP}, dt.date(2026, 3, 5)
    checkin = {**one, "date": day, "low_back_pain": True, "pain_0_10": 3.0}
    plan = {**one, "restriction": "no_extension_loading", "updated_at": STAMP}
    injury = {**one, "body_region": "lumbar_spine", "injury_type": "overuse",
              "file_name": "inj.csv", "updated_at": STAMP}
    return {
        "symptom_checkins": [{**checkin, "checkin_key": "c1", "entered_by": "physio_b"},
                             {**checkin, "checkin_key": "c2", "entered_by": "physio"}],
        "clinician_plans": [{**plan, "start_date": day, "entered_by": "physio_ac"},
                            {**plan, "start_date": dt.date(2026, 3, 9),
                             "entered_by": "physio_a"}],
        "clinical_notes": [{**one, "date": day, "author": "physio_b", "text": "sore back"},
                           {**one, "date": day, "author": "ghost", "text": "ghost note"}],
        "injuries": [{**injury, "onset_date": dt.date(2026, 3, 6), "entered_by": "physio_c"}],
    }


def _legacy_rows(tmp_path: Path) -> dict[str, list[dict[str, Any]]]:
    """GYM-01 shared by Club A (home; sessions), Club B (sessions) and Club C (weekly
    totals), with growth and the clinical rows above; GYM-02 in Club A only; users of the
    teams (Club D: a team of users only)."""
    codes, ids = {"GYM-01": "A-111111", "GYM-02": "A-222222"}, {"GYM-01": 1, "GYM-02": 2}
    a = _sessions(write_csv(tmp_path / "a.csv", CLUB_A), codes, ids, 1, 1)
    b = _sessions(write_csv(tmp_path / "b.csv", CLUB_B), codes, ids, 2, 2)
    sessions = [{"id": i, **row} for i, row in enumerate(a + b, start=1)]
    users = {"physio_a": (1,), "physio_b": (2,), "physio_c": (3, 4), "physio_ac": (1, 3)}
    return {
        "teams": [{"id": i, "name": f"Club {c}", "created_at": STAMP}
                  for i, c in ((1, "A"), (2, "B"), (3, "C"), (4, "D"))],
        "users": [{"id": i, "username": u, "password_hash": "x", "role": "therapist",
                   "active": True, "created_at": STAMP} for i, u in enumerate(users, start=1)],
        "user_teams": [{"user_id": i, "team_id": t}
                       for i, teams in enumerate(users.values(), start=1) for t in teams],
        "athletes": [{"id": 1, "code": "A-111111", "team_id": 1, "sex": "F",
                      "birth_date": dt.date(2013, 5, 1), "created_at": STAMP},
                     {"id": 2, "code": "A-222222", "team_id": 1, "created_at": STAMP}],
        "athlete_names": [{"athlete_id": 1, "label": "GYM-01", "display_name": "Ann"},
                          {"athlete_id": 2, "label": "GYM-02"}],
        "athlete_teams": [{"athlete_id": a_, "team_id": t} for a_, t in
                          ((1, 1), (1, 2), (1, 3), (2, 1))],
        "uploads": [_upload(1, 1, "sessions", 3, "2026-03-02", "2026-03-04"),
                    _upload(2, 2, "sessions", 2, "2026-03-03", "2026-03-03"),
                    _upload(3, 3, "weekly", 1, "2026-03-02", "2026-03-08")],
        "sessions": sessions,
        "session_sources": [{"session_id": s["id"], "upload_id": s["upload_id"],
                             "source_row": s["source_row"]} for s in sessions],
        "coverage": [{"upload_id": 1, "athlete_id": 1, "start_date": dt.date(2026, 3, 2),
                      "end_date": dt.date(2026, 3, 4)},
                     {"upload_id": 1, "athlete_id": 2, "start_date": dt.date(2026, 3, 2),
                      "end_date": dt.date(2026, 3, 4)},
                     {"upload_id": 2, "athlete_id": 1, "start_date": dt.date(2026, 3, 3),
                      "end_date": dt.date(2026, 3, 3)}],
        "weekly_totals": [{"id": 1, "team_id": 3, "athlete_id": 1, "upload_id": 3,
                           "week_start": dt.date(2026, 3, 2), "value_key": "k", "sport":
                           "unspecified", "total_minutes": 300.0, "load_approximate": False,
                           "sessions": 5.0, "source_row": 2}],
        "weekly_sources": [{"weekly_id": 1, "upload_id": 3, "source_row": 2}],
        "growth": [{"athlete_id": 1, "date": dt.date(2026, 3, 1), "height_cm": 151.0,
                    "entered_by": "coach", "created_at": STAMP}],
        **_clinical_rows(),
    }


def _store_at_0003(url: str, tmp_path: Path) -> None:
    with open_store(url, migrate=False) as store:
        with store.write() as conn:
            command.upgrade(alembic_config(conn), "0003")
        with store.write() as conn:
            legacy = sa.MetaData()
            legacy.reflect(conn)
            for name, rows in _legacy_rows(tmp_path).items():
                for row in rows:  # one by one: rows leave out different columns
                    conn.execute(sa.insert(legacy.tables[name]).values(**row))
            if conn.dialect.name == "postgresql":  # ids were given: move the sequences on
                for name in ("teams", "users", "athletes", "uploads", "sessions",
                             "weekly_totals"):
                    conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{name}', "
                                         f"'id'), (SELECT MAX(id) FROM {name}))"))


def _by_team(store: Store, table: str, column: str | None = None) -> list[tuple[str, ...]]:
    """(team name, label[, column]) of each row of a table, via its athlete."""
    t, a, n, teams = (metadata.tables[x] for x in (table, "athletes", "athlete_names", "teams"))
    extra = [] if column is None else [t.c[column]]
    query = (sa.select(teams.c.name, n.c.label, *extra).select_from(t)
             .join(a, a.c.id == t.c.athlete_id).join(n, n.c.athlete_id == a.c.id)
             .join(teams, teams.c.id == a.c.team_id).order_by(teams.c.name, n.c.label, *extra))
    with store.read() as conn:
        return [tuple(r) for r in conn.execute(query).all()]


def test_upgrading_0003_splits_a_shared_athlete_per_team_and_keeps_every_row(
        db_url: str, tmp_path: Path) -> None:
    _store_at_0003(db_url, tmp_path)
    with open_store(db_url, migrate=False) as store:
        assert upgrade(store) == ("0003", head_revision())  # through 0004 to head
        with store.engine.connect() as conn:  # what `alembic check` verifies
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert list(compare_metadata(context, metadata)) == []
    with open_store(db_url) as store:
        with store.read() as conn:
            athletes = conn.execute(sa.text(
                "SELECT a.id, a.code, t.name, n.label, n.display_name, a.sex, a.birth_date "
                "FROM athletes a JOIN athlete_names n ON n.athlete_id = a.id "
                "JOIN teams t ON t.id = a.team_id ORDER BY a.id")).all()
        home = [(*r[2:6], None if r[6] is None else str(r[6])) for r in athletes]
        assert home == [("Club A", "GYM-01", "Ann", "F", "2013-05-01"),
                        ("Club A", "GYM-02", None, None, None),
                        ("Club B", "GYM-01", "Ann", "F", "2013-05-01"),
                        ("Club C", "GYM-01", "Ann", "F", "2013-05-01")]
        assert [r[1] for r in athletes[:2]] == ["A-111111", "A-222222"]  # home rows keep codes
        assert len({r[1] for r in athletes}) == 4
        # load rows follow the team they were uploaded for; none is lost or doubled
        assert _by_team(store, "sessions") == [("Club A", "GYM-01")] * 2 + \
            [("Club A", "GYM-02")] + [("Club B", "GYM-01")] * 2
        assert _by_team(store, "coverage") == [("Club A", "GYM-01"), ("Club A", "GYM-02"),
                                               ("Club B", "GYM-01")]
        assert _by_team(store, "weekly_totals") == [("Club C", "GYM-01")]
        assert (count(store, "session_sources"), count(store, "weekly_sources")) == (5, 1)
        # growth (not clinical) goes with the athlete to every team that had it
        assert _by_team(store, "growth") == [("Club A", "GYM-01"), ("Club B", "GYM-01"),
                                             ("Club C", "GYM-01")]
        _assert_clinical_rows_split_once(store)
        b = load_sessions(store, team="Club B")
        assert (b[Col.ATHLETE].tolist(), b[Col.LOAD].tolist()) == (["GYM-01"] * 2, [240.0] * 2)
        assert load_sessions(store, team="Club A")[Col.LOAD].tolist() == [540.0, 300.0, 630.0]
        assert load_weekly(store, team="Club C")[Col.WEEK_MINUTES].tolist() == [300.0]
        # the moved sessions' keys match the new code: the same sessions again are duplicates
        again_b = ingest_file(store, _reexport(tmp_path / "b2.csv", CLUB_B), "Club B")
        again_a = ingest_file(store, _reexport(tmp_path / "a2.csv", CLUB_A), "Club A")
        assert (again_b.added, again_b.duplicates) == (0, 2)
        assert (again_a.added, again_a.duplicates) == (0, 3)
        split = audit_events(store).query("action == 'athletes.split'")
        assert split[["actor", "detail"]].values.tolist() == [[
            "migration 0004", "split=1 new_rows=2 clinical_by_user=4 clinical_by_default=3"]]


def _assert_clinical_rows_split_once(store: Store) -> None:
    """Each clinical row exists exactly once (a copy would add Club B / Club C rows), under
    the team of the user who entered it (physio_b: B; physio_c: C, D has no GYM-01;
    physio_a: A), else under the home team A (physio, ghost: no user; physio_ac: A or C)."""
    assert _by_team(store, "symptom_checkins", "checkin_key") == [
        ("Club A", "GYM-01", "c2"), ("Club B", "GYM-01", "c1")]
    assert _by_team(store, "clinical_notes", "author") == [
        ("Club A", "GYM-01", "ghost"), ("Club B", "GYM-01", "physio_b")]
    assert _by_team(store, "clinician_plans", "entered_by") == [
        ("Club A", "GYM-01", "physio_a"), ("Club A", "GYM-01", "physio_ac")]
    assert _by_team(store, "injuries", "entered_by") == [("Club C", "GYM-01", "physio_c")]
    assert [count(store, t) for t in ("symptom_checkins", "clinical_notes", "clinician_plans",
                                      "injuries")] == [2, 2, 2, 1]
    assert load_notes(store, "Club B", athlete="GYM-01")["text"].tolist() == ["sore back"]
    assert load_notes(store, "Club A", athlete="GYM-01")["text"].tolist() == ["ghost note"]
    assert load_notes(store, "Club C").empty
    assert load_symptoms(store, "Club B")["pain_0_10"].tolist() == [3.0]
    assert load_injuries(store, "Club C")[Col.ATHLETE].tolist() == ["GYM-01"]
    assert load_injuries(store, "Club A").empty


def test_a_store_with_a_shared_label_cannot_go_below_0004(store: Store,
                                                            tmp_path: Path) -> None:
    ingest_file(store, write_csv(tmp_path / "a.csv", CLUB_A), "Club A")
    ingest_file(store, write_csv(tmp_path / "b.csv", CLUB_B), "Club B")
    with pytest.raises(RuntimeError, match="two teams use the same athlete id"), \
            store.write() as conn:
        command.downgrade(alembic_config(conn), "0003")
    assert count(store, "athletes") == 3
