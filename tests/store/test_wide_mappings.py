"""A saved mapping can hold an athlete's label (``--athlete``, issue 13): a pseudonymised
export codes it, and erasing the athlete removes the mapping naming them."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from loadwatch.ingest.mapping import ReadOptions
from loadwatch.store import Store, ingest_file
from loadwatch.store.erase import erase_athlete
from loadwatch.store.export import export_tables
from loadwatch.store.mappings import LEFT_OUT, save_mapping, saved_mapping
from loadwatch.store.tables import athletes
from tests.store.support import write_csv

NAME = "Ann Example"


def _store_with_mappings(store: Store, tmp_path: Path) -> Store:
    lines = ["athlete,date,duration_min,rpe"]
    lines += [f"{who},2026-03-0{d},60,5" for d in (2, 3) for who in (NAME, "B2")]
    ingest_file(store, write_csv(tmp_path / "log.csv", lines), "Gym")
    save_mapping(store, "Gym", "strava_activities", ReadOptions(athlete="ann  example"))
    save_mapping(store, "Gym", "garmin_da", ReadOptions(athlete="Someone Else"))
    save_mapping(store, "Gym", "planner", ReadOptions(
        columns={"week_start": "CALENDRIER"}, wide={"duration_min": ["*Tps min"]},
        planned=True))
    return store


def test_a_pseudonymised_export_codes_the_athlete_label_of_a_saved_mapping(
        store: Store, tmp_path: Path) -> None:
    _store_with_mappings(store, tmp_path)
    with store.read() as conn:
        codes = dict(conn.execute(sa.select(athletes.c.code, athletes.c.id)).all())
    export_tables(store, tmp_path / "safe", pseudonymise=True)
    text = (tmp_path / "safe" / "saved_mappings.csv").read_text(encoding="utf-8")
    assert "example" not in text.casefold() and "Someone Else" not in text
    rows = pd.read_csv(tmp_path / "safe" / "saved_mappings.csv").set_index("profile")
    said = {p: json.loads(m).get("athlete") for p, m in rows["mapping"].items()}
    assert said["garmin_da"] == LEFT_OUT and said["planner"] is None
    assert said["strava_activities"] in codes and said["strava_activities"].startswith("A-")
    export_tables(store, tmp_path / "full")
    assert "ann  example" in (tmp_path / "full" / "saved_mappings.csv").read_text("utf-8")


def test_erasing_an_athlete_removes_the_saved_mapping_naming_them(
        store: Store, tmp_path: Path) -> None:
    _store_with_mappings(store, tmp_path)
    result = erase_athlete(store, "Gym", NAME, confirm=NAME, by="admin1")
    assert result.rows["saved_mappings"] == 1
    assert saved_mapping(store, "Gym", "strava_activities") is None
    assert saved_mapping(store, "Gym", "garmin_da") == ReadOptions(athlete="Someone Else")
    kept = saved_mapping(store, "Gym", "planner")
    assert kept is not None and kept.wide == {"duration_min": ["*Tps min"]} and kept.planned
