"""The per-team method check (issue 14): rescaling (does the ratio add to acute load?) and
window sensitivity, on a hand-made log whose ratios are known by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd

import loadwatch as lw
from loadwatch.series.method_check import ACUTE_DAYS, CHRONIC_DAYS, method_check
from loadwatch.vocab import round_half_up

# 28 days of 300 AU, then 7 days of 600 AU: on jump day k the 7:28 ratio is
# 4 × (2,100 + 300k) / (8,400 + 300k): 1.00, 1.10, 1.20, 1.29, 1.375, 1.45, 1.53, 1.60
LOADS = [300.0] * 28 + [600.0] * 7


def _log(loads: list[float], athlete: str = "A") -> pd.DataFrame:
    days = pd.date_range("2024-01-01", periods=len(loads))
    rows = "".join(f"{athlete},{d:%Y-%m-%d},{x:g}\n" for d, x in zip(days, loads, strict=True))
    return lw.read_log(f"athlete,date,load\n{rows}".encode())


def _flags_by_hand(loads: list[float], acute: int, chronic: int) -> np.ndarray:
    """Plain-Python coupled ratio on every day with a full chronic window."""
    out = []
    for d in range(chronic - 1, len(loads)):
        ratio = (sum(loads[d - acute + 1:d + 1]) / acute) / (
            sum(loads[d - chronic + 1:d + 1]) / chronic)
        out.append(float(round_half_up(ratio)) > 1.30)
    return np.asarray(out)


def test_a_ratio_that_follows_acute_load_is_called_a_rescaled_copy() -> None:
    check = method_check(_log(LOADS))
    r = check.rescaling
    assert r is not None
    assert (r.days, r.athletes, r.flag_days, r.also_acute) == (8, 1, 4, 4)  # jump days 4–7
    assert r.spearman == 1.0
    acute = np.asarray([sum(LOADS[d - 6:d + 1]) for d in range(27, 35)])
    ratio = 4 * acute / np.asarray([sum(LOADS[d - 27:d + 1]) for d in range(27, 35)])
    assert np.isclose(r.r_squared, np.corrcoef(acute, ratio)[0, 1] ** 2)
    assert check.lines()[0] == (
        "Rescaling check: on this team's data the ratio adds little beyond acute load: within "
        f"athletes, acute load alone explains {round(100 * r.r_squared)} % of the ratio's "
        "variance (Spearman 1.00, median of 1 athlete, 8 athlete-days); of its 4 flag days "
        "(ratio > 1.30), 4 (100 %) are also among the athletes' highest 7-day loads when "
        "acute load alone flags as many days.")


def test_window_sensitivity_counts_flagged_and_changed_days_per_pair() -> None:
    check = method_check(_log(LOADS))
    table = check.windows.set_index(["acute_days", "chronic_days"])
    assert list(table.index) == [(a, c) for a in ACUTE_DAYS for c in CHRONIC_DAYS]
    for a in ACUTE_DAYS:
        for c in CHRONIC_DAYS:
            by_hand = _flags_by_hand(LOADS, a, c)
            assert table.loc[(a, c), "flagged_days"] == by_hand.sum(), (a, c)
    assert table.loc[(7, 28), "flagged_days"] == 4
    assert table.loc[(7, 28), "changed_days"] == 0
    # 5:28 flags jump days 2–7 (day 2: 5-day mean 420 / 28-day mean 321.4 = 1.31), so
    # days 2 and 3 change flag against 7:28
    assert table.loc[(5, 28), "flagged_days"] == 6
    assert table.loc[(5, 28), "changed_days"] == 2


def test_weekly_totals_get_no_check_and_say_why() -> None:
    rows = "".join(f"A,2026-W{k:02d},300,{2100}\n" for k in range(1, 9))
    log = lw.read_log(f"athlete,week,total_minutes,total_load_au\n{rows}".encode())
    assert method_check(log).lines() == [
        "Method check not run: it needs daily sessions (weekly totals given)."]
