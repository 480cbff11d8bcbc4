"""Tests for loadwatch.ingest.log (with loadwatch.ingest.readers): every file format a coach
sends, header aliases, sRPE load, weekly-totals logs, row-level validation (spec §2.1),
coverage (§3.2)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

import loadwatch as lw
from loadwatch.errors import LogError, Problem
from loadwatch.ingest.log import parse_log, read_log
from loadwatch.schema import SESSION_COLUMNS, WEEKLY_INPUT_COLUMNS, Col, DayStatus

HEADER = "Athlete,Date,Minutes,RPE"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def text_file(tmp_path: Path, lines: list[str], *, name: str = "log.csv", eol: str = "\n",
              encoding: str = "utf-8", bom: bool = False) -> Path:
    data = (eol.join(lines) + eol).encode(encoding)
    return write(tmp_path, name, (b"\xef\xbb\xbf" if bom else b"") + data)


def csv_log(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    return text_file(tmp_path, [header, *rows])


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


def sessions(data: pd.DataFrame) -> pd.DataFrame:
    """Rows that are sessions (a rejected row's day stays as a 'not recorded' marker)."""
    return data[data[Col.DAY_STATUS].ne(DayStatus.MISSING).fillna(True).to_numpy(bool)]


def problems_at(problems: list[Problem]) -> list[tuple[int | None, str | None]]:
    return [(p.row, p.column) for p in problems]


# --- formats ----------------------------------------------------------------------------------


def test_comma_csv_reads_canonical_session_columns(tmp_path: Path) -> None:
    log = read_log(csv_log(tmp_path, "A1,2026-03-02,90,7", "A2,2026-03-03,45,4"))
    assert list(log.columns) == list(SESSION_COLUMNS)
    assert log[Col.ATHLETE].tolist() == ["A1", "A2"]
    assert log[Col.DATE].tolist() == [ts("2026-03-02"), ts("2026-03-03")]
    assert log[Col.DURATION].tolist() == [90.0, 45.0]
    assert log[Col.RPE].tolist() == [7.0, 4.0]
    assert log[Col.SOURCE_ROW].tolist() == [2, 3]


def test_tsv_is_split_on_tabs(tmp_path: Path) -> None:
    path = text_file(tmp_path, ["Athlete\tDate\tMinutes\tRPE", "A1\t2026-03-02\t90\t7"],
                     name="log.tsv")
    log = read_log(path)
    assert log[Col.ATHLETE].tolist() == ["A1"]
    assert log[Col.LOAD].tolist() == [630.0]


def test_semicolon_file_reads_decimal_commas(tmp_path: Path) -> None:
    path = text_file(tmp_path, ["Athlete;Date;Minutes;RPE", "A1;2026-03-02;90,5;6,5"])
    log = read_log(path)
    assert log[Col.RPE].tolist() == [6.5]
    assert log[Col.DURATION].tolist() == [90.5]
    assert log[Col.LOAD].tolist() == [pytest.approx(588.25)]


def test_utf8_bom_header_still_matches_athlete(tmp_path: Path) -> None:
    path = text_file(tmp_path, [HEADER, "A1,2026-03-02,90,7"], bom=True)
    parsed = parse_log(path)
    assert parsed.mapping[Col.ATHLETE] == "Athlete"
    assert parsed.data[Col.ATHLETE].tolist() == ["A1"]


def test_crlf_line_endings_leave_no_carriage_returns(tmp_path: Path) -> None:
    path = text_file(tmp_path, [HEADER, "A1,2026-03-02,90,7", "A2,2026-03-03,45,4"], eol="\r\n")
    log = read_log(path)
    assert log[Col.ATHLETE].tolist() == ["A1", "A2"]
    assert log[Col.RPE].tolist() == [7.0, 4.0]
    assert log[Col.SOURCE_ROW].tolist() == [2, 3]


def test_windows_1252_file_keeps_accented_athlete_id(tmp_path: Path) -> None:
    path = text_file(tmp_path, [HEADER, "José,2026-03-02,90,7", "Zoë,2026-03-02,60,5"],
                     encoding="cp1252")
    assert path.read_bytes().count(b"\xe9") == 1  # really cp1252, not UTF-8
    log = read_log(path)
    assert log[Col.ATHLETE].tolist() == ["José", "Zoë"]


def xlsx_file(tmp_path: Path, rows: list[list[object]], name: str = "log.xlsx") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def test_xlsx_with_date_number_and_time_cells(tmp_path: Path) -> None:
    path = xlsx_file(tmp_path, [
        ["Athlete", "Date", "Duration", "RPE", "Start"],
        ["A1", dt.datetime(2026, 3, 2), 90, 7, dt.time(16, 30)],
        ["A2", dt.date(2026, 3, 3), dt.time(1, 15, 30), 6.5, None],
    ])
    log = read_log(path)
    assert log[Col.DATE].tolist() == [ts("2026-03-02"), ts("2026-03-03")]
    assert log[Col.DURATION].tolist() == [90.0, 75.5]
    assert log[Col.RPE].tolist() == [7.0, 6.5]
    assert log[Col.LOAD].tolist() == [630.0, pytest.approx(490.75)]
    assert log[Col.START_TIME].iloc[0] == "16:30"
    assert pd.isna(log[Col.START_TIME].iloc[1])


def test_xlsx_blank_row_still_counts_for_row_numbers(tmp_path: Path) -> None:
    path = xlsx_file(tmp_path, [
        ["Athlete", "Date", "Minutes", "RPE"],
        ["A1", dt.datetime(2026, 3, 2), 90, 7],
        [None, None, None, None],
        ["A2", dt.datetime(2026, 3, 4), 45, 14],
    ])
    parsed = parse_log(path)
    assert problems_at(parsed.problems) == [(4, "RPE")]
    assert sessions(parsed.data)[Col.SOURCE_ROW].tolist() == [2]


def test_parquet_with_datetime_and_float_columns(tmp_path: Path) -> None:
    frame = pd.DataFrame({
        "Athlete": ["A1", "A2"],
        "Date": pd.to_datetime(["2026-03-02 10:00", "2026-03-03 00:00"]),
        "Minutes": [90.0, 45.5],
        "RPE": [7.0, np.nan],
    })
    path = tmp_path / "log.parquet"
    frame.to_parquet(path)
    log = read_log(path)
    assert log[Col.DATE].tolist() == [ts("2026-03-02"), ts("2026-03-03")]
    assert log[Col.DURATION].tolist() == [90.0, 45.5]
    assert log[Col.LOAD].iloc[0] == 630.0
    assert np.isnan(log[Col.LOAD].iloc[1])
    assert log[Col.SOURCE_ROW].tolist() == [2, 3]


# --- header matching --------------------------------------------------------------------------


@pytest.mark.parametrize("header", ["Name", "Player", "Player Name", "Athlete ID", " ATHLETE_id "])
def test_athlete_header_aliases(tmp_path: Path, header: str) -> None:
    parsed = parse_log(csv_log(tmp_path, "A1,2026-03-02,90,7",
                               header=f"{header},Date,Minutes,RPE"))
    assert parsed.mapping[Col.ATHLETE] == header.strip()
    assert parsed.data[Col.ATHLETE].tolist() == ["A1"]


@pytest.mark.parametrize("header", ["Session Date", "Day", "DATE", "training-date"])
def test_date_header_aliases(tmp_path: Path, header: str) -> None:
    parsed = parse_log(csv_log(tmp_path, "A1,2026-03-02,90,7",
                               header=f"Athlete,{header},Minutes,RPE"))
    assert parsed.mapping[Col.DATE] == header
    assert parsed.data[Col.DATE].tolist() == [ts("2026-03-02")]


@pytest.mark.parametrize("header", ["Minutes", "Mins", "Duration (min)", "Time"])
def test_duration_header_aliases(tmp_path: Path, header: str) -> None:
    parsed = parse_log(csv_log(tmp_path, "A1,2026-03-02,90,7",
                               header=f"Athlete,Date,{header},RPE"))
    assert parsed.mapping[Col.DURATION] == header
    assert parsed.data[Col.DURATION].tolist() == [90.0]


@pytest.mark.parametrize("header", ["sRPE load", "Session Load", "Training Load", "AU"])
def test_load_header_aliases_are_used_as_au(tmp_path: Path, header: str) -> None:
    parsed = parse_log(csv_log(tmp_path, "A1,2026-03-02,90,7,500",
                               header=f"Athlete,Date,Minutes,RPE,{header}"))
    assert parsed.mapping[Col.LOAD] == header
    assert parsed.data[Col.LOAD].tolist() == [500.0]  # not 7 × 90


def test_column_map_overrides_unrecognised_headers(tmp_path: Path) -> None:
    path = csv_log(tmp_path, "A1,2026-03-02,90,7", header="Who,When,Mins,RPE")
    parsed = parse_log(path, column_map={Col.ATHLETE: "Who", Col.DATE: "When"})
    assert parsed.mapping[Col.ATHLETE] == "Who"
    assert parsed.mapping[Col.DATE] == "When"
    assert parsed.data[Col.LOAD].tolist() == [630.0]


def test_column_map_unknown_field_is_refused(tmp_path: Path) -> None:
    path = csv_log(tmp_path, "A1,2026-03-02,90,7")
    with pytest.raises(LogError, match=r"column_map names unknown field\(s\) \['bogus'\]"):
        parse_log(path, column_map={"bogus": "Athlete"})


def test_column_map_header_not_in_file_lists_columns_found(tmp_path: Path) -> None:
    path = csv_log(tmp_path, "A1,2026-03-02,90,7")
    with pytest.raises(LogError) as info:
        parse_log(path, column_map={Col.ATHLETE: "Nope"})
    assert "['Nope']" in str(info.value)
    assert "columns found: Athlete, Date, Minutes, RPE" in str(info.value)


def test_training_date_wins_over_day_which_is_ignored(tmp_path: Path) -> None:
    path = csv_log(tmp_path, "A1,2026-03-02,Monday,90,7",
                   header="Athlete,Training_Date,Day,Minutes,RPE")
    parsed = parse_log(path)
    assert parsed.mapping[Col.DATE] == "Training_Date"
    assert parsed.ignored_columns == ["Day"]
    assert parsed.data[Col.DATE].tolist() == [ts("2026-03-02")]


# --- durations and load -----------------------------------------------------------------------


def test_durations_in_minutes_h_mm_and_hh_mm_ss(tmp_path: Path) -> None:
    log = read_log(csv_log(tmp_path, "A1,2026-03-02,45,4", "A1,2026-03-03,1:30,7",
                           "A1,2026-03-04,01:15:30,4"))
    assert log[Col.DURATION].tolist() == [45.0, 90.0, 75.5]


def test_load_is_rpe_times_minutes_without_load_column(tmp_path: Path) -> None:
    log = read_log(csv_log(tmp_path, "A1,2026-03-02,90,7", "A1,2026-03-03,45,4"))
    assert log[Col.LOAD].tolist() == [630.0, 180.0]


def test_blank_rpe_gives_missing_load_but_keeps_minutes(tmp_path: Path) -> None:
    log = read_log(csv_log(tmp_path, "A1,2026-03-02,90,"))
    assert log[Col.DURATION].tolist() == [90.0]
    assert np.isnan(log[Col.RPE].iloc[0])
    assert np.isnan(log[Col.LOAD].iloc[0])  # missing, not 0


def test_blank_load_cell_falls_back_to_rpe_times_minutes(tmp_path: Path) -> None:
    log = read_log(csv_log(tmp_path, "A1,2026-03-02,90,7,", "A1,2026-03-03,60,,400",
                           header="Athlete,Date,Minutes,RPE,Load"))
    assert log[Col.LOAD].tolist() == [630.0, 400.0]


def test_sport_absent_is_unspecified(tmp_path: Path) -> None:
    log = read_log(csv_log(tmp_path, "A1,2026-03-02,90,7"))
    assert log[Col.SPORT].tolist() == ["unspecified"]


def test_blank_sport_cell_is_unspecified(tmp_path: Path) -> None:
    log = read_log(csv_log(tmp_path, "A1,2026-03-02,90,7,", "A1,2026-03-03,90,7,Gymnastics",
                           header="Athlete,Date,Minutes,RPE,Sport"))
    assert log[Col.SPORT].tolist() == ["unspecified", "Gymnastics"]


# --- weekly totals ----------------------------------------------------------------------------


def test_weekly_log_with_iso_week_and_monday_date(tmp_path: Path) -> None:
    path = csv_log(tmp_path, "A1,2026-W47,300,1500", "A1,2026-11-23,200,900",
                   header="Athlete,Week,Minutes,Load")
    parsed = parse_log(path)
    assert parsed.kind == "weekly"
    log = parsed.data
    assert list(log.columns) == list(WEEKLY_INPUT_COLUMNS)
    assert log[Col.WEEK].tolist() == [ts("2026-11-16"), ts("2026-11-23")]
    assert log[Col.WEEK_MINUTES].tolist() == [300.0, 200.0]
    assert log[Col.WEEK_LOAD].tolist() == [1500.0, 900.0]
    assert log[Col.LOAD_APPROX].tolist() == [False, False]


def test_weekly_load_from_minutes_times_mean_rpe_is_flagged_approximate(tmp_path: Path) -> None:
    path = csv_log(tmp_path, "A1,2026-W47,300,5", "A1,2026-W48,200,",
                   header="Athlete,Week,Minutes,Mean RPE")
    log = read_log(path)
    assert log[Col.WEEK_LOAD].iloc[0] == 1500.0
    assert np.isnan(log[Col.WEEK_LOAD].iloc[1])
    assert log[Col.LOAD_APPROX].tolist() == [True, False]


def test_weekly_non_monday_week_start_is_an_error_naming_the_weekday(tmp_path: Path) -> None:
    path = csv_log(tmp_path, "A1,2026-11-25,300,5", header="Athlete,Week,Minutes,Mean RPE")
    parsed = parse_log(path)
    assert parsed.problems == [
        Problem(2, "Week", "2026-11-25 is a Wednesday; a week starts on a Monday")
    ]
    with pytest.raises(LogError):
        read_log(path)


def test_weekly_second_row_for_same_athlete_and_week_is_an_error(tmp_path: Path) -> None:
    path = csv_log(tmp_path, "A1,2026-W47,300", "A1,2026-11-16,200",
                   header="Athlete,Week,Minutes")
    parsed = parse_log(path)
    assert problems_at(parsed.problems) == [(3, "Week")]
    assert "first is row 2" in parsed.problems[0].message


# --- validation (spec §2.1) -------------------------------------------------------------------


def test_borg_scale_rpe_is_an_error(tmp_path: Path) -> None:
    parsed = parse_log(csv_log(tmp_path, "A1,2026-03-02,90,14"))
    (problem,) = parsed.problems
    assert (problem.row, problem.column, problem.severity) == (2, "RPE", "error")
    assert "Borg 6–20" in problem.message
    assert "CR-10 (0–10)" in problem.message


def test_rpe_25_is_outside_zero_to_ten(tmp_path: Path) -> None:
    parsed = parse_log(csv_log(tmp_path, "A1,2026-03-02,90,25"))
    (problem,) = parsed.problems
    assert (problem.row, problem.column) == (2, "RPE")
    assert "outside 0–10" in problem.message


def test_negative_rpe_is_an_error(tmp_path: Path) -> None:
    parsed = parse_log(csv_log(tmp_path, "A1,2026-03-02,90,-1"))
    assert parsed.problems == [Problem(2, "RPE", "negative value -1.0 (must be ≥ 0)")]


def test_negative_duration_is_an_error(tmp_path: Path) -> None:
    parsed = parse_log(csv_log(tmp_path, "A1,2026-03-02,-5,3"))
    assert problems_at(parsed.problems) == [(2, "Minutes")]
    assert "negative" in parsed.problems[0].message
    assert sessions(parsed.data).empty


def test_non_numeric_rpe_is_an_error(tmp_path: Path) -> None:
    parsed = parse_log(csv_log(tmp_path, "A1,2026-03-02,90,hard"))
    assert parsed.problems == [Problem(2, "RPE", "'hard' is not a number")]


def test_non_numeric_duration_is_an_error(tmp_path: Path) -> None:
    parsed = parse_log(csv_log(tmp_path, "A1,2026-03-02,abc,5"))
    assert parsed.problems == [
        Problem(2, "Minutes", "'abc' is not a duration (minutes, h:mm or hh:mm:ss)")
    ]


def test_duration_700_is_an_error(tmp_path: Path) -> None:
    parsed = parse_log(csv_log(tmp_path, "A1,2026-03-02,700,3"))
    (problem,) = parsed.problems
    assert (problem.row, problem.column) == (2, "Minutes")
    assert "longer than 600 min" in problem.message
    assert parsed.warnings == []


def test_duration_300_is_only_a_warning(tmp_path: Path) -> None:
    parsed = parse_log(csv_log(tmp_path, "A1,2026-03-02,300,3"))
    assert parsed.problems == []
    assert parsed.warnings == [
        Problem(2, "Minutes", "duration 300.0 min is over 240 min; please check", "warning")
    ]
    assert parsed.data[Col.LOAD].tolist() == [900.0]


def test_zero_duration_with_effort_is_an_error(tmp_path: Path) -> None:
    parsed = parse_log(csv_log(tmp_path, "A1,2026-03-02,0,5"))
    assert problems_at(parsed.problems) == [(2, "Minutes")]
    assert "duration is 0 min" in parsed.problems[0].message


def test_rpe_zero_with_minutes_is_a_warning(tmp_path: Path) -> None:
    parsed = parse_log(csv_log(tmp_path, "A1,2026-03-02,60,0"))
    assert parsed.problems == []
    assert parsed.warnings == [
        Problem(2, "RPE", "RPE 0 means rest; this session counts as 0 AU", "warning")
    ]
    assert parsed.data[Col.LOAD].tolist() == [0.0]


def test_blank_athlete_is_an_error(tmp_path: Path) -> None:
    parsed = parse_log(csv_log(tmp_path, "A1,2026-03-02,60,5", ",2026-03-03,60,5"))
    assert parsed.problems == [Problem(3, "Athlete", "athlete is blank")]


def test_unparseable_and_blank_dates_are_errors(tmp_path: Path) -> None:
    parsed = parse_log(csv_log(tmp_path, "A1,notadate,60,5", "A1,2026-02-30,60,5",
                               "A1,,60,5"))
    hint = "is not a date (use YYYY-MM-DD, DD/MM/YYYY or MM/DD/YYYY)"
    assert parsed.problems == [
        Problem(2, "Date", f"'notadate' {hint}"),
        Problem(3, "Date", f"'2026-02-30' {hint}"),
        Problem(4, "Date", "date is blank"),
    ]


def test_problem_names_the_column_as_the_user_wrote_it(tmp_path: Path) -> None:
    parsed = parse_log(csv_log(tmp_path, "A1,2026-03-02,90,14",
                               header="Athlete,Date,Minutes,Session RPE"))
    assert problems_at(parsed.problems) == [(2, "Session RPE")]
    assert str(parsed.problems[0]).startswith("row 2, column 'Session RPE': RPE 14.0")


def test_every_bad_row_is_reported_with_its_row_number(tmp_path: Path) -> None:
    path = csv_log(tmp_path,
                   "A1,2026-03-02,90,7",
                   "A1,2026-03-03,90,14",     # row 3
                   "A1,2026-03-04,60,5",
                   "A2,2026-03-05,60,hard",   # row 5
                   "A2,2026-03-06,45,4",
                   "A2,2026-03-07,700,3")     # row 7
    parsed = parse_log(path)
    assert problems_at(parsed.problems) == [(3, "RPE"), (5, "RPE"), (7, "Minutes")]
    assert sessions(parsed.data)[Col.SOURCE_ROW].tolist() == [2, 4, 6]


def test_blank_lines_still_count_as_rows(tmp_path: Path) -> None:
    path = text_file(tmp_path, [HEADER, "A1,2026-03-02,90,7", "", "", "A1,2026-03-05,90,25"],
                     eol="\r\n")
    parsed = parse_log(path)
    assert problems_at(parsed.problems) == [(5, "RPE")]
    assert sessions(parsed.data)[Col.SOURCE_ROW].tolist() == [2]


def test_read_log_refuses_whole_file_listing_every_problem(tmp_path: Path) -> None:
    path = csv_log(tmp_path, "A1,2026-03-02,90,7", "A1,2026-03-03,90,14",
                   "A2,2026-03-05,60,hard", "A2,2026-03-07,700,3")
    with pytest.raises(LogError) as info:
        read_log(path)
    error = info.value
    assert str(error) == ("log.csv: 3 row(s) are invalid; nothing was read "
                          "(fix the file, or skip the invalid rows explicitly)")
    assert [p.row for p in error.problems] == [3, 4, 5]
    report = error.report()
    assert "  row 3, column 'RPE': RPE 14.0 looks like the Borg 6–20 scale" in report
    assert "  row 4, column 'RPE': 'hard' is not a number" in report
    assert "  row 5, column 'Minutes': duration 700.0 min" in report


def test_read_log_skip_invalid_returns_only_valid_rows(tmp_path: Path) -> None:
    path = csv_log(tmp_path, "A1,2026-03-02,90,7", "A1,2026-03-03,90,14")
    log = read_log(path, skip_invalid=True)
    assert sessions(log)[Col.SOURCE_ROW].tolist() == [2]


def test_a_skipped_row_leaves_its_day_missing_not_rest(tmp_path: Path) -> None:
    path = csv_log(tmp_path, "A1,2026-03-02,90,7", "A1,2026-03-03,90,14", "A1,2026-03-04,60,5")
    log = read_log(path, skip_invalid=True)
    marker = log[log[Col.SOURCE_ROW] == 3].iloc[0]
    assert marker[Col.DAY_STATUS] == DayStatus.MISSING and pd.isna(marker[Col.LOAD])
    daily = lw.daily_series(log)
    assert daily[Col.STATUS].tolist() == ["trained", "missing", "trained"]


def test_parse_log_returns_valid_rows_and_rejects_with_row_and_reason(tmp_path: Path) -> None:
    path = csv_log(tmp_path, "A1,2026-03-02,90,7", "A1,2026-03-03,90,14",
                   "A2,2026-03-04,60,5", "A2,2026-03-05,60,hard")
    parsed = parse_log(path)
    assert not parsed.ok
    assert sessions(parsed.data)[Col.ATHLETE].tolist() == ["A1", "A2"]
    assert sessions(parsed.data)[Col.SOURCE_ROW].tolist() == [2, 4]
    rejects = parsed.rejects
    assert rejects["row"].tolist() == [3, 5]
    assert rejects["reason"].tolist() == [
        "row 3, column 'RPE': RPE 14.0 looks like the Borg 6–20 scale; "
        "loadwatch needs CR-10 (0–10)",
        "row 5, column 'RPE': 'hard' is not a number",
    ]
    assert rejects["RPE"].tolist() == ["14", "hard"]  # original cells, untouched


def test_two_problems_on_one_row_give_one_reject_with_both_reasons(tmp_path: Path) -> None:
    parsed = parse_log(csv_log(tmp_path, ",2026-03-02,700,14"))
    assert problems_at(parsed.problems) == [(2, "Athlete"), (2, "Minutes"), (2, "RPE")]
    assert parsed.rejects["row"].tolist() == [2]
    assert parsed.rejects["reason"].tolist() == ["; ".join(str(p) for p in parsed.problems)]


# --- ambiguous dates --------------------------------------------------------------------------


def test_ambiguous_dates_are_refused_naming_dayfirst(tmp_path: Path) -> None:
    path = csv_log(tmp_path, "A1,03/04/2026,90,7", "A1,05/06/2026,60,5")
    with pytest.raises(LogError) as info:
        parse_log(path)
    message = str(info.value)
    assert message.startswith("log.csv: dates in column 'Date' are ambiguous")
    assert "--dayfirst" in message


def test_ambiguous_dates_dayfirst_true(tmp_path: Path) -> None:
    path = csv_log(tmp_path, "A1,03/04/2026,90,7", "A1,05/06/2026,60,5")
    log = read_log(path, dayfirst=True)
    assert log[Col.DATE].tolist() == [ts("2026-04-03"), ts("2026-06-05")]


def test_ambiguous_dates_dayfirst_false(tmp_path: Path) -> None:
    path = csv_log(tmp_path, "A1,03/04/2026,90,7", "A1,05/06/2026,60,5")
    log = read_log(path, dayfirst=False)
    assert log[Col.DATE].tolist() == [ts("2026-03-04"), ts("2026-05-06")]


def test_day_above_twelve_resolves_file_to_day_first(tmp_path: Path) -> None:
    path = csv_log(tmp_path, "A1,03/04/2026,90,7", "A1,25/03/2026,60,5")
    log = read_log(path)
    assert log[Col.DATE].tolist() == [ts("2026-04-03"), ts("2026-03-25")]


def test_one_typo_date_does_not_hide_ambiguity(tmp_path: Path) -> None:
    path = csv_log(tmp_path, "A1,03/04/2026,90,7", "A1,05/06/2026,60,5", "A1,13/13/2026,60,5")
    with pytest.raises(LogError, match="ambiguous"):
        parse_log(path)


# --- file-level errors ------------------------------------------------------------------------


def test_missing_required_column_names_it_and_lists_columns_found(tmp_path: Path) -> None:
    path = csv_log(tmp_path, "A1,90,7", header="Athlete,Minutes,RPE")
    with pytest.raises(LogError) as info:
        read_log(path)
    message = str(info.value)
    assert "missing required column 'date'" in message
    assert message.endswith("columns found: Athlete, Minutes, RPE")


def test_missing_athlete_column(tmp_path: Path) -> None:
    path = csv_log(tmp_path, "2026-03-02,90,7", header="Date,Minutes,RPE")
    with pytest.raises(LogError, match="missing required column 'athlete'.*columns found: Date"):
        read_log(path)


def one_line_error(path: Path) -> str:
    with pytest.raises(LogError) as info:
        read_log(path)
    message = str(info.value)
    assert "\n" not in message
    assert info.value.problems == []
    return message


def test_empty_file_is_one_line_error(tmp_path: Path) -> None:
    assert one_line_error(write(tmp_path, "empty.csv", b"")) == "empty.csv: the file is empty"


def test_whitespace_only_file_is_empty(tmp_path: Path) -> None:
    path = write(tmp_path, "blank.csv", b"  \r\n\r\n")
    assert one_line_error(path) == "blank.csv: the file is empty"


def test_header_only_file_is_one_line_error(tmp_path: Path) -> None:
    path = text_file(tmp_path, [HEADER], eol="\r\n")
    assert one_line_error(path) == (
        "log.csv: no data rows below the header (Athlete, Date, Minutes, RPE)"
    )


def test_binary_junk_is_one_line_error(tmp_path: Path) -> None:
    rng = random.Random(7)
    junk = bytes(rng.randrange(256) for _ in range(400)) + b"\x00\x00" + b"\x01" * 20
    path = write(tmp_path, "junk.csv", b"x" + junk)
    assert one_line_error(path) == (
        "junk.csv: this is not a text, Excel or Parquet file (binary content)"
    )


def test_broken_old_xls_is_one_line_error(tmp_path: Path) -> None:
    """Legacy .xls is read now (tests/ingest/test_readers_sheets.py); a broken one is one line."""
    path = write(tmp_path, "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    assert one_line_error(path) == (
        "old.xls: not a readable Excel workbook (CalamineError: Cannot detect file format)"
    )


def test_corrupt_xlsx_is_one_line_error(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.xlsx", b"PK\x03\x04" + b"junk" * 50)
    assert one_line_error(path) == "bad.xlsx: not a readable Excel workbook (BadZipFile)"


def test_missing_file_is_one_line_error(tmp_path: Path) -> None:
    message = one_line_error(tmp_path / "nope.csv")
    assert message.endswith("nope.csv: no such file")


def test_row_with_extra_cells_is_refused_with_its_line(tmp_path: Path) -> None:
    path = csv_log(tmp_path, "A1,2026-03-02,90,7", "A2,2026-03-03,60,5,oops")
    assert one_line_error(path) == (
        "log.csv: row 3 has 5 fields but the header has 4 (extra fields): add the missing "
        "header names or remove the extra values"
    )


def test_trailing_delimiter_on_data_rows_does_not_shift_columns(tmp_path: Path) -> None:
    log = read_log(csv_log(tmp_path, "A1,2026-03-02,90,7,", "A2,2026-03-03,60,5,"))
    assert log[Col.ATHLETE].tolist() == ["A1", "A2"]
    assert log[Col.LOAD].tolist() == [630.0, 300.0]


def test_blank_line_above_header_is_tolerated(tmp_path: Path) -> None:
    path = text_file(tmp_path, ["", HEADER, "A1,2026-03-02,90,7"])
    log = read_log(path)
    assert log[Col.ATHLETE].tolist() == ["A1"]
    assert log[Col.SOURCE_ROW].tolist() == [3]


# --- data kept verbatim, duplicates -----------------------------------------------------------


def test_formula_like_athlete_text_is_kept_verbatim(tmp_path: Path) -> None:
    path = csv_log(tmp_path, '"=HYPERLINK(""x"")",2026-03-02,90,7', "+1,2026-03-02,90,7",
                   "-2,2026-03-02,90,7", "@cmd,2026-03-02,90,7")
    log = read_log(path)
    assert log[Col.ATHLETE].tolist() == ['=HYPERLINK("x")', "+1", "-2", "@cmd"]


def test_probable_duplicate_is_a_warning_naming_both_rows_and_both_kept(tmp_path: Path) -> None:
    path = csv_log(tmp_path, "A1,2026-03-02,90,7", "A2,2026-03-02,90,7", "A1,2026-03-02,90,7")
    parsed = parse_log(path)
    assert parsed.problems == []
    (warning,) = parsed.warnings
    assert (warning.row, warning.severity) == (4, "warning")
    assert "probable duplicate of row 2" in warning.message
    assert parsed.data[Col.SOURCE_ROW].tolist() == [2, 3, 4]


def test_same_session_at_different_start_times_is_not_a_duplicate(tmp_path: Path) -> None:
    path = csv_log(tmp_path, "A1,2026-03-02,09:00,90,7", "A1,2026-03-02,17:00,90,7",
                   header="Athlete,Date,Start Time,Minutes,RPE")
    parsed = parse_log(path)
    assert parsed.warnings == []
    assert parsed.data[Col.START_TIME].tolist() == ["09:00", "17:00"]


# --- coverage (spec §3.2) ---------------------------------------------------------------------

COVERAGE_ROWS = ("A1,2026-01-05,90,7", "A2,2026-02-10,90,7", "A1,2026-03-20,90,7")


def test_coverage_starts_at_each_athletes_first_date_and_ends_with_their_last_week(
    tmp_path: Path,
) -> None:
    """Without a declared period, A2 (last row Tuesday 10 Feb) is covered to the end of that
    week (Sunday 15 Feb), not to A1's 20 Mar: A1's rows make no rest days for A2 (19.2)."""
    log = read_log(csv_log(tmp_path, *COVERAGE_ROWS))
    assert log[Col.COVER_START].tolist() == [ts("2026-01-05"), ts("2026-02-10"),
                                             ts("2026-01-05")]
    assert log[Col.COVER_END].tolist() == [ts("2026-03-20"), ts("2026-02-15"), ts("2026-03-20")]


def test_declared_period_sets_coverage_end(tmp_path: Path) -> None:
    log = read_log(csv_log(tmp_path, *COVERAGE_ROWS), period=("2026-01-01", "2026-03-31"))
    assert log[Col.COVER_START].tolist() == [ts("2026-01-05"), ts("2026-02-10"),
                                             ts("2026-01-05")]
    assert log[Col.COVER_END].tolist() == [ts("2026-03-31")] * 3


def test_session_outside_declared_period_is_an_error(tmp_path: Path) -> None:
    path = csv_log(tmp_path, *COVERAGE_ROWS, "A2,2026-04-02,60,5")
    parsed = parse_log(path, period=("2026-01-01", "2026-03-31"))
    assert parsed.problems == [Problem(
        5, "Date", "date 2026-04-02 is outside the declared period 2026-01-01 to 2026-03-31"
    )]


def test_roster_full_period_starts_coverage_at_period_start(tmp_path: Path) -> None:
    log = read_log(csv_log(tmp_path, *COVERAGE_ROWS), period=("2026-01-01", "2026-03-31"),
                   roster_full_period=True)
    assert log[Col.COVER_START].tolist() == [ts("2026-01-01")] * 3
    assert log[Col.COVER_END].tolist() == [ts("2026-03-31")] * 3


def test_period_ending_before_it_starts_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LogError, match=r"the period ends \(2026-01-01\) before it starts"):
        read_log(csv_log(tmp_path, *COVERAGE_ROWS), period=("2026-03-31", "2026-01-01"))


def test_rejected_out_of_period_row_does_not_start_coverage(tmp_path: Path) -> None:
    path = csv_log(tmp_path, "A3,2025-12-20,90,7", "A3,2026-02-01,90,7")
    parsed = parse_log(path, period=("2026-01-01", "2026-03-31"))
    assert problems_at(parsed.problems) == [(2, "Date")]
    assert parsed.data[Col.COVER_START].tolist() == [ts("2026-02-01")]


# --- day status -------------------------------------------------------------------------------

STATUS_HEADER = "Athlete,Date,Minutes,RPE,Status"


def test_rest_and_injured_rows_give_zero_load(tmp_path: Path) -> None:
    log = read_log(csv_log(tmp_path, "A1,2026-01-05,90,7,", "A1,2026-01-06,,,rest",
                           "A1,2026-01-07,,,Injured", header=STATUS_HEADER))
    assert log[Col.LOAD].tolist() == [630.0, 0.0, 0.0]
    assert log[Col.DURATION].tolist() == [90.0, 0.0, 0.0]
    assert log[Col.DAY_STATUS].iloc[1:].tolist() == ["rest", "rest"]


def test_not_recorded_row_gives_missing_load(tmp_path: Path) -> None:
    log = read_log(csv_log(tmp_path, "A1,2026-01-08,,,not recorded", header=STATUS_HEADER))
    assert log[Col.DAY_STATUS].tolist() == ["missing"]
    assert np.isnan(log[Col.LOAD].iloc[0])
    assert np.isnan(log[Col.DURATION].iloc[0])


def test_unknown_day_status_word_is_an_error_listing_accepted_words(tmp_path: Path) -> None:
    parsed = parse_log(csv_log(tmp_path, "A1,2026-01-09,,,sleepy", header=STATUS_HEADER))
    assert parsed.problems == [Problem(
        2, "Status",
        "'sleepy' is not a day status (use one of: rest, injured, ill, not recorded, trained)",
    )]


def test_weekly_mean_rpe_on_borg_scale_is_an_error(tmp_path: Path) -> None:
    path = csv_log(tmp_path, "A1,2026-W47,300,14", header="Athlete,Week,Minutes,Mean RPE")
    parsed = parse_log(path)
    (problem,) = parsed.problems
    assert (problem.row, problem.column) == (2, "Mean RPE")
    assert "Borg 6–20" in problem.message


def test_weekly_more_than_seven_rest_days_is_an_error(tmp_path: Path) -> None:
    path = csv_log(tmp_path, "A1,2026-W47,300,8", header="Athlete,Week,Minutes,Rest Days")
    parsed = parse_log(path)
    assert parsed.problems == [Problem(2, "Rest Days", "a week has at most 7 rest days")]
