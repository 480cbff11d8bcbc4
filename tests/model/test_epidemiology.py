"""Injury log: validation like every upload, and epidemiology on hand-worked numbers."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from loadwatch.errors import LogError
from loadwatch.ingest.injuries import InjuryCol, parse_injuries, read_injuries
from loadwatch.ingest.log import read_log
from loadwatch.model.epidemiology import (
    burden_ci,
    format_epidemiology,
    injury_epidemiology,
    poisson_rate_ci,
)

GOOD = b"""Athlete,Onset,Body part,Type,Days lost,Return to play
A1,2026-03-02,lumbar spine,overuse,14,
A1,2026-05-10,ankle,acute,,2026-05-17
A2,2026-04-01,Low back,gradual onset,,
A2,2026-04-20,knee,Acute,0,2026-04-20
"""


def test_reads_aliases_synonyms_and_fills_time_loss_or_return() -> None:
    table = read_injuries(GOOD)
    assert list(table.columns) == [InjuryCol.ATHLETE, InjuryCol.ONSET, InjuryCol.REGION,
                                   InjuryCol.TYPE, InjuryCol.TIME_LOSS, InjuryCol.RETURN]
    first, second, third, fourth = (table.iloc[i] for i in range(4))
    assert first[InjuryCol.RETURN] == pd.Timestamp("2026-03-16")     # onset + 14 days
    assert second[InjuryCol.TIME_LOSS] == 7                           # return − onset
    assert third[InjuryCol.REGION] == "lumbar_spine"                  # "Low back"
    assert third[InjuryCol.TYPE] == "overuse"                         # "gradual onset"
    assert np.isnan(third[InjuryCol.TIME_LOSS]) and pd.isna(third[InjuryCol.RETURN])  # ongoing
    assert fourth[InjuryCol.TYPE] == "acute" and fourth[InjuryCol.TIME_LOSS] == 0


BAD = b"""athlete,onset_date,body_region,injury_type,time_loss_days,return_date
A1,2026-03-02,knee,acute,3,2026-03-05
A1,2026-13-40,knee,acute,3,
A1,2026-03-09,elbowz,acute,3,
A1,2026-03-20,knee,acute,,2026-03-10
A1,2026-04-01,knee,overuse,10,2026-04-05
A1,2026-03-02,knee,overuse,4,
A1,2026-05-01,knee,acute,2.5,
,2026-05-09,knee,acute,1,
A1,2026-06-01,foot,sudden,,
"""


def test_every_bad_row_is_reported_with_its_row_and_nothing_is_read() -> None:
    with pytest.raises(LogError, match="7 row\\(s\\) of the injury log are invalid; nothing "
                                       "was read") as info:
        read_injuries(BAD)
    found = {(p.row, p.column) for p in info.value.problems}
    assert found == {
        (3, "onset_date"),            # not a date
        (4, "body_region"),           # not a region
        (5, "return_date"),           # return before onset
        (6, "time_loss_days"),        # 10 days vs onset → return 4 days
        (7, "onset_date"),            # same athlete, onset, region as row 2
        (8, "time_loss_days"),        # not whole days
        (9, "athlete"),               # blank athlete
    }
    texts = " | ".join(str(p) for p in info.value.problems)
    assert "row 4, column 'body_region': 'elbowz' is not one of: head" in texts
    assert "lumbar_spine" in texts
    assert "row 5, column 'return_date': return date 2026-03-10 is before the onset date " \
           "2026-03-20" in texts
    assert "does not match onset → return date (4 days)" in texts
    assert "the same injury again (athlete, onset and body region as row 2)" in texts
    parsed = parse_injuries(BAD)  # the valid rows stay available to callers that ask
    assert len(parsed.data) == 2 and set(parsed.data["row"]) == {2, 10}


@pytest.mark.parametrize(("content", "message"), [
    (b"athlete,onset_date,injury_type\nA1,2026-03-02,acute\n",
     "missing required column 'body_region'"),
    (b"athlete,onset_date,body_region,injury_type\n", "no data rows below the header"),
    (b"", "the file is empty"),
])
def test_file_level_problems_are_one_clear_line(content: bytes, message: str) -> None:
    with pytest.raises(LogError, match=message):
        read_injuries(content)


# --- epidemiology: hand-worked ----------------------------------------------------------------
# Two athletes, 250 days each of one 240-min session = 1,000 h each, 2,000 h in all.
# Three injuries inside the logged dates: 3 / 2,000 h × 1,000 = 1.5 per 1,000 h.
# Exact Poisson (Garwood): lower = χ²(0.025; 6) / 2 = 0.618672 injuries → 0.309336 per 1,000 h,
# upper = χ²(0.975; 8) / 2 = 8.767273 injuries → 4.383637 per 1,000 h.
# Burden: 7 + 14 + 21 = 42 days lost → 21.0 days per 1,000 h; log-normal interval with
# SE(log) = √(7² + 14² + 21²) / 42 = √686 / 42 = 0.623610 → 21 · exp(∓1.959964 · 0.623610)
# = 6.1859 to 71.2913.

START = dt.date(2026, 1, 5)


def _exposure_log() -> pd.DataFrame:
    rows = ["athlete,date,duration_min,rpe"]
    for athlete in ("A1", "A2"):
        for i in range(250):
            rows.append(f"{athlete},{START + dt.timedelta(days=i)},240,5")
    return read_log(("\n".join(rows) + "\n").encode())


def _injuries(lines: list[str]) -> pd.DataFrame:
    header = "athlete,onset_date,body_region,injury_type,time_loss_days,return_date"
    return read_injuries(("\n".join([header, *lines]) + "\n").encode())


@pytest.fixture(scope="module")
def exposure_log() -> pd.DataFrame:
    return _exposure_log()


def test_incidence_and_burden_on_the_hand_worked_example(exposure_log: pd.DataFrame) -> None:
    injuries = _injuries(["A1,2026-01-15,lumbar_spine,overuse,7,",
                          "A1,2026-04-15,ankle,acute,14,",
                          "A2,2026-02-24,lumbar_spine,overuse,21,"])
    summary = injury_epidemiology(injuries, exposure_log)
    assert summary.exposure_hours == 2000.0
    overall = summary.table.iloc[0]
    assert (overall["group"], overall["injuries"], overall["days_lost"]) == ("overall", 3, 42)
    assert overall["incidence_per_1000h"] == pytest.approx(1.5)
    assert overall["incidence_low"] == pytest.approx(0.309336, abs=1e-6)
    assert overall["incidence_high"] == pytest.approx(4.383637, abs=1e-6)
    assert overall["burden_days_per_1000h"] == pytest.approx(21.0)
    assert overall["burden_low"] == pytest.approx(6.1859, abs=1e-4)
    assert overall["burden_high"] == pytest.approx(71.2913, abs=1e-4)
    lumbar = summary.table.set_index("name").loc["lumbar_spine"]
    assert (lumbar["injuries"], lumbar["days_lost"]) == (2, 28)
    assert lumbar["incidence_per_1000h"] == pytest.approx(1.0)
    types = summary.table[summary.table["group"] == "injury_type"].set_index("name")
    assert types.loc["overuse", "injuries"] == 2 and types.loc["acute", "injuries"] == 1
    text = format_epidemiology(summary)
    assert "1.50 (0.31–4.38)" in text and "21.0 (6.2–71.3)" in text


def test_exact_poisson_interval_agrees_with_scipy_poisson() -> None:
    low, high = poisson_rate_ci(3, 2000.0)
    # at the bounds, the observed count is exactly at the 2.5 % tail of a Poisson
    assert stats.poisson.sf(2, low * 2) == pytest.approx(0.025, rel=1e-9)
    assert stats.poisson.cdf(3, high * 2) == pytest.approx(0.025, rel=1e-9)
    assert poisson_rate_ci(0, 2000.0)[0] == 0.0
    assert poisson_rate_ci(0, 2000.0)[1] == pytest.approx(-np.log(0.025) / 2, rel=1e-9)


def test_burden_interval_is_log_normal_with_compound_poisson_variance() -> None:
    low, high = burden_ci(np.array([7.0, 14.0, 21.0]), 2000.0)
    se = np.sqrt(686) / 42
    spread = stats.lognorm(s=se, scale=21.0)  # the same interval from scipy's log-normal
    assert (low, high) == pytest.approx((spread.ppf(0.025), spread.ppf(0.975)), rel=1e-9)
    assert all(np.isnan(burden_ci(np.array([]), 2000.0)))


def test_injuries_outside_the_logged_dates_or_athletes_are_listed_not_counted(
        exposure_log: pd.DataFrame) -> None:
    injuries = _injuries(["A1,2026-01-15,knee,acute,7,",
                          "A1,2025-12-01,knee,acute,7,",      # before A1's log starts
                          "ZZ,2026-02-01,knee,acute,7,"])     # no training log
    summary = injury_epidemiology(injuries, exposure_log)
    assert summary.table.iloc[0]["injuries"] == 1
    assert set(summary.excluded["reason"]) == {"onset outside the athlete's logged dates",
                                               "athlete not in the training log"}
    assert any("2 injury(ies) not counted" in note for note in summary.notes)


def test_ongoing_injury_counts_days_to_the_end_of_the_log(exposure_log: pd.DataFrame) -> None:
    # A2's log ends on day 250 (2026-09-11); onset 2026-09-02 → 10 days up to and including it
    summary = injury_epidemiology(_injuries(["A2,2026-09-02,foot,overuse,,"]), exposure_log)
    overall = summary.table.iloc[0]
    assert overall["days_lost"] == 10 and overall["ongoing"] == 1
    assert any("lower bound" in note for note in summary.notes)


def test_no_minutes_means_no_exposure(exposure_log: pd.DataFrame) -> None:
    log = read_log(b"athlete,date,load_au\nA1,2026-01-05,300\nA1,2026-01-06,200\n")
    with pytest.raises(LogError, match="no session minutes"):
        injury_epidemiology(_injuries(["A1,2026-01-05,knee,acute,3,"]), log)


def test_weekly_log_exposure_comes_from_total_minutes() -> None:
    log = read_log(b"athlete,week,total_minutes,mean_rpe\nA1,2026-W02,600,5\nA1,2026-W03,"
                   b"540,5\n")
    summary = injury_epidemiology(_injuries(["A1,2026-01-14,knee,acute,3,"]), log)
    assert summary.exposure_hours == pytest.approx(19.0)
    assert summary.table.iloc[0]["incidence_per_1000h"] == pytest.approx(1000 / 19)
