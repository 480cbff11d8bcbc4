"""Unconfirmed rest (issue 14, spec §3.2): a long absent stretch inside coverage is neither rest
nor missing until a person says which. Its days are found on the calendar, every rule whose
window holds one reports "n recorded, m unconfirmed of N days" and names the gap, and a flag
built on it is at most amber; confirmed rest gives the rule its own level back, not recorded
makes the days missing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import loadwatch as lw
from loadwatch.config import load_config
from loadwatch.errors import UsageError
from loadwatch.risk.engine import parse_week
from loadwatch.series.calendar import daily_calendar
from loadwatch.series.gaps import (
    check_resolvable,
    completeness,
    data_note,
    gap_sentence,
    gap_table,
    logging_gaps,
    unconfirmed_rest,
)

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "gymnastics_club_sessions.csv"
#: Monday to Friday loads (AU); weekends are not logged (rest, two short absent runs a week)
WEEKDAYS = (300, 700, 400, 800, 500)
GAP = "possible logging gap from 2024-01-13 to 2024-01-28: confirm rest or mark not recorded"


def _log(gap: str = "") -> pd.DataFrame:
    """Six weeks from Monday 2024-01-01; nothing logged 13–28 January (16 days) — or, with
    `gap`, a 'rest' or a 'not recorded' row on each of those days."""
    lines = ["athlete,date,load,day_status"]
    for i in range(40):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=i)
        if 12 <= i <= 27:
            if gap:
                lines.append(f"A1,{day},{'0' if gap == 'rest' else ''},{gap}")
            continue
        if i % 7 < 5:
            lines.append(f"A1,{day},{WEEKDAYS[i % 7]},")
    return lw.read_log(("\n".join(lines) + "\n").encode())


def _week(log: pd.DataFrame, first_day: str = "2024-02-05") -> pd.Series:
    return lw.evaluate(log).week(pd.Timestamp(first_day)).iloc[0]


def _reason(row: pd.Series, rule: str) -> str:
    return next(r for r in row["reasons"].split(" | ") if r.startswith(f"{rule} "))


# --- the days ------------------------------------------------------------------------------


def test_the_gap_days_are_unconfirmed_and_counted_per_window() -> None:
    cal = daily_calendar(_log())
    assert logging_gaps(cal).values.tolist() == [
        ["A1", pd.Timestamp("2024-01-13"), pd.Timestamp("2024-01-28"), 16]]
    gaps = unconfirmed_rest(cal)
    dates = cal.dates()
    assert dates[gaps.mask].min() == pd.Timestamp("2024-01-13")
    assert dates[gaps.mask].max() == pd.Timestamp("2024-01-28")
    assert int(gaps.mask.sum()) == 16
    last = len(cal) - 1  # Friday 2024-02-09
    assert dates[last] == pd.Timestamp("2024-02-09")
    # 13 January … 9 February (28 days) holds all 16; 27 January … (14 days) two; 29 … none
    assert (gaps.count(28)[last], gaps.count(14)[last], gaps.count(12)[last]) == (16, 2, 0)
    first, end = gaps.span(28)
    assert (first[last], end[last]) == (np.datetime64("2024-01-13"), np.datetime64("2024-01-28"))
    assert np.isnat(gaps.span(12)[0][last])
    # weekends alone (2 days) are rest, never unconfirmed
    assert not gaps.mask[dates < pd.Timestamp("2024-01-13")].any()


def test_explicit_rows_confirm_or_remove_the_gap() -> None:
    assert not unconfirmed_rest(daily_calendar(_log("rest"))).any
    assert not unconfirmed_rest(daily_calendar(_log("not recorded"))).any


def test_the_threshold_is_the_teams_gap_warning_days(tmp_path: Path) -> None:
    path = tmp_path / "team.toml"
    path.write_text("[calendar]\ngap_warning_days = 17\n")
    assert not unconfirmed_rest(daily_calendar(_log()), config=load_config(path)).any
    path.write_text("[calendar]\ngap_warning_days = 16\n")
    assert unconfirmed_rest(daily_calendar(_log()), config=load_config(path)).mask.sum() == 16


def test_texts() -> None:
    assert completeness(28, 0, 28) == "28/28 days recorded"
    assert completeness(18, 10, 28) == "18 recorded, 10 unconfirmed of 28 days"
    assert gap_sentence(pd.Timestamp("2024-01-13"), pd.Timestamp("2024-01-28")) == GAP
    assert data_note(18, 10, pd.Timestamp("2024-01-13"), pd.Timestamp("2024-01-28"), 28) == \
        f"Data: 18 recorded, 10 unconfirmed of 28 days; {GAP}."
    assert data_note(28, 0, pd.NaT, pd.NaT, 28) == "Data: 28/28 days recorded."


# --- the flags on a small hand-made log ------------------------------------------------------


def test_a_red_built_on_the_gap_is_amber_and_names_the_gap() -> None:
    week = _week(_log())
    assert (week["level"], week["escalation"], week["L1"]) == ("amber", "", "amber")
    assert _reason(week, "L1") == (
        "L1 amber: ACWR 2.00 ≥ 1.50 (7:28 rolling, coupled): 2,700 AU in the last 7 days vs "
        "1,350 AU average week over 28 days. Uncoupled 3.00 (equivalent cut-off 1.80), EWMA "
        "1.53 (provisional); all three methods agree. Data: 12 recorded, 16 unconfirmed of 28 "
        f"days; {GAP}. Red by the numbers; amber until the gap is resolved.")
    assert _reason(week, "L3") == (
        "L3 amber: 7-day load up 22.7% (> 15%): 2,700 AU vs 2,200 AU the 7 days before "
        f"(+500 AU). Data: 11 recorded, 3 unconfirmed of 14 days; {GAP}.")
    assert _reason(week, "M2").endswith(f"build back gradually. Data: 12 recorded, 16 "
                                        f"unconfirmed of 28 days; {GAP}.")


def test_confirmed_rest_gives_the_rule_its_level_back() -> None:
    week = _week(_log("rest"))
    assert (week["level"], week["L1"]) == ("red", "red")
    assert _reason(week, "L1") == (
        "L1 red: ACWR 2.00 ≥ 1.50 (7:28 rolling, coupled): 2,700 AU in the last 7 days vs "
        "1,350 AU average week over 28 days. Uncoupled 3.00 (equivalent cut-off 1.80), EWMA "
        "1.53 (provisional); all three methods agree. Data: 28/28 days recorded.")
    assert "unconfirmed" not in week["reasons"] and "logging gap" not in week["reasons"]


def test_not_recorded_days_are_missing_and_the_ratio_is_not_shown() -> None:
    week = _week(_log("not recorded"))
    assert (week["level"], week["L1"], week["L3"]) == \
        ("insufficient_data", "insufficient_data", "insufficient_data")
    assert _reason(week, "L1") == ("L1 insufficient_data: ACWR not shown: 16 of the last 28 "
                                   "days not recorded (needs 28 consecutive recorded days).")


def test_without_a_gap_nothing_changes() -> None:
    loads = [257] * 20 + [250] + [373] * 6 + [372]                 # spec worked example
    csv = "athlete,date,load\n" + "".join(
        f"A1,2024-01-{day:02d},{au}\n" for day, au in enumerate(loads, start=1))
    result = lw.evaluate(lw.read_log(csv.encode()))
    assert not any(o.unconfirmed is not None and o.unconfirmed.any()
                   for o in result.outcomes.values())
    verdict = result.week(pd.Timestamp("2024-01-22")).iloc[0]
    assert (verdict["L1"], verdict["L3"]) == ("amber", "amber")
    assert "Data: 28/28 days recorded." in verdict["reasons"]
    assert "unconfirmed" not in verdict["reasons"]


# --- the sample club: GYM-16's ten absent days ---------------------------------------------


@pytest.fixture(scope="module")
def club() -> lw.Assessment:
    return lw.evaluate(lw.read_log(SAMPLE))


def _club_week(result: lw.Assessment, week: str) -> pd.Series:
    table = result.week(parse_week(week))
    return table[table["athlete"] == "GYM-16"].iloc[0]


CLUB_GAP = "possible logging gap from 2026-09-15 to 2026-09-24: confirm rest or mark not recorded"


def test_gym16_is_at_most_amber_while_its_gap_is_unconfirmed(club: lw.Assessment) -> None:
    cal = daily_calendar(lw.read_log(SAMPLE))
    assert logging_gaps(cal).values.tolist() == [
        ["GYM-16", pd.Timestamp("2026-09-15"), pd.Timestamp("2026-09-24"), 10]]
    levels = {w: _club_week(club, w)["level"] for w in
              ("2026-W39", "2026-W40", "2026-W41", "2026-W42")}
    assert levels == {"2026-W39": "amber", "2026-W40": "amber", "2026-W41": "amber",
                      "2026-W42": "amber"}
    w41 = _club_week(club, "2026-W41")
    assert (w41["L1"], w41["X1"], w41["escalation"]) == ("amber", "amber", "")
    assert _reason(w41, "X1") == (
        "X1 amber: ACWR 1.66 ≥ 1.50 (7:28 rolling, coupled): 341 reps in the last 7 days vs "
        "206 reps average week over 28 days. Uncoupled 2.12 (equivalent cut-off 1.80), EWMA "
        "1.16; methods disagree. Data: 18 recorded, 10 unconfirmed of 28 days; "
        f"{CLUB_GAP}. Red by the numbers; amber until the gap is resolved.")
    assert _reason(_club_week(club, "2026-W39"), "L3") == (
        "L3 amber: 7-day load up 195.0% (> 15%): 1,770 AU vs 600 AU the 7 days before "
        f"(+1,170 AU). Data: 4 recorded, 10 unconfirmed of 14 days; {CLUB_GAP}.")
    # W38's signs are Monday 14 September's, the day before the gap: no rule leans on it there
    ctx = club.ctx
    monday = np.flatnonzero((ctx.athlete == "GYM-16") & (ctx.dates == "2026-09-14"))
    tuesday = monday + 1
    leaning = {k for k, o in club.outcomes.items()
               if o.unconfirmed is not None and o.unconfirmed[monday].any()}
    assert leaning == set()
    leaning = {k for k, o in club.outcomes.items()
               if o.unconfirmed is not None and o.unconfirmed[tuesday].any()}
    assert leaning == {"L1", "L2", "L3", "X1", "X2", "R1", "R2", "M2"}


def test_gym16_confirmed_rest_is_red_again() -> None:
    log = lw.read_log(SAMPLE)
    days = pd.date_range("2026-09-15", "2026-09-24")
    rest = pd.DataFrame({"athlete": "GYM-16", "date": days.strftime("%Y-%m-%d"), "load": 0,
                         "day_status": "rest"})
    extra = lw.read_log(rest.to_csv(index=False).encode())
    result = lw.evaluate(lw.combine_logs([log, extra]))
    w41 = _club_week(result, "2026-W41")
    assert (w41["level"], w41["L1"], w41["X1"]) == ("red", "red", "red")
    assert _reason(w41, "X1").endswith("methods disagree. Data: 28/28 days recorded.")


# --- listing and resolving -----------------------------------------------------------------


def test_gap_table_lists_open_and_resolved_gaps_and_checks_a_span() -> None:
    resolved = pd.DataFrame({"athlete": ["B2"], "first_day": [pd.Timestamp("2024-03-01")],
                             "last_day": [pd.Timestamp("2024-03-10")],
                             "resolution": ["not_recorded"]})
    table = gap_table(_log(), resolved)
    assert table.values.tolist() == [
        ["A1", pd.Timestamp("2024-01-13"), pd.Timestamp("2024-01-28"), 16, "open"],
        ["B2", pd.Timestamp("2024-03-01"), pd.Timestamp("2024-03-10"), 10, "not recorded"]]
    check_resolvable(table, "A1", pd.Timestamp("2024-01-13"), pd.Timestamp("2024-01-28"))
    check_resolvable(table, "A1", pd.Timestamp("2024-01-15"), pd.Timestamp("2024-01-19"))
    check_resolvable(table, "B2", pd.Timestamp("2024-03-01"), pd.Timestamp("2024-03-10"))
    with pytest.raises(UsageError, match="2024-01-12 to 2024-01-20 is not inside an open gap "
                                         "of this athlete \\(gaps: 2024-01-13 to 2024-01-28 "
                                         "\\(open\\)\\)"):
        check_resolvable(table, "A1", pd.Timestamp("2024-01-12"), pd.Timestamp("2024-01-20"))
    with pytest.raises(UsageError, match="not inside an open gap"):
        check_resolvable(table, "B2", pd.Timestamp("2024-03-02"), pd.Timestamp("2024-03-10"))
    with pytest.raises(UsageError, match="ends \\(2024-01-14\\) before it starts"):
        check_resolvable(table, "A1", pd.Timestamp("2024-01-15"), pd.Timestamp("2024-01-14"))
    assert gap_table(pd.DataFrame(), resolved.iloc[:0]).empty
