"""The fast paths of ingest (issue 18) give exactly what the general path gives.

A CSV's cells arrive as a string column: plain numbers are read by Arrow's cast, dates once per
distinct text, clock durations by regex only where the cell is not a plain number, and the
file itself by Arrow's CSV reader. Each test runs the same cells through the string column
(fast) and through object cells (the general path, as a spreadsheet gives them) and expects the
same values, the same bad cells and the same messages, plus the exact expected numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loadwatch.errors import LogError
from loadwatch.ingest import readers
from loadwatch.ingest.log import parse_log
from loadwatch.ingest.parsing import is_text, parse_date, parse_duration, parse_number
from loadwatch.ingest.readers import RawTable, read_table


def both(values: list[object]) -> tuple[pd.Series, pd.Series]:
    """The same cells as a string column (fast path) and as object cells (general path)."""
    index = range(2, 2 + len(values))
    fast = pd.Series(values, index=index, dtype="str")
    slow = pd.Series(values, index=index, dtype=object)
    assert is_text(fast) and not is_text(slow)
    return fast, slow


MIXED_NUMBERS = ["60", " 45.5 ", "", "abc", "1e2", "+5", ".5", "5.", "007", "inf", "nan",
                 "1_000", "-3", "12,5", None, "1:30"]


def test_numbers_from_text_match_the_general_parser_cell_for_cell() -> None:
    fast, slow = both(MIXED_NUMBERS)
    a, b = parse_number(fast), parse_number(slow)
    pd.testing.assert_series_equal(a.values, b.values)
    pd.testing.assert_series_equal(a.bad, b.bad)
    assert a.values.tolist()[:3] == [60.0, 45.5, pytest.approx(np.nan, nan_ok=True)]
    assert a.values.iloc[4:9].tolist() == [100.0, 5.0, 0.5, 5.0, 7.0]
    assert np.isnan(a.values.iloc[11])  # '1_000' is not plain: pandas' parser refuses it too
    assert a.bad.to_numpy().nonzero()[0].tolist() == [3, 9, 10, 11, 13, 15]


def test_a_clean_column_cast_whole_matches_the_general_parser() -> None:
    fast, slow = both(["60", "+1.5e-3", "-2E+2", "", "inf", "0.1", None, "5."])
    a, b = parse_number(fast), parse_number(slow)
    pd.testing.assert_series_equal(a.values, b.values)
    pd.testing.assert_series_equal(a.bad, b.bad)
    assert a.values.iloc[[0, 1, 2, 5, 7]].tolist() == [60.0, 0.0015, -200.0, 0.1, 5.0]
    assert a.bad.tolist() == [False, False, False, False, True, False, False, False]


def test_decimal_comma_numbers_match_the_general_parser() -> None:
    fast, slow = both(["6,5", "7", "x", "1.234,5", ""])
    a, b = parse_number(fast, decimal_comma=True), parse_number(slow, decimal_comma=True)
    pd.testing.assert_series_equal(a.values, b.values)
    pd.testing.assert_series_equal(a.bad, b.bad)
    assert a.values.iloc[:2].tolist() == [6.5, 7.0]
    assert a.bad.tolist() == [False, False, True, True, False]


def test_many_decimals_read_to_the_same_float_as_pandas() -> None:
    rng = np.random.default_rng(7)
    values = [repr(float(v)) for v in rng.lognormal(0, 4, 20_000)]
    values += [f"{v:.1f}" for v in rng.uniform(0, 300, 20_000)]
    fast, slow = both(values)
    assert np.array_equal(parse_number(fast).values.to_numpy(),
                          parse_number(slow).values.to_numpy())


def test_durations_from_text_use_the_clock_regex_only_where_needed() -> None:
    fast, slow = both(["60", "1:30", "0:45:30", "1:75", "abc", "", " 90.5", "2:00:61", None])
    a, b = parse_duration(fast), parse_duration(slow)
    pd.testing.assert_series_equal(a.values, b.values)
    pd.testing.assert_series_equal(a.bad, b.bad)
    assert a.values.iloc[:3].tolist() == [60.0, 90.0, 45.5]
    assert a.values.iloc[6] == 90.5
    assert a.bad.tolist() == [False, False, False, True, True, False, False, True, False]


def season(extra: list[object]) -> list[object]:
    """A column long enough (> 64 rows) for the once-per-distinct-date path."""
    days = pd.date_range("2024-03-01", periods=30).strftime("%Y-%m-%d").tolist()
    return days * 3 + extra


def test_dates_parsed_once_per_distinct_value_match_row_by_row() -> None:
    extra = ["2024-13-01", "", "  2024-04-02 ", "31/12/2024", "2024/05/06", "2024-07",
             "not a date", None, "2024-04-02T10:00"]
    fast, slow = both(season(extra))
    a, b = parse_date(fast), parse_date(slow)
    pd.testing.assert_series_equal(a.values, b.values)
    pd.testing.assert_series_equal(a.bad, b.bad)
    tail = a.values.iloc[90:].tolist()
    assert tail[2] == pd.Timestamp("2024-04-02") and tail[8] == pd.Timestamp("2024-04-02")
    assert tail[3:6] == [pd.Timestamp("2024-12-31"), pd.Timestamp("2024-05-06"),
                         pd.Timestamp("2024-07-01")]
    assert a.bad.to_numpy().nonzero()[0].tolist() == [90, 96]


def test_day_month_order_is_decided_on_rows_not_on_distinct_texts() -> None:
    # rows: 100 x '13/05/2024' (day first only) and three month-first-only or either-way
    # texts; by rows day first wins 101 to 3, by distinct texts month first would win 2 to 3
    values = ["13/05/2024"] * 100 + ["05/14/2024", "05/15/2024", "01/02/2024"]
    fast, slow = both(values)
    a, b = parse_date(fast), parse_date(slow)
    pd.testing.assert_series_equal(a.values, b.values)
    pd.testing.assert_series_equal(a.bad, b.bad)
    assert a.values.iloc[-1] == pd.Timestamp("2024-02-01")  # read day first
    assert a.bad.sum() == 2  # 05/14 and 05/15 do not read day first


def test_ambiguous_dates_give_the_same_message_on_both_paths() -> None:
    fast, slow = both(["03/04/2024", "05/06/2024"] * 40)
    with pytest.raises(LogError) as fast_error:
        parse_date(fast, column="Datum")
    with pytest.raises(LogError) as slow_error:
        parse_date(slow, column="Datum")
    assert str(fast_error.value) == str(slow_error.value)
    assert "'03/04/2024' reads as 03 April 2024 (day first) or 04 March 2024" in \
        str(fast_error.value)


TRICKY_CSV = ["a,b\n1,2\n", "a,b\r\n1,2\r\n", 'a,b\n"x,1",2\n', 'a,b\n"he said ""hi""",2\n',
              'a,b\n"multi\nline",2\n3,4\n', "\n\na,b\n1,2\n", "a,b\n 1 , 2 \n", "a;b\n1,5;2\n",
              "a\tb\n1\t2\n", "a,b\n,\n1,2\n", '"a","b"\n"1","2"\n', "a,b\n1,2", "a,b\nNA,null\n"]


@pytest.mark.parametrize("text", TRICKY_CSV)
def test_arrow_reader_gives_the_same_cells_as_pandas(text: str) -> None:
    leading, header = readers._header_line(text)
    delimiter = readers._sniff_delimiter(header)
    arrow = readers._arrow_frame(text, header, delimiter, leading)
    assert arrow is not None
    pd.testing.assert_frame_equal(arrow, readers._pandas_frame(text, "x", delimiter, leading))


@pytest.mark.parametrize("text", ["a,b\n1\n", "a,b\n1,2,3\n", "a,a\n1,2\n", 'a,b\n1,"2\n',
                                  "a,b,\n1,2,\n", 'a,b\nA1,5" tall\n'])
def test_arrow_reader_leaves_odd_files_to_pandas(text: str) -> None:
    leading, header = readers._header_line(text)
    assert readers._arrow_frame(text, header, readers._sniff_delimiter(header), leading) is None


def test_a_log_with_bad_rows_reports_the_same_problems_on_both_paths() -> None:
    rows = [f"A{i % 7},2024-03-{1 + i % 28:02d},{30 + i},{1 + i % 9}" for i in range(120)]
    rows[10] = "A3,2024-02-30,60,5"      # no such day
    rows[20] = "A4,2024-03-05,1:30,14"   # Borg scale RPE, clock duration
    rows[30] = "A5,,abc,5"               # blank date, unreadable duration
    rows[40] = ",2024-03-06,60,x"        # blank athlete, unreadable RPE
    data = ("athlete,date,duration_min,rpe\n" + "\n".join(rows) + "\n").encode()
    raw = read_table(data)
    assert all(is_text(raw.frame[c]) for c in raw.frame.columns)
    slow = RawTable(raw.frame.astype(object), raw.name, raw.decimal_comma)
    fast_log, slow_log = parse_log(raw), parse_log(slow)
    assert [(p.row, p.column, p.message) for p in fast_log.problems] == \
        [(p.row, p.column, p.message) for p in slow_log.problems]
    assert [(p.row, p.column) for p in fast_log.problems] == [
        (12, "date"), (22, "rpe"), (32, "date"), (32, "duration_min"), (42, "athlete"),
        (42, "rpe")]
    assert fast_log.problems[3].message == "'abc' is not a duration (minutes, h:mm or hh:mm:ss)"
    pd.testing.assert_frame_equal(fast_log.data, slow_log.data)
    first = fast_log.data.loc[fast_log.data["source_row"] == 3]  # A1, 2024-03-02, 31 min, RPE 2
    assert (first["duration_min"].item(), first["load_au"].item()) == (31.0, 62.0)
    marker = fast_log.data.loc[fast_log.data["source_row"] == 22]  # rejected: day not recorded
    assert marker["day_status"].item() == "missing" and np.isnan(marker["load_au"].item())


def test_shared_athlete_days_on_the_grid_match_hashing() -> None:
    from loadwatch.ingest.log import _shared_days

    rng = np.random.default_rng(3)
    codes = rng.integers(0, 50, 5_000)
    days = rng.integers(19_000, 19_100, 5_000)
    days[:40] = np.iinfo(np.int64).min // 86_400  # unreadable dates (NaT)
    expected = pd.Series(codes * 100_000 + days).duplicated(keep=False).to_numpy()
    assert np.array_equal(_shared_days(codes, days), expected)
    assert _shared_days(np.array([0, 0, 1]), np.array([5, 5, 5])).tolist() == [True, True, False]
