"""Evaluating some athletes of a team "like" the team (issue 15 item 8: after a write only
the touched athletes are evaluated again): the team's channels and extension unit are kept,
so each athlete's rows equal those of the whole team's evaluation — also for an athlete
without any extension count in a team that logs them (whose caps are in reps, as the
team's)."""

from __future__ import annotations

import pandas as pd

import loadwatch as lw
from loadwatch.risk.engine import evaluate
from loadwatch.risk.planner import Plan, plan_week


def _log() -> pd.DataFrame:
    rows = ["athlete,date,duration_min,rpe,extension_reps"]
    for day in range(1, 43):  # 6 weeks, 2024-01-01 …: A counts back arches, B does not
        date = f"2024-{1 + (day - 1) // 31:02d}-{(day - 1) % 31 + 1:02d}"
        rows.append(f"A,{date},60,5,{40 + day}")
        rows.append(f"B,{date},{50 + day % 7 * 10},6,")
    return lw.read_log("\n".join(rows).encode())


def _plain(daily: pd.DataFrame) -> pd.DataFrame:
    """The daily table with the athlete as text (its categories are the evaluated ones)."""
    return daily.assign(athlete=daily["athlete"].astype(str))


def test_an_athlete_without_extension_counts_equals_its_rows_in_the_team() -> None:
    log = _log()
    team = evaluate(log)
    alone = evaluate(log[log["athlete"] == "B"], like=team)
    mine = team.daily()
    mine = mine[mine["athlete"] == "B"].reset_index(drop=True)
    pd.testing.assert_frame_equal(_plain(alone.daily()), _plain(mine))
    assert alone.ctx.extension_unit == team.ctx.extension_unit == "reps"


def test_without_the_team_the_same_athlete_gets_another_unit() -> None:
    log = _log()
    team = evaluate(log)
    b_only = log[log["athlete"] == "B"]
    unit = Plan.EXT_UNIT
    in_team = plan_week(team).set_index(Plan.ATHLETE).loc["B", unit]
    assert plan_week(evaluate(b_only, like=team)).set_index(Plan.ATHLETE).loc["B", unit] \
        == in_team == "reps"
    # why `like` exists: alone, B's extension cap would be written in minutes
    assert plan_week(evaluate(b_only)).set_index(Plan.ATHLETE).loc["B", unit] == "min"
