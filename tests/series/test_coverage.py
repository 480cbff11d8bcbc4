"""Coverage per athlete (spec §3.2, issue 19.2): one athlete's rows never make rest days for
another. Twenty athletes train Monday, Wednesday and Friday (60 min at RPE 5 = 300 AU) from
Monday 26 Oct to Friday 20 Nov 2026; GYM-01 goes on to Friday 27 Nov.

Hand-worked: the 19 others' calendars end on Sunday 22 Nov, the end of their last logged
week (the weekend of a logged week is rest, as every earlier weekend); 23–27 Nov are outside
their data (no row: "no data", never rest or zero load). On 22 Nov their 7-day load is
3 × 300 = 900 AU (128.5714 AU/day) and their 28-day load 12 × 300 = 3,600 AU (128.5714/day):
RAC 1.00. Under the old rule (coverage to the file's last day) they were given rest to 27
Nov, so on 27 Nov their 7-day load was 0 AU and RAC 0.00 — a false "sharp drop".
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import loadwatch as lw
from loadwatch.ingest.side_tables import read_plans, read_symptoms
from loadwatch.risk.engine import evaluate
from loadwatch.schema import Col, DayStatus
from loadwatch.store import open_store
from loadwatch.store.queries import load_sessions
from loadwatch.store.uploads import ingest_file

TEAM = [f"GYM-{i:02d}" for i in range(1, 21)]


def team_csv() -> bytes:
    """The file of the module docstring."""
    lines = ["athlete,date,duration_min,rpe"]
    for athlete in TEAM:
        last = "2026-11-27" if athlete == "GYM-01" else "2026-11-20"
        for day in pd.date_range("2026-10-26", last):
            if day.day_of_week in (0, 2, 4):
                lines.append(f"{athlete},{day:%Y-%m-%d},60,5")
    return ("\n".join(lines) + "\n").encode()


def last_days(daily: pd.DataFrame) -> pd.Series:
    return daily.groupby(Col.ATHLETE, observed=True)[Col.DATE].max()


def test_each_athlete_ends_with_their_own_last_week() -> None:
    log = lw.read_log(team_csv())
    ends = log.groupby(Col.ATHLETE)[Col.COVER_END].max()
    assert ends["GYM-01"] == pd.Timestamp("2026-11-27")
    assert (ends.drop("GYM-01") == pd.Timestamp("2026-11-22")).all() and len(ends) == 20
    daily = lw.daily_series(log)
    assert last_days(daily).drop("GYM-01").eq(pd.Timestamp("2026-11-22")).all()
    other = daily[daily[Col.ATHLETE] == "GYM-02"].set_index(Col.DATE)
    assert other.loc["2026-11-20":, Col.STATUS].tolist() == ["trained", "rest", "rest"]
    late = daily[(daily[Col.DATE] > "2026-11-22")]
    assert set(late[Col.ATHLETE]) == {"GYM-01"} and len(late) == 5
    assert late[Col.STATUS].tolist() == ["trained", "rest", "trained", "rest", "trained"]


def test_ratios_of_the_others_are_not_dragged_to_zero() -> None:
    metrics = lw.daily_metrics(lw.read_log(team_csv()))
    row = metrics[(metrics[Col.ATHLETE] == "GYM-02")].iloc[-1]
    assert row[Col.DATE] == pd.Timestamp("2026-11-22")
    assert round(float(row[Col.RAC]), 4) == 1.0
    assert round(float(row[Col.ACUTE]), 4) == 128.5714
    assert round(float(row[Col.CHRONIC]), 4) == 128.5714
    weekly = lw.weekly_metrics(lw.read_log(team_csv()))
    w48 = weekly[weekly[Col.WEEK] == pd.Timestamp("2026-11-23")]
    assert w48[Col.ATHLETE].tolist() == ["GYM-01"]  # the 19 others: no data in W48
    w47 = weekly[weekly[Col.WEEK] == pd.Timestamp("2026-11-16")]
    assert len(w47) == 20 and w47[Col.WEEKLY_LOAD].eq(900.0).all()


def test_a_declared_period_is_the_coachs_word_for_every_athlete() -> None:
    log = lw.read_log(team_csv(), period=("2026-10-26", "2026-11-27"))
    assert log[Col.COVER_END].eq(pd.Timestamp("2026-11-27")).all()
    daily = lw.daily_series(log)
    other = daily[daily[Col.ATHLETE] == "GYM-02"]
    assert other[Col.DATE].max() == pd.Timestamp("2026-11-27")
    assert other[Col.STATUS].iloc[-5:].tolist() == ["rest"] * 5  # declared complete: rest
    metrics = lw.daily_metrics(log)
    last = metrics[metrics[Col.ATHLETE] == "GYM-02"].iloc[-1]
    assert (last[Col.ACUTE], last[Col.RAC]) == (0.0, 0.0)  # what an undeclared file gave


def test_the_store_keeps_coverage_per_athlete(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_bytes(team_csv())
    store = open_store(f"sqlite:///{tmp_path / 'lw.db'}")
    try:
        ingest_file(store, path, "Club")
        log = load_sessions(store, team="Club")
    finally:
        store.close()
    ends = log.groupby(Col.ATHLETE)[Col.COVER_END].max()
    assert ends["GYM-01"] == pd.Timestamp("2026-11-27")
    assert (ends.drop("GYM-01") == pd.Timestamp("2026-11-22")).all()
    assert last_days(lw.daily_series(log)).drop("GYM-01").eq(
        pd.Timestamp("2026-11-22")).all()


@pytest.mark.parametrize("side", ["plan", "check_in"])
def test_next_weeks_plans_and_check_ins_extend_no_other_calendar(side: str) -> None:
    """A plan starting next week changes no calendar; a check-in dated after the log adds
    'not recorded' days to its own athlete only (missing, never rest)."""
    log = lw.read_log(team_csv())
    base = evaluate(log).ctx
    if side == "plan":
        table = read_plans(b"athlete,start_date,review_date,restriction,cap\n"
                           b"GYM-03,2026-11-30,2026-12-14,cap_load_au_per_week,1500\n")
        ctx = evaluate(log, plans=table).ctx
    else:
        table = read_symptoms(b"athlete,date,low_back_pain\nGYM-03,2026-11-29,yes\n")
        ctx = evaluate(log, symptoms=table).ctx
    athletes = np.asarray(ctx.cal.athletes)
    before = pd.Series(base.cal.period, index=athletes[base.cal.code]).groupby(level=0).max()
    after = pd.Series(ctx.cal.period, index=athletes[ctx.cal.code]).groupby(level=0).max()
    extended = after[after != before]
    if side == "plan":
        assert extended.empty and len(ctx) == len(base)
    else:
        assert extended.index.tolist() == ["GYM-03"]
        day = pd.Timestamp(int(extended.iloc[0]), unit="D")
        assert day == pd.Timestamp("2026-11-29")
        rows = ctx.cal.code == list(athletes).index("GYM-03")
        late = ctx.cal.period[rows] > before["GYM-03"]
        assert (ctx.cal.status[rows][late] == 2).all() and late.sum() == 7  # 23–29 missing
        assert DayStatus.MISSING == "missing"
