"""Privacy: coach-facing queries cannot reach clinical tables; logs and the audit log never
carry names or clinical content; exports can be pseudonymised; clinical entries need a
known athlete and go through the same validation as files."""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import logging
import stat
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from pandas.testing import assert_frame_equal

from loadwatch.errors import LogError
from loadwatch.ingest.side_tables import read_plans, read_symptoms
from loadwatch.store import (
    Store,
    add_note,
    add_plan,
    add_symptom,
    audit_events,
    export_tables,
    import_growth,
    import_plans,
    import_roster,
    import_symptoms,
    ingest_file,
    list_teams,
    list_uploads,
    load_growth,
    load_log,
    load_notes,
    load_plans,
    load_roster,
    load_sessions,
    load_symptoms,
    load_weekly,
)
from loadwatch.store import frames as frames_module
from loadwatch.store import queries as queries_module
from loadwatch.store.tables import CLINICAL_TABLES, users
from tests.store.support import count, write_csv

CLINICAL = {t.name for t in CLINICAL_TABLES}
NAME = "Ann Example"  # an athlete id that is a name: it must never reach logs or audit
NOTE = "Discussed pain at night; mother worried"
SYMPTOMS = ["athlete,date,low_back_pain,side,worse_when_arching,pain_0_10,night_pain",
            f"{NAME},2026-03-03,yes,left,yes,4,no",
            "B2,2026-03-04,no,,,,"]
PLANS = ["athlete,start_date,review_date,restriction,cap",
         f"{NAME},2026-03-05,2026-03-19,cap_extension_reps_per_week,120"]


@pytest.fixture
def filled(store: Store, tmp_path: Path) -> Store:
    write_csv(tmp_path / "log.csv", ["athlete,date,duration_min,rpe",
                                     f"{NAME},2026-03-02,90,6", "B2,2026-03-03,60,5"])
    ingest_file(store, tmp_path / "log.csv", "Club")
    return store


def test_coach_queries_name_no_clinical_table() -> None:
    for module in (queries_module, frames_module):
        source = inspect.getsource(module)
        names = {n.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name)}
        names |= {a.name for n in ast.walk(ast.parse(source))
                  if isinstance(n, ast.ImportFrom) for a in n.names}
        for table in CLINICAL_TABLES:
            assert table.name not in source, (module.__name__, table.name)
            assert not any(value is table for value in vars(module).values())
        assert not names & {"symptom_checkins", "clinician_plans", "clinical_notes",
                            "injuries", "CLINICAL_TABLES", "clinical"}


@pytest.fixture
def sql_sent(store: Store) -> Iterator[list[str]]:
    statements: list[str] = []

    def keep(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement.lower())

    sa.event.listen(store.engine, "before_cursor_execute", keep)
    yield statements
    sa.event.remove(store.engine, "before_cursor_execute", keep)


def test_the_sql_of_every_coach_query_touches_no_clinical_table(
        filled: Store, tmp_path: Path, sql_sent: list[str]) -> None:
    write_csv(tmp_path / "symptoms.csv", SYMPTOMS)
    import_symptoms(filled, tmp_path / "symptoms.csv")
    sql_sent.clear()
    for call in (load_sessions, load_weekly, load_roster, load_growth, list_uploads,
                 list_teams):
        call(filled)
    load_log(filled, "Club")
    load_sessions(filled, team="Club", since="2026-03-01", pseudonymise=True)
    assert len(sql_sent) >= 10
    touched = {t for s in sql_sent for t in CLINICAL if t in s}
    assert touched == set()
    sql_sent.clear()
    load_symptoms(filled)
    assert any("symptom_checkins" in s for s in sql_sent)  # the listener does see them


def test_clinical_data_round_trips_like_the_engine_reads_it(filled: Store,
                                                            tmp_path: Path) -> None:
    symptoms, plans = write_csv(tmp_path / "s.csv", SYMPTOMS), write_csv(tmp_path / "p.csv",
                                                                         PLANS)
    assert import_symptoms(filled, symptoms).added == 2
    again = import_symptoms(filled, symptoms)
    assert (again.added, again.skipped) == (0, 2)
    assert import_plans(filled, plans).added == 1
    assert_frame_equal(load_symptoms(filled), read_symptoms(symptoms))
    assert_frame_equal(load_plans(filled), read_plans(plans))
    updated = add_plan(filled, NAME, "2026-03-05", "cap_extension_reps_per_week",
                       review_date="2026-03-26", cap=100, by="therapist")
    assert (updated.added, updated.updated) == (0, 1)
    assert load_plans(filled)[["review_date", "cap"]].astype(str).values.tolist() == \
        [["2026-03-26", "100.0"]]
    assert load_symptoms(filled, team="Club", pseudonymise=True)["athlete"] \
        .str.startswith("A-").all()


def test_clinical_entries_need_a_known_athlete_and_valid_values(filled: Store) -> None:
    with pytest.raises(LogError, match="1 athlete id\\(s\\) are not in the store") as err:
        add_symptom(filled, "Ann Exampel", "2026-03-03")
    assert "Exampel" not in str(err.value)
    with pytest.raises(LogError, match="not valid; nothing was stored") as err:
        add_symptom(filled, NAME, "2026-03-03", pain_0_10=11, side="top")
    assert [str(p) for p in err.value.problems] == [
        "column 'pain_0_10': value 11.0 is above the maximum 10",
        "column 'side': 'top' is not one of: left, right, central, both"]
    with pytest.raises(LogError, match="unknown symptom field"):
        add_symptom(filled, NAME, "2026-03-03", pain=4)
    assert count(filled, "symptom_checkins") == 0
    stored = add_symptom(filled, NAME, "2026-03-03", side="left", worse_when_arching=True,
                         pain_0_10=5, night_pain=True, by="therapist")
    assert stored.added == 1
    row = load_symptoms(filled).iloc[0]
    assert (row["low_back_pain"], row["worse_when_arching"], row["night_pain"],
            row["pain_0_10"]) == (True, True, True, 5.0)
    assert pd.isna(row["trauma"])  # not asked: not recorded


def test_logs_and_audit_carry_codes_never_names_or_clinical_text(
        store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    write_csv(tmp_path / "log.csv", ["athlete,date,duration_min,rpe", f"{NAME},2026-03-02,90,6",
                                     "B2,2026-03-03,60,5"])
    write_csv(tmp_path / "roster.csv", ["athlete,birth_date,sex,prior_lumbar_bsi",
                                        f"{NAME},2012-04-01,F,yes", "B2,2013-01-01,M,no"])
    write_csv(tmp_path / "growth.csv", ["athlete,date,height_cm", f"{NAME},2026-03-01,150.5"])
    ingest_file(store, tmp_path / "log.csv", "Club")
    import_roster(store, tmp_path / "roster.csv", "Club")
    import_growth(store, tmp_path / "growth.csv")
    import_symptoms(store, write_csv(tmp_path / "s.csv", SYMPTOMS))
    import_plans(store, write_csv(tmp_path / "p.csv", PLANS))
    note_id = add_note(store, NAME, NOTE, date="2026-03-06", by="therapist")
    assert load_notes(store, athlete=NAME)[["text", "author"]].values.tolist() == \
        [[NOTE, "therapist"]]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert f"clinical note {note_id} added for A-" in logged
    audit = audit_events(store)
    assert audit["action"].tolist() == ["note.add", "plans.add", "symptoms.add",
                                        "growth.import", "roster.import", "upload.add"]
    texts = logged + "\n" + audit.to_csv()
    for secret in (NAME, "Ann", NOTE, "night", "left", "cap_extension", "150.5", "2012-04-01"):
        assert secret not in texts


def test_exports_are_readable_pseudonymisable_and_formula_safe(
        store: Store, tmp_path: Path) -> None:
    write_csv(tmp_path / "log.csv", ["athlete,date,duration_min,rpe,session_type",
                                     f"{NAME},2026-03-02,90,6,=HYPERLINK(1)"])
    ingest_file(store, tmp_path / "log.csv", "Club")
    add_note(store, NAME, NOTE, date="2026-03-06")
    with store.write() as conn:
        conn.execute(sa.insert(users).values(username="coach1", password_hash="$argon2id$h",
                                             role="coach", active=True,
                                             created_at=dt.datetime.now(dt.UTC)))
    full = export_tables(store, tmp_path / "full")
    assert "$argon2id$h" in (tmp_path / "full" / "users.csv").read_text()
    assert sorted(p.name for p in full) == sorted(
        [f"{t}.csv" for t in ("teams", "team_settings", "athletes", "athlete_names",
                              "uploads", "coverage", "sessions",
                              "session_sources", "weekly_totals", "weekly_sources", "growth",
                              "symptom_checkins", "clinician_plans", "clinical_notes",
                              "injuries", "team_models", "users",
                              "user_teams", "gap_resolutions", "audit_log",
                              "injury_episodes", "treatment_log", "return_plans",
                              "return_stages", "athlete_links", "self_sessions",
                              "back_checks", "guardian_consents", "alerts",
                              "replaced_rows", "saved_mappings")]
        + ["export_manifest.csv"])
    sessions = pd.read_csv(tmp_path / "full" / "sessions.csv", dtype=str)
    assert sessions[["team", "athlete", "session_type"]].values.tolist() == \
        [["Club", NAME, "'=HYPERLINK(1)"]]
    assert sessions["athlete_code"].str.fullmatch(r"A-\w{6}").all()
    manifest = pd.read_csv(tmp_path / "full" / "export_manifest.csv")
    assert manifest.set_index("table")["rows"][["sessions", "clinical_notes"]].tolist() == [1, 1]
    assert (manifest["schema_revision"] == 11).all()

    safe = export_tables(store, tmp_path / "safe", pseudonymise=True, clinical=False)
    names = {p.name for p in safe}
    assert "athlete_names.csv" not in names and not names & {f"{t}.csv" for t in CLINICAL}
    for path in safe:
        text = path.read_text()
        assert NAME not in text and NOTE not in text, path.name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert pd.read_csv(tmp_path / "safe" / "users.csv").columns.tolist() == \
        ["id", "username", "role", "active", "created_at", "must_change_password",
         "password_changed_at"]
    assert stat.S_IMODE((tmp_path / "safe").stat().st_mode) == 0o700
    assert audit_events(store)["action"].tolist()[:2] == ["export", "export"]
