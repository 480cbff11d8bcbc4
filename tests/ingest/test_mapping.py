"""Mapping everywhere (issue 13): the user's mapping over the profile's over the aliases, a
field set to "not in this file", ReadOptions as a column_map, the preview's data."""

from __future__ import annotations

from pathlib import Path

import pytest

from loadwatch.errors import LogError
from loadwatch.ingest.log import parse_log
from loadwatch.ingest.mapping import (
    NOT_IN_FILE,
    ReadOptions,
    describe_options,
    layout_key,
    parse_map_options,
    read_mapping_file,
)
from loadwatch.ingest.preview import preview_export
from loadwatch.schema import Col

LOG = b"Athlete,Date,Minutes,RPE,Load,Avg HR\nA1,2024-01-08,60,5,999,140\n" \
      b"A1,2024-01-09,45,4,,150\n"


def test_a_field_set_to_not_in_this_file_is_not_matched_by_alias() -> None:
    default = parse_log(LOG)
    assert default.data[Col.LOAD].tolist() == [999.0, 180.0]
    unmatched = parse_log(LOG, options=ReadOptions(columns={"load": NOT_IN_FILE}))
    assert unmatched.data[Col.LOAD].tolist() == [300.0, 180.0]
    assert unmatched.ignored_columns == ["Load", "Avg HR"]


def test_read_options_go_where_a_column_map_goes() -> None:
    options = ReadOptions(columns={"athlete": "Avg HR"}, athlete=None)
    assert parse_log(LOG, column_map=options).data[Col.ATHLETE].tolist() == ["140", "150"]
    named = ReadOptions(athlete="Runner 1")
    assert parse_log(LOG, column_map=named).data[Col.ATHLETE].tolist() == ["Runner 1"] * 2


def test_map_items_and_files(tmp_path: Path) -> None:
    assert parse_map_options(["duration=Secs", "load=", "athlete = Who"]) == {
        "duration_min": "Secs", "load_au": "", "athlete": "Who"}
    path = tmp_path / "m.toml"
    path.write_text('athlete = "Runner"\nduration_unit = "seconds"\n[columns]\nrpe = "Effort"\n')
    options = read_mapping_file(path)
    assert options == ReadOptions(columns={"rpe": "Effort"}, athlete="Runner",
                                  duration_unit="s")
    assert describe_options(options) == "rpe=Effort, athlete Runner, durations in seconds"
    path.write_text("[columns\n")
    with pytest.raises(LogError, match="m.toml: not a valid TOML mapping file"):
        read_mapping_file(path)


def test_a_mapping_to_a_missing_column_lists_the_columns() -> None:
    with pytest.raises(LogError, match=r"column_map refers to column\(s\) \['Effort'\] that "
                       r"are not in the file; columns found: Athlete, Date, Minutes, RPE"):
        parse_log(LOG, options=ReadOptions(columns={"rpe": "Effort"}))


def test_layout_key_is_the_profile_or_the_headers() -> None:
    assert layout_key(["Activity ID", "Activity Date", "Activity Type", "Moving Time"]) == (
        "strava_activities", "Strava activities")
    key, name = layout_key(["Athlete", "Date", "Minutes"])
    assert key == layout_key(["athlete", "DATE", "minutes"])[0]  # same normalised headers
    assert key.startswith("headers-") and name == "this layout of columns"


def test_the_preview_says_fields_ignored_columns_and_rows() -> None:
    preview = preview_export(LOG, ReadOptions(timezone="Europe/Oslo"))
    assert preview.error is None and preview.profile is None
    assert {k: v for k, v in preview.fields.items() if v != NOT_IN_FILE} == {
        "athlete": "Athlete", "date": "Date", "duration_min": "Minutes", "rpe": "RPE",
        "load_au": "Load"}
    assert preview.ignored == ["Avg HR"] and preview.n_sessions == 2
    assert preview.notes == ["ignored: Avg HR",
                             "time stamps read as the local day in Europe/Oslo"]
    refused = preview_export(b"Who,When\nA1,2024-01-08\n")
    assert refused.error is not None and "missing required column 'athlete'" in refused.error
    assert refused.fields["athlete"] == NOT_IN_FILE and refused.ignored == ["Who", "When"]
