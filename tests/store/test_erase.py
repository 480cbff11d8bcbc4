"""Erase and retention (issue 17): erasing an athlete leaves no row about them in any table
and no trace of their label or code anywhere in the database (SQLite: the whole dump), the
audit log keeps the events under a one-way code and stays append-only; retention deletes the
clinical rows of athletes gone longer than the team's years (a dry run only counts). Every
test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from loadwatch.config import load_config
from loadwatch.errors import UsageError
from loadwatch.store import (
    Store,
    add_note,
    add_plan,
    add_symptom,
    audit_events,
    import_growth,
    ingest_file,
)
from loadwatch.store import episodes as ep
from loadwatch.store.erase import apply_retention, erase_athlete, expired
from loadwatch.store.gaps import resolve_gap
from loadwatch.store.tables import athletes, metadata
from tests.store.support import count, write_csv

NAME = "Ann Example"
OTHER = "B2"


@pytest.fixture
def full(store: Store, tmp_path: Path) -> Store:
    """Two athletes with rows in every family of tables."""
    lines = ["athlete,date,duration_min,rpe,extension_reps"]
    for day in (2, 3, 5, 20, 21):
        lines += [f"{NAME},2026-03-{day:02d},60,5,20", f"{OTHER},2026-03-{day:02d},50,4,10"]
    ingest_file(store, write_csv(tmp_path / "log.csv", lines), "Gym")
    import_growth(store, write_csv(tmp_path / "growth.csv", [
        "athlete,date,height_cm", f"{NAME},2026-03-01,151.0", f"{OTHER},2026-03-01,149.0"]),
        team="Gym")
    for who in (NAME, OTHER):
        add_symptom(store, who, "2026-03-06", team="Gym", side="left")
        add_plan(store, who, "2026-03-07", "no_extension_loading", team="Gym")
        add_note(store, who, f"note about {who}", team="Gym", date="2026-03-07")
        episode = ep.add_episode(store, "Gym", who, dt.date(2026, 3, 6), mechanism="overuse")
        ep.add_treatment(store, "Gym", episode, dt.date(2026, 3, 8), "rest from arching")
    resolve_gap(store, "Gym", NAME, "2026-03-06", "2026-03-19", "rest")
    return store


def _athlete_id(store: Store, code: str | None = None) -> dict[str, int]:
    with store.read() as conn:
        return {c: int(i) for i, c in conn.execute(sa.select(athletes.c.id, athletes.c.code))}


def _every_text(store: Store) -> str:
    """Every row of every table, as text."""
    with store.read() as conn:
        return "\n".join(str(row) for table in metadata.sorted_tables
                         for row in conn.execute(sa.select(table)).all())


def test_erase_removes_every_row_and_every_trace_of_the_label(full: Store) -> None:
    codes_before = set(_athlete_id(full))
    with full.read() as conn:
        code = conn.execute(sa.text(
            "SELECT a.code FROM athletes a JOIN athlete_names n ON n.athlete_id = a.id "
            "WHERE n.label = :l"), {"l": NAME}).scalar_one()
    assert NAME in _every_text(full) or code in _every_text(full)
    result = erase_athlete(full, "Gym", NAME, confirm=NAME, by="admin1")
    assert result.rows == {
        "athletes": 1, "athlete_names": 1, "coverage": 1, "sessions": 5, "session_sources": 5,
        "growth": 1, "symptom_checkins": 1, "clinician_plans": 1, "clinical_notes": 1,
        "gap_resolutions": 1, "injury_episodes": 1, "treatment_log": 1}
    assert result.code.startswith("erased-") and len(result.code) == 19
    text = _every_text(full)
    assert NAME not in text and code not in text
    assert set(_athlete_id(full)) == codes_before - {code}
    assert count(full, "sessions") == 5 and count(full, "clinical_notes") == 1  # B2 stays
    events = audit_events(full)
    assert events.iloc[0][["actor", "action", "object_id"]].tolist() == [
        "admin1", "athlete.erase", result.code]
    assert result.audit_entries == int(events["detail"].str.contains(result.code).sum())
    assert result.audit_entries >= 4  # the note, episode and treatment entries named the code
    with pytest.raises(sa.exc.DatabaseError, match="append-only"), full.write() as conn:
        conn.execute(sa.text("UPDATE audit_log SET actor = 'x'"))
    if full.dialect == "sqlite":
        path = full.engine.url.database
        dump = "\n".join(sqlite3.connect(path).iterdump())
        assert NAME not in dump and code not in dump
        assert "CREATE TRIGGER audit_log_no_update" in dump


def test_erase_needs_the_label_typed_again_and_a_known_athlete(full: Store) -> None:
    before = count(full, "sessions")
    with pytest.raises(UsageError, match="the athlete's id typed again \\(--confirm\\) does "
                                         "not match; nothing was erased"):
        erase_athlete(full, "Gym", NAME, confirm="Ann")
    assert count(full, "sessions") == before
    with pytest.raises(Exception, match="1 athlete id\\(s\\) are not in team 'Gym'"):
        erase_athlete(full, "Gym", "Nobody", confirm="Nobody")


def test_retention_deletes_clinical_rows_of_athletes_gone_long_enough(full: Store) -> None:
    config = load_config()  # 8 years after the last logged day (2026-03-21)
    assert apply_retention(full, "Gym", config, today=dt.date(2034, 3, 20))["athletes"] == 0
    counted = apply_retention(full, "Gym", config, today=dt.date(2034, 3, 21), dry_run=True)
    assert {k: v for k, v in counted.items() if v} == {
        "athletes": 2, "treatment_log": 2, "injury_episodes": 2, "symptom_checkins": 2,
        "clinician_plans": 2, "clinical_notes": 2}
    assert {"return_stages", "return_plans", "injuries"} <= set(counted)
    assert count(full, "clinical_notes") == 2  # a dry run deletes nothing
    assert apply_retention(full, "Gym", config, today=dt.date(2034, 3, 21)) == counted
    assert [count(full, t) for t in ("clinical_notes", "injury_episodes", "sessions")] == \
        [0, 0, 10]
    assert audit_events(full).iloc[0]["detail"] == "athletes=2 rows=10"


def test_retention_years_come_from_the_team_setting() -> None:
    keep = load_config(overrides={"retention.clinical_years_after_leaving": 0})
    assert expired(dt.date(2010, 1, 1), keep, dt.date(2026, 12, 2)) is False
    assert expired(dt.date(2018, 12, 2), load_config(), dt.date(2026, 12, 2)) is True
    assert expired(dt.date(2018, 12, 3), load_config(), dt.date(2026, 12, 2)) is False
    seven = load_config(overrides={"retention.clinical_years_after_leaving": 7})
    assert expired(dt.date(2016, 2, 29), seven, dt.date(2023, 2, 28)) is True  # no 29 Feb
