"""The upload page with every real export of ../shared/realworld/ (issue 13 "Done when"),
driven with AppTest as a coach: the preview shows the detected profile's sentence, a
one-athlete export reaches the mapping and asks for the athlete's name (the CLI's
--athlete), and storing gives the per-athlete session counts the CLI gives
(tests/ingest/test_realworld.py): Strava 609, TrainingPeaks 3, Catapult 14 athletes 3,663,
intervals.icu 856, Garmin 41; the wellness export is refused with its sentence. Skips when
the folder is absent, fails under CI=true."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from loadwatch.schema import DayStatus
from loadwatch.store.db import Store, create_engine
from loadwatch.store.tables import sessions, weekly_totals
from tests.dashboards.conftest import PAGES, USERS, seed_store

REAL = Path(__file__).parents[2] / ".." / "shared" / "realworld"


@pytest.fixture(scope="module", autouse=True)
def _real_files() -> None:
    if not REAL.is_dir():
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{REAL} is missing: CI must run the real-export tests")
        pytest.skip(f"{REAL} is absent (real exports are not part of this repository)")


@pytest.fixture
def own_db(tmp_path: Path) -> str:
    """A new store for each test (these tests write; a team keeps one unit for an export's
    own load, so Catapult's PlayerLoad and Strava's HR load never share a team)."""
    return seed_store(tmp_path)


@pytest.fixture
def env(own_db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("LOADWATCH_DB", own_db)
    yield own_db


def _uploaded(name: str) -> AppTest:
    """The upload page as a coach with the real file `name` dropped on it."""
    at = AppTest.from_file(str(PAGES / "upload.py"), default_timeout=180)
    at.session_state["user"] = USERS["coach"]
    at.run()
    at.file_uploader(key="upload_file").upload(name, (REAL / name).read_bytes()).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _counts(url: str, message: str) -> list[int]:
    """Sessions stored by the upload the success message names, per athlete (sorted; a
    rejected row's 'not recorded' marker is no session)."""
    upload_id = int(re.search(r"upload (\d+)", message).group(1))  # type: ignore[union-attr]
    store = Store(create_engine(url))
    try:
        with store.read() as conn:
            rows = conn.execute(sa.select(sa.func.count()).select_from(sessions)
                                .where(sessions.c.upload_id == upload_id,
                                       sa.func.coalesce(sessions.c.day_status, "")
                                       != DayStatus.MISSING)
                                .group_by(sessions.c.athlete_id)).scalars().all()
    finally:
        store.close()
    return sorted(int(n) for n in rows)


def _store(at: AppTest) -> str:
    """Store (importing only the valid rows when some have problems): the success line."""
    if "upload_choice" in _keys(at.radio):
        at.radio(key="upload_choice").set_value("Import only the valid rows").run()
    at.button(key="store_upload").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert len(at.success) == 1, [s.value for s in at.success]
    return at.success[0].value


def _keys(widgets: object) -> set[str]:
    """The keys of a list of widgets (AppTest raises on an unknown key)."""
    return {w.key for w in widgets}  # type: ignore[attr-defined]


ONE_ATHLETE = [
    # file, profile sentence start, athlete, rows line, sessions stored
    ("real_strava_activities.csv", "This looks like a Strava bulk export: one athlete, "
     "durations in seconds, dates in UTC", "Runner",
     "610 rows: 609 valid, 1 with problems", 609),
    ("real_trainingpeaks_workouts.csv", "This looks like a TrainingPeaks workouts export: one "
     "athlete, durations in hours", "Triathlete", "8 rows: 8 valid, 0 with problems", 3),
    ("real_intervals_icu_activities.csv", "This looks like an intervals.icu activities "
     "export: one athlete, durations in seconds", "Rider",
     "856 rows: 856 valid, 0 with problems", 856),
    ("real_garmin_connect_activities_da.csv", "This looks like a Garmin Connect activities "
     "export with Danish headers: one athlete", "Lasse", "41 rows: 41 valid, 0 with problems",
     41),
]


@pytest.mark.parametrize(("name", "profile", "athlete", "rows", "stored"), ONE_ATHLETE,
                         ids=[c[0] for c in ONE_ATHLETE])
def test_a_one_athlete_export_asks_for_the_athlete_and_stores_the_cli_counts(
        env: str, name: str, profile: str, athlete: str, rows: str, stored: int) -> None:
    at = _uploaded(name)
    assert [i.value for i in at.info if i.value.startswith(profile)], [i.value for i in at.info]
    assert [w.value for w in at.warning] == [
        "Some required fields have no column yet: Athlete. Pick the column that holds each. "
        "This is one athlete's export: you can name the athlete above instead."]
    assert not at.error and "store_upload" not in _keys(at.button)
    assert at.selectbox(key=f"map_{_sha(name)[:8]}_athlete").value == "not in this file"
    name_box = at.text_input(key="upload_athlete")
    assert "one athlete's export" in name_box.label
    name_box.set_value(athlete).run()
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    assert any(m.value.startswith(rows) for m in at.markdown), [m.value for m in at.markdown]
    first = next(f.value for f in at.dataframe if "athlete" in f.value.columns)
    assert set(first["athlete"]) == {athlete}
    message = _store(at)
    assert re.sub(r"\\(.)", r"\1", message).startswith(f"{name}: {stored} sessions added, ")
    assert _counts(env, message) == [stored]


def _sha(name: str) -> str:
    return hashlib.sha256((REAL / name).read_bytes()).hexdigest()


def test_the_catapult_export_maps_itself_and_stores_14_athletes(env: str) -> None:
    name = "real_catapult_openfield_periods.csv"
    at = _uploaded(name)
    assert [i.value for i in at.info] == [
        "This looks like a Catapult OpenField periods export: dates in local time, 'Total "
        "Player Load' is its own channel (PlayerLoad), not AU"]
    assert not at.warning and "upload_athlete" not in _keys(at.text_input)
    expected = sorted(pd.read_csv(REAL / name)["About"].value_counts().tolist())
    assert len(expected) == 14 and sum(expected) == 3663
    assert _counts(env, _store(at)) == expected


def test_the_wellness_export_is_refused_with_its_sentence(env: str) -> None:
    at = _uploaded("real_intervals_icu_wellness.csv")
    assert [e.value for e in at.error] == [
        "real_intervals_icu_wellness.csv: this looks like an intervals.icu wellness export: a "
        "wellness file, not a training log (sleep, HRV, readiness): import the intervals.icu "
        "activities export instead (Settings → Download activities CSV)"]
    assert "store_upload" not in _keys(at.button)


PLANNER_WARNING = ("Some required fields have no column yet: Athlete, Date. Pick the column "
                   "that holds each.")


@pytest.mark.parametrize(("name", "athlete"), [("real_coach_planner_multisheet.xlsx", "Runner"),
                                               ("real_coach_planner.ods", "Runner (ods)")])
def test_the_planning_workbook_is_stored_from_the_page_as_planned_weeks(
        env: str, name: str, athlete: str) -> None:
    """The CLI's --sheet 2022 --athlete Runner --map week_start=CALENDRIER --map
    'duration=*Tps min' --planned, from the page: sheet '2022' (two-row header) first
    shows which fields have no column; the week column mapped makes it a weekly-totals file,
    the minutes read from the six 'Tps min' columns (one block per session) and summed per
    week, the plan checkbox said: 52 weeks, 193 sessions, 15,385 planned minutes stored for
    the athlete named on the page (tests/ingest/test_realworld.py computes them with plain
    calamine)."""
    at = _uploaded(name)
    sheet = at.selectbox(key="upload_sheet")
    assert sheet.options == ["Nutrition", "Entraînement annuel", "2022"]
    assert sheet.value == "Nutrition"
    sheet.set_value("2022").run()
    assert not at.exception, [e.value for e in at.exception]
    assert [w.value for w in at.warning] == [PLANNER_WARNING]
    assert not at.error and "store_upload" not in _keys(at.button)
    key = _sha(name)[:8]
    week = at.selectbox(key=f"map_{key}_week_start")
    assert week.label == "Week start (a weekly-totals file)" and week.value == "not in this file"
    assert "CALENDRIER" in week.options and len(week.options) == 40
    week.set_value("CALENDRIER")
    blocks = at.multiselect(key=f"wide_{key}_duration_min")
    assert blocks.label == "Duration: several columns (one block each)"
    tps = [h for h in blocks.options if h.endswith("Tps min") or h.endswith("Tps min (L)")]
    assert len(tps) == 6
    blocks.set_value(tps)
    at.checkbox(key=f"planned_{key}").check()
    at.text_input(key="upload_athlete").set_value(athlete).run()
    at.button(key="apply_mapping").click().run()
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    assert "Read as a **weekly** log." in at.caption[0].value
    assert any(m.value.startswith("53 rows: 53 valid, 0 with problems") for m in at.markdown)
    notes = [re.sub(r"\\(.)", r"\1", c.value) for c in at.caption]  # as seen
    assert any("193 of 318 blocks hold a value" in n for n in notes), notes
    assert any("summed per row: 52 week(s)" in n for n in notes), notes
    assert any(n.startswith("planned minutes: read as the coach") for n in notes), notes
    first = next(f.value for f in at.dataframe if "week" in f.value.columns)
    assert first[["week", "minutes", "sessions"]].head(2).values.tolist() == [
        ["2022-01-03", 250.0, 3.0], ["2022-01-10", 275.0, 4.0]]
    assert set(first["athlete"]) == {athlete}
    message = _store(at)
    assert re.sub(r"\\(.)", r"\1", message).startswith(f"{name}: 52 weeks added, "), message
    assert _weeks(env, message) == (52, 15385.0, 193, 1)


def _weeks(url: str, message: str) -> tuple[int, float, int, int]:
    """(weeks, minutes, sessions, athletes) the upload the success message names stored."""
    upload_id = int(re.search(r"upload (\d+)", message).group(1))  # type: ignore[union-attr]
    store = Store(create_engine(url))
    try:
        with store.read() as conn:
            row = conn.execute(sa.select(
                sa.func.count(), sa.func.sum(weekly_totals.c.total_minutes),
                sa.func.sum(weekly_totals.c.sessions),
                sa.func.count(sa.distinct(weekly_totals.c.athlete_id)))
                .where(weekly_totals.c.upload_id == upload_id)).one()
    finally:
        store.close()
    return int(row[0]), float(row[1]), int(row[2]), int(row[3])
