"""Explicit duration units and local days (issue 13): a column is read in its declared unit
and refused as a whole when its values contradict it; UTC and zoned stamps become the
athlete's local day; Excel serials and US-style stamps are read."""

from __future__ import annotations

import pandas as pd
import pytest

from loadwatch.errors import LogError
from loadwatch.ingest.parsing import parse_date
from loadwatch.ingest.units import duration_unit, local_days, to_minutes


@pytest.mark.parametrize(("cells", "unit", "minutes"), [
    (["3600", "1800", "5400"], "s", [60.0, 30.0, 90.0]),
    (["60", "45", "1:30"], "min", [60.0, 45.0, 90.0]),
    (["1.5", "0.75", "2"], "h", [90.0, 45.0, 120.0]),
    (["00:36:26", "1:00:30", "0:45:00"], "hms", [36 + 26 / 60, 60.5, 45.0]),
])
def test_each_unit_becomes_minutes(cells: list[str], unit: str, minutes: list[float]) -> None:
    assert to_minutes(pd.Series(cells, dtype="string"), unit).values.tolist() == \
        pytest.approx(minutes)


@pytest.mark.parametrize(("cells", "unit", "message"), [
    (["3600", "2700", "5400"], "min", "durations in minutes with a median of 3,600 min (60 h) "
                                      "per session look like seconds; set the unit "
                                      "(--duration-unit s"),
    (["1.5", "0.75", "2.2"], "min", "durations in minutes are all below 3 min per session: "
                                    "they look like hours; set the unit (--duration-unit h"),
    (["60", "45", "90"], "s", "durations in seconds are all below 3 min per session: they "
                              "look like minutes; set the unit (--duration-unit min"),
    (["90", "60", "120"], "h", "durations in hours with a median of 5,400 min (90 h) per "
                               "session look like minutes; set the unit (--duration-unit min"),
])
def test_a_column_that_contradicts_its_unit_is_refused(cells: list[str], unit: str,
                                                       message: str) -> None:
    with pytest.raises(LogError) as err:
        to_minutes(pd.Series(cells, dtype="string"), unit, column="Tid")
    assert str(err.value).startswith(f"column 'Tid': {message}")


def test_seconds_below_240_are_never_read_as_minutes() -> None:
    # the old heuristic read 200 s as 200 min; now the declared unit decides, for every row
    parsed = to_minutes(pd.Series(["200", "1800", "3600"], dtype="string"), "s")
    assert parsed.values.round(3).tolist() == [3.333, 30.0, 60.0]


def test_unknown_unit_word_is_refused() -> None:
    assert [duration_unit(w) for w in ("seconds", "Min", "hrs", "h:mm:ss")] == \
        ["s", "min", "h", "hms"]
    with pytest.raises(LogError, match="unknown duration unit 'weeks'"):
        duration_unit("weeks")


def test_utc_stamps_become_the_local_day() -> None:
    cells = pd.Series(["Oct 6, 2022, 11:19:20 PM", "Oct 7, 2022, 3:00:00 AM", ""],
                      dtype="string")
    assert local_days(cells, assume_utc=True, timezone="America/New_York").tolist() == [
        "2022-10-06", "2022-10-06", pd.NA]
    assert local_days(cells, assume_utc=True, timezone="Asia/Tokyo").tolist()[:2] == [
        "2022-10-07", "2022-10-07"]


def test_zoned_stamps_are_converted_and_plain_ones_keep_their_day() -> None:
    cells = pd.Series(["2019/03/05 13:41:00 UTC", "2019-03-05T23:30:00+01:00",
                       "2019-03-05 23:30:00"], dtype="string")
    assert local_days(cells, assume_utc=False, timezone="Pacific/Auckland").tolist() == [
        "2019-03-06", "2019-03-06", "2019-03-05"]


def test_an_unknown_zone_is_one_line() -> None:
    with pytest.raises(LogError, match=r"unknown time zone 'Mars/Olympus' \(use a name like "):
        local_days(pd.Series(["2024-01-01 10:00 UTC"], dtype="string"), assume_utc=True,
                   timezone="Mars/Olympus")


def test_excel_serial_dates_are_read() -> None:
    parsed = parse_date(pd.Series(["45299", "45300.75", "2024-01-10"], dtype="string"))
    assert parsed.values.dt.strftime("%Y-%m-%d").tolist() == [
        "2024-01-08", "2024-01-09", "2024-01-10"]
