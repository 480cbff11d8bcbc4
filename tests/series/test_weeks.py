"""The default week (spec §3.3, issue 19.2 / 15.2): the latest week holding data for more
than half of the active athletes, never a week holding one athlete."""

from __future__ import annotations

import pandas as pd
import pytest

import loadwatch as lw
from loadwatch.errors import LogError
from loadwatch.series.weeks import ACTIVE_WEEKS, default_week

TEAM = [f"GYM-{i:02d}" for i in range(1, 21)]


def sessions(rows: list[tuple[str, str]], *, marker: set[str] | None = None) -> pd.DataFrame:
    """A session log read through the real ingest: one 60-min RPE-5 session per (athlete,
    date); dates in `marker` are 'not recorded' rows."""
    lines = ["athlete,date,duration_min,rpe,day_status"]
    for athlete, date in rows:
        status = "not recorded" if date in (marker or set()) else ""
        lines.append(f"{athlete},{date},{'' if status else 60},{'' if status else 5},{status}")
    return lw.read_log(("\n".join(lines) + "\n").encode())


def squad(athletes: list[str], first: str, last: str) -> list[tuple[str, str]]:
    """A session every Monday, Wednesday and Friday from `first` to `last` for each athlete."""
    days = [d for d in pd.date_range(first, last) if d.day_of_week in (0, 2, 4)]
    return [(a, f"{d:%Y-%m-%d}") for a in athletes for d in days]


def test_one_athlete_next_week_does_not_move_the_team() -> None:
    log = sessions(squad(TEAM, "2026-10-26", "2026-11-20") + [("GYM-07", "2026-11-25")])
    choice = default_week(log)
    assert choice.week == pd.Timestamp("2026-11-16")
    assert (choice.with_data, choice.active) == (20, 20)
    assert choice.reason == ("2026-W47 (16 Nov): the latest week with data for 20 of 20 "
                             "athletes; 2026-W48 has data for 1")


def test_a_2062_row_is_judged_against_the_squad() -> None:
    frame = sessions(squad(TEAM, "2026-10-26", "2026-11-20"))
    far = frame.iloc[[0]].assign(date=pd.Timestamp("2062-11-30"))  # a typed 2062, stored
    choice = default_week(pd.concat([frame, far], ignore_index=True))
    assert choice.week == pd.Timestamp("2026-11-16")
    assert choice.reason.endswith("; 2062-W48 has data for 1")


def test_partial_upload_and_a_real_majority() -> None:
    base = squad(TEAM, "2026-10-26", "2026-11-20")
    partial = sessions(base + squad(TEAM[:3], "2026-11-23", "2026-11-27"))
    assert default_week(partial).week == pd.Timestamp("2026-11-16")
    assert default_week(partial).reason.endswith("2026-W48 has data for 3")
    most = sessions(base + squad(TEAM[:11], "2026-11-23", "2026-11-27"))
    choice = default_week(most)  # 11 of 20 is more than half
    assert (choice.week, choice.with_data, choice.active) == (pd.Timestamp("2026-11-23"), 11, 20)
    assert choice.reason == "2026-W48 (23 Nov): the latest week with data for 11 of 20 athletes"
    half = sessions(base + squad(TEAM[:10], "2026-11-23", "2026-11-27"))
    assert default_week(half).week == pd.Timestamp("2026-11-16")  # 10 of 20 is not


def test_not_recorded_markers_are_not_data() -> None:
    rows = squad(TEAM, "2026-11-09", "2026-11-20") + [(a, "2026-11-23") for a in TEAM]
    choice = default_week(sessions(rows, marker={"2026-11-23"}))
    assert choice.week == pd.Timestamp("2026-11-16") and choice.with_data == 20


def test_active_athletes_follow_the_squad() -> None:
    """Ten athletes leave after 10 weeks, four join: after 8 more weeks with data only the
    four are active, and their week holds all of them."""
    old, new = [f"OLD-{i}" for i in range(10)], [f"NEW-{i}" for i in range(4)]
    log = sessions(squad(old, "2026-01-05", "2026-03-13") + squad(new, "2026-03-16",
                                                                   "2026-05-22"))
    choice = default_week(log)
    assert ACTIVE_WEEKS == 8
    assert (choice.week, choice.with_data, choice.active) == (pd.Timestamp("2026-05-18"), 4, 4)
    early = sessions(squad(old, "2026-01-05", "2026-03-13") + squad(new, "2026-03-16",
                                                                     "2026-04-03"))
    assert default_week(early).week == pd.Timestamp("2026-03-09")  # 4 of 14 are not most


def test_weekly_totals_and_other_week_starts() -> None:
    weekly = pd.DataFrame({"athlete": ["A", "B", "C", "A"],
                           "week_start": pd.to_datetime(["2026-11-09"] * 3 + ["2026-11-16"])})
    assert default_week(weekly).week == pd.Timestamp("2026-11-09")
    log = sessions([("A", "2026-11-15"), ("B", "2026-11-21"), ("A", "2026-11-22")])
    choice = default_week(log, week_start_day=6)  # Sunday weeks
    assert choice.week == pd.Timestamp("2026-11-15")
    assert choice.reason == ("the week of 15 Nov 2026: the latest week with data for 2 of 2 "
                             "athletes; the week of 22 Nov 2026 has data for 1")


def test_no_data_is_a_clear_error() -> None:
    log = sessions([("A", "2026-11-16")], marker={"2026-11-16"})
    with pytest.raises(LogError, match="^no logged data: no week to show$"):
        default_week(log)
