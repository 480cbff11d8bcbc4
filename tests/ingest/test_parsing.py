"""Tests for loadwatch.ingest.parsing: the cell parsers behind ingest (numbers, durations, clock
times, dates, ISO weeks), each returning values plus a mask of present-but-unreadable cells."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from loadwatch.errors import LogError
from loadwatch.ingest.parsing import (
    as_text,
    blank,
    parse_clock,
    parse_date,
    parse_duration,
    parse_number,
    parse_week,
)


def cells(*values: object) -> pd.Series:
    """A raw column as a reader gives it: object cells indexed by spreadsheet row (from 2)."""
    return pd.Series(list(values), dtype=object, index=range(2, 2 + len(values)))


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


# --- text and blanks ------------------------------------------------------------------------


def test_as_text_strips_and_turns_empty_cells_into_na() -> None:
    text = as_text(cells("  A1 ", "", "   ", None))
    assert text.iloc[0] == "A1"
    assert text.iloc[1:].isna().all()


def test_blank_marks_only_empty_cells() -> None:
    assert blank(cells("x", "", " ", None, "0")).tolist() == [False, True, True, True, False]


# --- numbers --------------------------------------------------------------------------------


def test_parse_number_reads_plain_numbers_and_keeps_row_index() -> None:
    parsed = parse_number(cells("7", " 8 ", "6.5", "1e3"))
    assert parsed.values.tolist() == [7.0, 8.0, 6.5, 1000.0]
    assert parsed.values.index.tolist() == [2, 3, 4, 5]
    assert not parsed.bad.any()


def test_parse_number_decimal_comma_reads_six_comma_five_as_six_point_five() -> None:
    parsed = parse_number(cells("6,5", "7"), decimal_comma=True)
    assert parsed.values.tolist() == [6.5, 7.0]
    assert not parsed.bad.any()


def test_parse_number_without_decimal_comma_flags_comma_value_as_bad() -> None:
    parsed = parse_number(cells("6,5"))
    assert np.isnan(parsed.values.iloc[0])
    assert parsed.bad.tolist() == [True]


def test_parse_number_flags_words_and_infinity_but_not_blanks() -> None:
    parsed = parse_number(cells("hard", "inf", "", None, "5"))
    assert parsed.bad.tolist() == [True, True, False, False, False]
    assert parsed.values.iloc[4] == 5.0
    assert parsed.values.iloc[:4].isna().all()


def test_parse_number_passes_numeric_columns_through() -> None:
    parsed = parse_number(pd.Series([7, 4], index=[2, 3]))
    assert parsed.values.dtype == np.float64
    assert parsed.values.tolist() == [7.0, 4.0]


def test_parse_number_keeps_negative_values_for_the_range_check() -> None:
    parsed = parse_number(cells("-2"))
    assert parsed.values.tolist() == [-2.0]
    assert parsed.bad.tolist() == [False]


# --- durations ------------------------------------------------------------------------------


def test_parse_duration_plain_minutes() -> None:
    assert parse_duration(cells("90", "45")).values.tolist() == [90.0, 45.0]


def test_parse_duration_h_mm_one_thirty_is_ninety_minutes() -> None:
    assert parse_duration(cells("1:30")).values.tolist() == [90.0]


def test_parse_duration_h_mm_zero_forty_five_is_forty_five_minutes() -> None:
    assert parse_duration(cells("0:45")).values.tolist() == [45.0]


def test_parse_duration_hh_mm_ss_is_seventy_five_and_a_half_minutes() -> None:
    assert parse_duration(cells("01:15:30")).values.tolist() == [75.5]


def test_parse_duration_decimal_comma() -> None:
    assert parse_duration(cells("90,5"), decimal_comma=True).values.tolist() == [90.5]


def test_parse_duration_excel_time_and_timedelta_cells() -> None:
    parsed = parse_duration(cells(dt.time(1, 15, 30), dt.timedelta(minutes=100), 60))
    assert parsed.values.tolist() == [75.5, 100.0, 60.0]
    assert not parsed.bad.any()


def test_parse_duration_flags_words_and_leaves_blank_as_nan() -> None:
    parsed = parse_duration(cells("abc", "", "90"))
    assert parsed.bad.tolist() == [True, False, False]
    assert np.isnan(parsed.values.iloc[1])


def test_parse_duration_rejects_minutes_above_59_in_clock_form() -> None:
    parsed = parse_duration(cells("1:75", "01:15:75"))
    assert parsed.bad.tolist() == [True, True]


# --- clock times ----------------------------------------------------------------------------


def test_parse_clock_24h_12h_and_excel_time() -> None:
    parsed = parse_clock(cells("16:30", "4:30 PM", "12:00 AM", "12:30 pm", "7:05am",
                               dt.time(9, 5), "16:30:00"))
    assert parsed.values.tolist() == ["16:30", "16:30", "00:00", "12:30", "07:05", "09:05",
                                      "16:30"]
    assert not parsed.bad.any()


def test_parse_clock_flags_impossible_times() -> None:
    parsed = parse_clock(cells("24:00", "noon", "10:60"))
    assert parsed.bad.tolist() == [True, True, True]


# --- dates ----------------------------------------------------------------------------------


def test_parse_date_iso_forms() -> None:
    parsed = parse_date(cells("2026-03-02", "2026-3-2", "2026-03-02 10:00",
                              "2026-03-02T08:00:00", "2026/03/02"))
    assert parsed.values.tolist() == [ts("2026-03-02")] * 5
    assert not parsed.bad.any()


def test_parse_date_excel_cells_drop_the_time_of_day() -> None:
    parsed = parse_date(cells(dt.datetime(2026, 3, 2, 15, 0), dt.date(2026, 3, 3)))
    assert parsed.values.tolist() == [ts("2026-03-02"), ts("2026-03-03")]


def test_parse_date_datetime_column_is_normalised_to_midnight() -> None:
    parsed = parse_date(pd.Series(pd.to_datetime(["2026-03-02 23:00"]), index=[2]))
    assert parsed.values.tolist() == [ts("2026-03-02")]


def test_parse_date_ambiguous_slash_dates_raise_with_dayfirst_hint() -> None:
    with pytest.raises(LogError) as info:
        parse_date(cells("03/04/2026", "05/06/2026"), column="Session Date")
    message = str(info.value)
    assert "ambiguous" in message
    assert "--dayfirst" in message
    assert "'Session Date'" in message


def test_parse_date_dayfirst_true_reads_day_then_month() -> None:
    parsed = parse_date(cells("03/04/2026", "05/06/2026"), dayfirst=True)
    assert parsed.values.tolist() == [ts("2026-04-03"), ts("2026-06-05")]


def test_parse_date_dayfirst_false_reads_month_then_day() -> None:
    parsed = parse_date(cells("03/04/2026", "05/06/2026"), dayfirst=False)
    assert parsed.values.tolist() == [ts("2026-03-04"), ts("2026-05-06")]


def test_parse_date_a_day_above_twelve_decides_day_first() -> None:
    parsed = parse_date(cells("03/04/2026", "25/03/2026"))
    assert parsed.values.tolist() == [ts("2026-04-03"), ts("2026-03-25")]


def test_parse_date_a_day_above_twelve_in_second_place_decides_month_first() -> None:
    parsed = parse_date(cells("03/04/2026", "03/25/2026"))
    assert parsed.values.tolist() == [ts("2026-03-04"), ts("2026-03-25")]


def test_parse_date_same_day_and_month_is_not_ambiguous() -> None:
    parsed = parse_date(cells("03/03/2026", "04/04/2026"))
    assert parsed.values.tolist() == [ts("2026-03-03"), ts("2026-04-04")]


def test_parse_date_dotted_and_two_digit_years() -> None:
    parsed = parse_date(cells("02.03.2026", "25/03/26"))
    assert parsed.values.tolist() == [ts("2026-03-02"), ts("2026-03-25")]


def test_parse_date_flags_impossible_and_unreadable_dates_only() -> None:
    parsed = parse_date(cells("2026-02-30", "yesterday", "", "2026-03-01"))
    assert parsed.bad.tolist() == [True, True, False, False]
    assert parsed.values.iloc[3] == ts("2026-03-01")


# --- weeks ----------------------------------------------------------------------------------


def test_parse_week_iso_week_gives_its_monday() -> None:
    parsed = parse_week(cells("2026-W47", "2026W01", "2026-W53"))
    assert parsed.values.tolist() == [
        pd.Timestamp(dt.date.fromisocalendar(2026, 47, 1)),
        pd.Timestamp(dt.date.fromisocalendar(2026, 1, 1)),
        pd.Timestamp(dt.date.fromisocalendar(2026, 53, 1)),
    ]
    assert parsed.values.tolist()[0] == ts("2026-11-16")
    assert not parsed.bad.any()


def test_parse_week_rejects_week_numbers_the_year_does_not_have() -> None:
    parsed = parse_week(cells("2025-W53", "2026-W00", "2026-W54"))
    assert parsed.bad.tolist() == [True, True, True]


def test_parse_week_monday_date_is_kept_as_is() -> None:
    parsed = parse_week(cells("2026-11-16"))
    assert parsed.values.tolist() == [ts("2026-11-16")]


def test_parse_week_non_monday_date_is_returned_for_the_weekday_check() -> None:
    # the parser reads the date; ingest decides that a Wednesday is not a week start
    parsed = parse_week(cells("2026-11-18"))
    assert parsed.values.tolist() == [ts("2026-11-18")]
    assert parsed.bad.tolist() == [False]
