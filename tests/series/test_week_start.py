"""The team's week (calendar.week_start) and the logging-gap warning (calendar.gap_warning_days)
reach weekly totals, week verdicts, week names and the warning a coach reads (spec §3.2, §3.3).

Hand-worked logs start on Monday 2024-01-01, so day 7 (2024-01-07) is a Sunday.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import loadwatch as lw
from loadwatch.config import load_config
from loadwatch.errors import LogError
from loadwatch.ingest.log import parse_log
from loadwatch.risk.engine import Out, evaluate, parse_week
from loadwatch.schema import Col
from loadwatch.series.calendar import (
    daily_calendar,
    week_label,
    week_labels,
    week_of,
    week_start_of,
)
from loadwatch.series.gaps import gap_warnings, logging_gaps
from loadwatch.views.summary import latest_week
from tests.builders import day, read
from tests.risk.rules.test_load_rules import weeks

SUNDAY = load_config(overrides={"calendar.week_start": "sunday"})
WEDNESDAY = load_config(overrides={"calendar.week_start": "wednesday"})
MONDAY_2024 = int(np.datetime64("2024-01-01", "D").astype(np.int64))


@pytest.mark.parametrize(("start", "first"), [
    (0, "2024-01-08"), (1, "2024-01-09"), (2, "2024-01-10"), (3, "2024-01-11"),
    (4, "2024-01-05"), (5, "2024-01-06"), (6, "2024-01-07"),
])
def test_week_of_every_weekday(start: int, first: str) -> None:
    """Thursday 2024-01-11 lies in the week that starts on the last such weekday."""
    thursday = np.array([MONDAY_2024 + 10])
    assert str(np.datetime64(int(week_of(thursday, start)[0]), "D")) == first
    assert week_start_of(pd.Timestamp("2024-01-11"), start) == pd.Timestamp(first)


def test_week_names() -> None:
    """ISO labels for Monday weeks only; other weeks are named by their first date."""
    assert week_label(pd.Timestamp("2026-11-16")) == "2026-W47"
    assert week_label(pd.Timestamp("2026-11-15")) == "2026-11-15"
    assert week_label(pd.Timestamp("2026-11-16"), 6) == "2026-11-16"
    days = pd.Series(pd.to_datetime(["2026-11-15", "2026-11-22"]))
    assert week_labels(days).tolist() == ["2026-11-15", "2026-11-22"]
    assert week_labels(days + pd.Timedelta(days=1)).tolist() == ["2026-W47", "2026-W48"]


def test_sunday_weeks_give_exact_weekly_totals() -> None:
    """Days 1–21 loaded n × 10 AU (Monday 1 Jan – Sunday 21 Jan). Sunday weeks: 31 Dec – 6 Jan
    lacks its Sunday (incomplete), 7–13 Jan = days 7–13 = 70 + … + 130 = 700 AU, 14–20 Jan =
    140 + … + 200 = 1,190 AU, 21 Jan alone is incomplete."""
    log = read({"A": [10.0 * n for n in range(1, 22)]})
    monday = lw.weekly_metrics(log)
    assert monday[Col.WEEK].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-01-01", "2024-01-08", "2024-01-15"]
    assert monday[Col.WEEKLY_LOAD].tolist() == [280.0, 770.0, 1260.0]
    sunday = lw.weekly_metrics(log, config=SUNDAY)
    assert sunday[Col.WEEK].dt.strftime("%Y-%m-%d").tolist() == [
        "2023-12-31", "2024-01-07", "2024-01-14", "2024-01-21"]
    assert sunday[Col.WEEKLY_LOAD].tolist()[1:3] == [700.0, 1190.0]
    assert np.isnan(sunday[Col.WEEKLY_LOAD].iloc[0]) and np.isnan(sunday[Col.WEEKLY_LOAD].iloc[3])
    assert sunday[Col.DAYS_MISSING].tolist() == [1, 0, 0, 6]
    assert sunday[Col.SESSIONS].tolist() == [6, 7, 7, 1]
    assert sunday[Col.CHANGE_AU].iloc[2] == 490.0  # 1,190 − 700


def test_a_sunday_flag_moves_to_the_next_sunday_week() -> None:
    """Mon/Wed/Fri/Sun training, +16 % over 7 days reached only on Sunday 4 Feb (L3 amber).
    Monday weeks: the week of 29 Jan is amber (reached on the Sunday). Sunday weeks: 28 Jan –
    3 Feb holds the Friday's +12 % (info) only and is green; the amber is the verdict of the
    week of 4 Feb."""
    log = read({"A": weeks(2100, 2100, 2100, 2100, 2436)})
    monday = evaluate(log)
    row = monday.week().iloc[0]
    assert row[Out.WEEK] == pd.Timestamp("2024-01-29") and row[Out.LEVEL] == "amber"
    assert row[Out.LEVEL_DAY] == pd.Timestamp("2024-02-04")
    sunday = evaluate(log, config=SUNDAY)
    assert sunday.latest_week() == pd.Timestamp("2024-02-04")
    last = sunday.week().iloc[0]
    assert (last[Out.LEVEL], last["L3"]) == ("amber", "amber")
    before = sunday.week(pd.Timestamp("2024-01-28")).iloc[0]
    assert (before[Out.LEVEL], before["L3"]) == ("green", "info")
    with pytest.raises(LogError, match="no data in the week starting 2024-01-29 "
                                       r"\(2024-01-29\)"):
        sunday.week(pd.Timestamp("2024-01-29"))  # a Monday is not a Sunday team's week


def test_parse_week_in_the_teams_weeks() -> None:
    """A date names the team week containing it; an ISO label only names Monday weeks."""
    assert parse_week("2024-01-24") == pd.Timestamp("2024-01-22")
    assert parse_week("2024-01-24", 6) == pd.Timestamp("2024-01-21")
    assert parse_week("2024-01-24", 2) == pd.Timestamp("2024-01-24")
    assert parse_week("2024-W04") == pd.Timestamp("2024-01-22")
    with pytest.raises(LogError, match="'2024-W04' is an ISO week .* give a date inside"):
        parse_week("2024-W04", 6)


def test_summary_names_sunday_weeks_by_their_first_date() -> None:
    """The summary's latest week is the team's, labelled by its first date."""
    log = read({"A": [10.0 * n for n in range(1, 22)]})
    assert latest_week(log)["week"].tolist() == ["2024-W03"]
    # Sunday 21 January is day 1 of the week of the 21st: the summary shows the last complete
    # week, labelled by its first date (issue 13 item 7)
    assert latest_week(log, config=SUNDAY)["week"].tolist() == ["2024-01-14"]


def _weekly_csv(*weeks: str) -> bytes:
    lines = ["athlete,week,total minutes,total load au"]
    lines += [f"A,{w},600,{3000 + 100 * i}" for i, w in enumerate(weeks)]
    return ("\n".join(lines) + "\n").encode()


def test_weekly_totals_follow_the_teams_week_start() -> None:
    """A Wednesday team's weekly file gives Wednesdays; a Monday there is refused by ingest,
    and totals whose weeks disagree with the configuration are refused by the metrics."""
    wednesdays = _weekly_csv("2024-01-03", "2024-01-10")
    log = lw.read_log(wednesdays, config=WEDNESDAY)
    table = lw.weekly_metrics(log, config=WEDNESDAY)
    assert table[Col.WEEKLY_LOAD].tolist() == [3000.0, 3100.0]
    assert table[Col.CHANGE_AU].tolist()[1] == 100.0
    parsed = parse_log(wednesdays)  # Monday weeks by default
    assert [p.message for p in parsed.problems] == [
        "2024-01-03 is a Wednesday; a week starts on a Monday",
        "2024-01-10 is a Wednesday; a week starts on a Monday"]
    monday = parse_log(_weekly_csv("2024-01-01"), config=WEDNESDAY)
    assert [p.message for p in monday.problems] == [
        "2024-01-01 is a Monday; a week starts on a Wednesday"]
    with pytest.raises(LogError, match="week_start 2024-01-03 is a Wednesday, but this team's "
                                       "weeks start on a Monday"):
        lw.weekly_metrics(log)


# --- logging gaps (spec §3.2) -------------------------------------------------------------

FIVE_A_WEEK = [300.0] * 5 + [0.0, 0.0]


def _gap_log(absent: int, *, rest_rows: bool = False) -> pd.DataFrame:
    """Mon–Fri training for 3 weeks, `absent` days without rows, then 2 more weeks."""
    loads = FIVE_A_WEEK * 3 + [0.0] * absent + FIVE_A_WEEK * 2
    return read({"A": loads}, omit_zero=not rest_rows, period=(day(1), day(len(loads))))


def test_gap_warning_names_the_athlete_the_days_and_the_choice() -> None:
    """The weekend (20–21 Jan) and 8 absent days are a 10-day run: one warning line."""
    assert gap_warnings(_gap_log(8)) == [
        "possible logging gap for A: 10 days from 2024-01-20 to 2024-01-29 — confirm rest or "
        "mark not recorded"]
    cfg = load_config(overrides={"calendar.gap_warning_days": 10})
    assert len(gap_warnings(_gap_log(8), config=cfg)) == 1  # 10 ≥ 10
    cfg = load_config(overrides={"calendar.gap_warning_days": 11})
    assert gap_warnings(_gap_log(8), config=cfg) == []


def test_logging_gaps_default_comes_from_the_configuration() -> None:
    """Weekends (2 days) never warn; the 4-day run (weekend + 2 days) warns at 4, not at 7."""
    cal = daily_calendar(_gap_log(2))
    assert logging_gaps(cal).empty
    cfg = load_config(overrides={"calendar.gap_warning_days": 4})
    gaps = logging_gaps(cal, config=cfg)
    assert gaps["days"].tolist() == [4]
    assert pd.Timestamp(gaps["first_day"].iloc[0]) == pd.Timestamp("2024-01-20")
    assert logging_gaps(cal, min_days=4)["days"].tolist() == [4]


def test_explicit_rest_rows_are_confirmed_rest_not_a_gap() -> None:
    """Zero-load rows in the file say the athlete rested: no warning, same days."""
    assert gap_warnings(_gap_log(8, rest_rows=True)) == []


def test_no_gap_warning_without_absent_days() -> None:
    """Athletes who train less than 3 days a week, and weekly totals, get no warning."""
    sparse = read({"A": ([300.0] + [0.0] * 6) * 5}, omit_zero=True, period=(day(1), day(35)))
    assert gap_warnings(sparse) == []
    weekly = lw.read_log(_weekly_csv("2024-01-01", "2024-01-08"))
    assert gap_warnings(weekly) == []
