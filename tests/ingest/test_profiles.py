"""Export profiles as data (issue 13): each known export is recognised from its headers, read
with its units, time zone, completed rule and own load channel, and said in one line; the
silent-wrong cases of the issue are refusals or explicit decisions. Made-up fixtures in
tests/data/profiles/ (one per profile and per case)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from loadwatch.errors import LogError
from loadwatch.ingest.log import ParsedLog, parse_log
from loadwatch.ingest.mapping import ReadOptions
from loadwatch.ingest.profiles import detect_profile, profiles
from loadwatch.ingest.readers import read_table
from loadwatch.schema import Col

DATA = Path(__file__).parents[1] / "data" / "profiles"
CPH = "Europe/Copenhagen"


def _read(name: str, **options: object) -> ParsedLog:
    return parse_log(DATA / name, options=ReadOptions(**options))  # type: ignore[arg-type]


def _rows(parsed: ParsedLog, *columns: str) -> list[tuple]:
    data = parsed.data.assign(date=parsed.data[Col.DATE].dt.strftime("%Y-%m-%d"))
    return [tuple(None if pd.isna(v) else v for v in row)
            for row in data[[Col.ATHLETE, Col.DATE, *columns]].itertuples(index=False)]


@pytest.mark.parametrize(("name", "key"), [
    ("strava_activities.csv", "strava_activities"),
    ("trainingpeaks_workouts.csv", "trainingpeaks_workouts"),
    ("intervals_icu_activities.csv", "intervals_icu_activities"),
    ("intervals_icu_renamed_date.csv", "intervals_icu_activities"),
    ("intervals_icu_wellness.csv", "intervals_icu_wellness"),
    ("garmin_connect_activities_da.csv", "garmin_connect_activities_da"),
    ("catapult_openfield.csv", "catapult_openfield"),
    ("smartabase_training.csv", "smartabase_training"),
    ("google_forms_srpe.csv", "google_forms_srpe"),
    ("microsoft_forms_srpe.csv", "microsoft_forms_srpe"),
    ("goldencheetah_summary.csv", "goldencheetah_summary"),
    ("names_case_spaces.csv", None),
])
def test_each_export_is_recognised_from_its_headers_alone(name: str, key: str | None) -> None:
    headers = list(read_table(DATA / name).frame.columns)
    found = detect_profile(headers)
    assert (found.key if found else None) == key


def test_every_profile_file_is_shipped_and_adding_one_is_adding_a_file() -> None:
    keys = {p.key for p in profiles()}
    assert keys == {path.stem for path in
                    (Path(__file__).parents[2] / "loadwatch/ingest/profiles").glob("*.toml")}
    assert len(keys) == 11


def test_strava_seconds_utc_and_its_heart_rate_load_in_its_own_channel() -> None:
    parsed = _read("strava_activities.csv", athlete="Runner", timezone=CPH)
    # 23:30 UTC on 9 January is 00:30 on the 10th in Copenhagen; Training Load is never AU
    assert _rows(parsed, Col.DURATION, Col.LOAD, Col.EXTERNAL_LOAD) == [
        ("Runner", "2024-01-08", 60.0, 300.0, None),
        ("Runner", "2024-01-10", 30.0, None, 42.0),
        ("Runner", "2024-01-10", 45.0, 315.0, 95.0)]
    assert parsed.notes[0] == (
        "This looks like a Strava bulk export: one athlete, durations in seconds, dates in UTC, "
        "'Training Load' is its own channel (Strava HR load), not AU")
    west = _read("strava_activities.csv", athlete="Runner", timezone="America/New_York")
    assert west.data[Col.DATE].dt.day.tolist() == [8, 9, 10]


def test_a_one_athlete_export_without_an_athlete_says_how_to_name_one() -> None:
    with pytest.raises(LogError, match=r"strava_activities.csv: This looks like a Strava bulk "
                       r"export: one athlete.*Name the athlete: --athlete NAME \(or map a "
                       r"column: --map athlete=COLUMN\)"):
        _read("strava_activities.csv")


def test_trainingpeaks_hours_and_planned_workouts_are_not_sessions() -> None:
    parsed = _read("trainingpeaks_workouts.csv", athlete="Tri")
    assert _rows(parsed, Col.DURATION, Col.RPE, Col.LOAD, Col.EXTERNAL_LOAD) == [
        ("Tri", "2024-01-08", 30.0, 4.0, 120.0, 30.5),
        ("Tri", "2024-01-09", 75.0, 6.0, 450.0, 88.2)]
    assert "2 planned workout(s) not completed (no 'TimeTotalInHours') are not sessions: " \
           "rows 3, 5" in parsed.notes


@pytest.mark.parametrize("name", ["intervals_icu_activities.csv",
                                  "intervals_icu_renamed_date.csv"])
def test_intervals_icu_never_takes_the_activity_name_as_the_athlete(name: str) -> None:
    with pytest.raises(LogError, match="Name the athlete"):
        _read(name)
    parsed = _read(name, athlete="Rider")
    assert _rows(parsed, Col.DURATION, Col.LOAD, Col.EXTERNAL_LOAD) == [
        ("Rider", "2024-01-08", 60.0, 240.0, 50.0),
        ("Rider", "2024-01-08", 20.0, None, 10.0),
        ("Rider", "2024-01-09", 45.0, 360.0, 70.0)]
    assert parsed.ignored_columns == ["id", "name", "average_heartrate"]


def test_a_wellness_export_is_refused_as_not_a_training_log() -> None:
    with pytest.raises(LogError, match=r"intervals_icu_wellness.csv: this looks like an "
                       r"intervals.icu wellness export: a wellness file, not a training log.*"
                       r"import the intervals.icu activities export instead"):
        _read("intervals_icu_wellness.csv", athlete="Rider")


def test_garmin_danish_headers_clock_durations_and_distance_channel() -> None:
    parsed = _read("garmin_connect_activities_da.csv", athlete="Lasse")
    assert _rows(parsed, Col.DURATION, Col.SPORT, Col.EXTERNAL_LOAD) == [
        ("Lasse", "2024-01-08", 36.0, "Løb", 6.2), ("Lasse", "2024-01-09", 60.5, "Løb", 8.0)]


def test_catapult_about_is_the_athlete_and_playerload_is_not_au() -> None:
    parsed = _read("catapult_openfield.csv")
    assert _rows(parsed, Col.LOAD, Col.EXTERNAL_LOAD) == [
        ("Athlete A", "2024-01-15", None, 80.5), ("Athlete A", "2024-01-15", None, 120.0),
        ("Athlete B", "2024-01-15", None, 70.0), ("Athlete A", "2024-01-16", None, 90.0)]
    assert parsed.warnings == []  # periods of a day differ in load: not duplicates


def test_smartabase_about_and_session_rpe() -> None:
    parsed = _read("smartabase_training.csv")
    assert _rows(parsed, Col.START_TIME, Col.LOAD) == [
        ("Athlete 1", "2024-01-08", "16:00", 300.0), ("Athlete 2", "2024-01-08", "16:00", 540.0),
        ("Athlete 1", "2024-01-13", "09:30", 135.0)]


def test_google_forms_labels_are_rpe_and_a_back_pain_question_is_named() -> None:
    parsed = _read("google_forms_srpe.csv")
    assert _rows(parsed, Col.DURATION, Col.RPE, Col.LOAD) == [
        ("Mia", "2024-01-08", 60.0, 7.0, 420.0), ("Noah", "2024-01-08", 45.0, 3.0, 135.0),
        ("Mia", "2024-01-09", 90.0, 5.0, 450.0)]
    assert "ignored: Timestamp, Any back pain today?" in parsed.notes
    assert ("column(s) 'Any back pain today?' look like symptoms: they were not read. Symptoms "
            "belong in a check-in (loadwatch symptoms import, or the check-in page), where a "
            "therapist sees them") in parsed.notes


def test_microsoft_forms_completion_time_is_the_day() -> None:
    parsed = _read("microsoft_forms_srpe.csv")
    assert _rows(parsed, Col.DURATION, Col.LOAD) == [
        ("Mia", "2024-01-08", 60.0, 420.0), ("Noah", "2024-01-08", 45.0, 135.0)]


def test_goldencheetah_seconds_and_trimp_channel() -> None:
    parsed = _read("goldencheetah_summary.csv", athlete="Cyclist")
    assert _rows(parsed, Col.DURATION, Col.SPORT, Col.EXTERNAL_LOAD) == [
        ("Cyclist", "2024-01-08", 60.0, "Bike", 85.5),
        ("Cyclist", "2024-01-09", 30.0, "Run", 40.0)]


def test_names_differing_by_case_spaces_or_accents_need_a_decision() -> None:
    with pytest.raises(LogError, match=r"athlete labels 'Ana López' / 'ana  lopez' differ only "
                       r"by case, spaces or accents: probably the same athlete. Decide: "
                       r"--merge-names \(one athlete each\) or --keep-names-apart"):
        _read("names_case_spaces.csv")
    merged = _read("names_case_spaces.csv", merge_names=True)
    assert merged.data[Col.ATHLETE].tolist() == ["Ana López", "Ana López", "Ben"]
    apart = _read("names_case_spaces.csv", merge_names=False)
    assert apart.data[Col.ATHLETE].tolist() == ["Ana López", "ana  lopez", "Ben"]
    assert "kept apart as different athletes (your decision): 'Ana López' / 'ana  lopez'" \
        in apart.notes


def test_seconds_in_a_minutes_column_are_refused_naming_the_unit() -> None:
    with pytest.raises(LogError, match=r"column 'duration': durations in minutes with a median "
                       r"of 3,600 min \(60 h\) per session look like seconds; set the unit "
                       r"\(--duration-unit s"):
        _read("minutes_that_are_seconds.csv")
    parsed = _read("minutes_that_are_seconds.csv", duration_unit="s")
    assert parsed.data[Col.DURATION].tolist() == [60.0, 45.0, 90.0]


def test_hours_in_a_minutes_column_are_refused_naming_the_unit() -> None:
    with pytest.raises(LogError, match=r"durations in minutes are all below 3 min per session: "
                       r"they look like hours; set the unit \(--duration-unit h"):
        _read("hours_read_as_minutes.csv")
    parsed = _read("hours_read_as_minutes.csv", duration_unit="h")
    assert parsed.data[Col.LOAD].tolist() == [450.0, 270.0, 528.0]


def test_a_row_without_any_value_is_not_a_session_and_its_day_is_not_rest() -> None:
    parsed = _read("rows_without_values.csv")
    assert _rows(parsed, Col.DURATION, Col.DAY_STATUS) == [
        ("A1", "2024-01-08", 60.0, None), ("A1", "2024-01-09", None, "missing"),
        ("A1", "2024-01-10", 45.0, None)]
    assert parsed.notes == [
        "2 row(s) without any load, duration or RPE are not sessions: rows 3, 5; the day of "
        "rows 3 counts as not recorded (missing, not rest)", "ignored: Avg HR, Notes"]
