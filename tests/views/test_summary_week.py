"""`loadwatch summary` (issue 13 item 7): the last complete week, or the current partial
week with its reason — never dashes because a log ends before Sunday."""

from __future__ import annotations

import loadwatch as lw
from loadwatch.schema import Col
from loadwatch.views.summary import WEEK_NOTE, format_summary, latest_week


def _log(last_day: int) -> str:
    """A1 trains 300 AU every day from Monday 1 January 2024 to `last_day` January."""
    return "athlete,date,load\n" + "".join(f"A1,2024-01-{d:02d},300\n"
                                           for d in range(1, last_day + 1))


def test_a_log_ending_on_a_wednesday_shows_the_last_complete_week() -> None:
    table = latest_week(lw.read_log(_log(31).encode()))  # Wed 31 Jan, inside 2024-W05
    row = table.iloc[0]
    assert (row["week"], row[Col.WEEKLY_LOAD]) == ("2024-W04", 2100.0)
    assert row[Col.RAC] == 1.0 and row[Col.DATA_STATUS] == "ok"
    assert table.attrs[WEEK_NOTE] == ("last complete week (the log ends on Wednesday "
                                      "2024-01-31, day 3 of the next week)")
    assert format_summary(table).splitlines()[0] == table.attrs[WEEK_NOTE]


def test_only_a_partial_week_is_shown_with_its_reason() -> None:
    table = latest_week(lw.read_log(_log(3).encode()))  # Mon 1 to Wed 3 January
    row = table.iloc[0]
    assert row["week"] == "2024-W01" and row[Col.WEEKLY_LOAD] != row[Col.WEEKLY_LOAD]  # NaN
    assert table.attrs[WEEK_NOTE].startswith(
        "partial week: the log ends on Wednesday 2024-01-03, day 3 of 7, and has no complete "
        "week yet; ratios are those of that day, the week's load is totalled once the week is "
        "complete")
    assert row[Col.DATA_REASON] == "needs 28 days of history, has 3"


def test_a_log_ending_on_sunday_shows_that_week() -> None:
    table = latest_week(lw.read_log(_log(28).encode()))
    assert table.iloc[0]["week"] == "2024-W04"
    assert table.attrs[WEEK_NOTE].startswith("last complete week; 2024-W04 (22 Jan): ")
