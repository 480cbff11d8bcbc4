"""The Athlete page's charts span the last 26 weeks unless the coach asks for more (issue 15
item 8: two seasons of daily marks doubled the page's drawing time at 500 athletes). A
squad of 2 athletes logging every day for 60 weeks, 29 Sep 2025 to Sun 22 Nov 2026."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from loadwatch.app import accounts
from loadwatch.store import ingest_file
from tests.dashboards.conftest import CLUB, PASSWORD, app_as

FIRST = dt.date(2025, 9, 29)


@pytest.fixture
def squad_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    lines = ["athlete,date,duration_min,rpe"]
    lines += [f"SQ-{n},{FIRST + dt.timedelta(days=d)},60,{4 + d % 3}"
              for n in (1, 2) for d in range(420)
              if not (n == 1 and 35 <= d < 45)]  # SQ-1 logged nothing 3-12 Nov 2025
    (tmp_path / "squad.csv").write_text("\n".join(lines) + "\n")
    url = f"sqlite:///{tmp_path / 'squad.db'}"
    ingest_file(url, tmp_path / "squad.csv", CLUB)
    accounts.add_user(url, "coach1", PASSWORD, "coach", [CLUB], by="tests")
    monkeypatch.setenv("LOADWATCH_DB", url)
    return url


def _daily_load_days(at: AppTest) -> tuple[int, pd.Timestamp, pd.Timestamp]:
    """Days in the daily-load chart's bars (its first dataset): count, first, last."""
    chart = at.get("vega_lite_chart")[0].proto
    dates = pa.ipc.open_stream(chart.datasets[0].data.data).read_all().column("date")
    return len(dates), pd.Timestamp(dates[0].as_py()), pd.Timestamp(dates[-1].as_py())


def test_the_charts_open_on_26_weeks_and_widen_on_request(squad_db: str) -> None:
    at = app_as("coach", "athlete.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.radio(key="athlete_period").value == "last 26 weeks"
    assert "Charts from 25 May 2026 to 22 Nov 2026." in [c.value for c in at.caption]
    assert _daily_load_days(at) == (182, pd.Timestamp("2026-05-25"), pd.Timestamp("2026-11-22"))
    at.radio(key="athlete_period").set_value("last 52 weeks").run()
    assert _daily_load_days(at) == (364, pd.Timestamp("2025-11-24"), pd.Timestamp("2026-11-22"))
    at.radio(key="athlete_period").set_value("whole history").run()
    assert not at.exception, [e.value for e in at.exception]
    assert _daily_load_days(at) == (420, pd.Timestamp("2025-09-29"), pd.Timestamp("2026-11-22"))
    assert not [c.value for c in at.caption if c.value.startswith("Charts from")]


def test_a_gap_before_the_charts_is_counted_and_shown_with_the_whole_history(
        squad_db: str) -> None:
    """SQ-1's 10 days without a session in Nov 2025 lie before the 26 weeks drawn: one line
    counts it (nothing hidden); the whole history shows its notice."""
    at = app_as("coach", "athlete.py")
    at.run()
    assert at.selectbox(key="athlete_choice").value == "SQ-1"
    assert not at.warning
    assert ("1 earlier open logging gap (before 25 May 2026): answer on **Logging gaps**, or "
            "show the whole history.") in [c.value for c in at.caption]
    at.radio(key="athlete_period").set_value("whole history").run()
    assert [w.value for w in at.warning] == [
        "Possible logging gap: 10 days without a logged session, 03 Nov to 12 Nov 2025. Until "
        "confirmed, flags that lean on these days are at most amber: say whether it was rest "
        "on **Logging gaps**."]
    assert not [c.value for c in at.caption if "earlier open logging gap" in c.value]


def test_an_older_week_is_drawn_with_the_26_weeks_before_now(squad_db: str) -> None:
    """A week looked at before the period is still on the charts: they start with it."""
    at = app_as("coach", "athlete.py")
    at.run()
    at.selectbox(key="athlete_week").set_value(pd.Timestamp("2026-01-05")).run()  # 2026-W02
    assert not at.exception, [e.value for e in at.exception]
    assert "Charts from 05 Jan 2026 to 22 Nov 2026." in [c.value for c in at.caption]
    assert _daily_load_days(at) == (322, pd.Timestamp("2026-01-05"), pd.Timestamp("2026-11-22"))
