"""Plausible dates (issue 19.2): a date outside the window around today is refused with its
row and value, never a traceback, on every path (CLI, store, dashboard preview); today is
fixed at Wednesday 2026-12-02 through LOADWATCH_TODAY."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

import loadwatch as lw
from loadwatch.app.cli.main import main
from loadwatch.app.service import Service
from loadwatch.config import load_config
from loadwatch.errors import LogError
from loadwatch.ingest.log import parse_log
from loadwatch.ingest.side_tables import read_growth, read_plans, read_roster, read_symptoms
from loadwatch.ingest.validate import TODAY_VARIABLE, DateWindow, today
from loadwatch.schema import Col

AHEAD = "is more than 1 day after today (2026-12-02): a typing error? (setting " \
        "ingest.max_days_ahead)"
EARLY = "is before 1990-01-01: a typing error? (setting ingest.earliest_date)"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TODAY_VARIABLE, "2026-12-02")


def season(extra: list[str], n: int = 116) -> bytes:
    """n sessions of A1 and A2 (rows 2 … n+1) through 2026-11-27, then the extra rows."""
    days = pd.date_range(end="2026-11-27", periods=n // 2)
    rows = [f"{a},{d:%Y-%m-%d},60,5" for d in days for a in ("A1", "A2")]
    return ("athlete,date,duration_min,rpe\n" + "\n".join(rows + extra) + "\n").encode()


def messages(parsed: lw.ParsedLog) -> list[str]:
    return [str(p) for p in parsed.problems]


def test_a_2062_row_is_refused_with_its_row_and_value() -> None:
    parsed = parse_log(season(["A2,2026-11-28,60,5", "A1,2062-11-30,60,5"]))
    assert messages(parsed) == [f"row 119, column 'date': date 2062-11-30 {AHEAD}"]
    with pytest.raises(LogError) as err:
        lw.read_log(season(["A1,2062-11-30,60,5"]))
    assert f"row 118, column 'date': date 2062-11-30 {AHEAD}" in err.value.report()


@pytest.mark.parametrize(("cell", "message"), [
    ("9999-12-31", f"date 9999-12-31 {AHEAD}"),
    ("31/12/9999", f"date 31/12/9999 {AHEAD}"),
    ("2206-01-15", f"date 2206-01-15 {AHEAD}"),
    ("2026-12-04", f"date 2026-12-04 {AHEAD}"),
    ("1899-03-01", f"date 1899-03-01 {EARLY}"),
    ("0999-03-01", f"date 0999-03-01 {EARLY}"),
])
def test_out_of_window_dates_beyond_pandas_included(cell: str, message: str) -> None:
    parsed = parse_log(season([f"A1,{cell},60,5"]))
    assert messages(parsed) == [f"row 118, column 'date': {message}"]


def test_tomorrow_is_plausible_and_the_window_is_a_setting() -> None:
    assert parse_log(season(["A1,2026-12-03,60,5"])).problems == []
    cfg = load_config(overrides={"ingest.max_days_ahead": 0,
                                 "ingest.earliest_date": "2026-01-01"})
    parsed = parse_log(season(["A1,2026-12-03,60,5", "A2,2025-12-31,60,5"]), config=cfg)
    assert messages(parsed) == [
        "row 118, column 'date': date 2026-12-03 is after today (2026-12-02): a typing "
        "error? (setting ingest.max_days_ahead)",
        "row 119, column 'date': date 2025-12-31 is before 2026-01-01: a typing error? "
        "(setting ingest.earliest_date)"]


def test_a_skipped_2062_row_reaches_no_calendar() -> None:
    log = lw.read_log(season(["A1,2062-11-30,60,5"]), skip_invalid=True)
    assert len(log) == 116 and log[Col.DATE].max() == pd.Timestamp("2026-11-27")
    assert log[Col.COVER_END].max() == pd.Timestamp("2026-11-27")
    assert lw.daily_series(log)[Col.DATE].max() == pd.Timestamp("2026-11-27")


def test_a_9999_date_cell_of_a_workbook() -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["athlete", "date", "duration_min", "rpe"])
    sheet.append(["A1", dt.datetime(2026, 11, 30), 60, 5])
    sheet.append(["A1", dt.datetime(9999, 12, 31), 60, 5])
    buffer = io.BytesIO()
    book.save(buffer)
    parsed = parse_log(buffer.getvalue())
    assert len(parsed.problems) == 1 and parsed.problems[0].row == 3
    assert parsed.problems[0].message.endswith(AHEAD)
    assert parsed.problems[0].message.startswith("date 9999-12-31")


def test_weekly_totals_refuse_a_week_ahead() -> None:
    data = (b"athlete,week_start,minutes,load_au\nA1,2026-W47,300,1500\n"
            b"A1,2062-W48,300,1500\nA1,9999-W01,300,1500\n")
    parsed = parse_log(data)
    assert [(p.row, p.message) for p in parsed.problems] == [
        (3, f"week starting 2062-11-27 {AHEAD}"), (4, f"week starting 9999-W01 {AHEAD}")]


def test_side_tables_check_ins_growth_plans_and_birth_dates() -> None:
    with pytest.raises(LogError) as err:
        read_symptoms(b"athlete,date,low_back_pain\nA1,2026-11-30,no\nA1,2062-11-30,yes\n")
    assert f"row 3, column 'date': date 2062-11-30 {AHEAD}" in err.value.report()
    with pytest.raises(LogError) as err:
        read_growth(b"athlete,date,height_cm\nA1,9999-01-01,150\n")
    assert f"row 2, column 'date': date 9999-01-01 {AHEAD}" in err.value.report()
    plans = read_plans(b"athlete,start_date,review_date,restriction\n"
                       b"A1,2026-12-07,2027-01-04,no_extension_loading\n")
    assert plans["review_date"].tolist() == [pd.Timestamp("2027-01-04")]  # plans look ahead
    with pytest.raises(LogError) as err:
        read_plans(b"athlete,start_date,restriction\nA1,9999-12-07,no_extension_loading\n")
    assert "row 2, column 'start_date': '9999-12-07' is not a date" in err.value.report()
    roster = read_roster(b"athlete,birth_date\nA1,1985-04-02\n")
    assert roster["birth_date"].tolist() == [pd.Timestamp("1985-04-02")]  # births may be old


def test_today_is_injectable_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    assert today() == pd.Timestamp("2026-12-02")
    window = DateWindow.from_config(on="2026-06-01")
    assert (window.latest, window.earliest) == (pd.Timestamp("2026-06-02"),
                                                pd.Timestamp("1990-01-01"))
    monkeypatch.setenv(TODAY_VARIABLE, "2026-13-01")
    with pytest.raises(LogError, match="^LOADWATCH_TODAY='2026-13-01' is not a date"):
        today()
    monkeypatch.delenv(TODAY_VARIABLE)
    assert today() == pd.Timestamp.today().normalize()


def test_cli_says_the_row_never_a_traceback(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "log.csv"
    path.write_bytes(season(["A1,9999-12-31,60,5"]))
    assert main(["metrics", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"row 118, column 'date': date 9999-12-31 {AHEAD}" in err
    assert "Traceback" not in err


def test_dashboard_preview_lists_the_problem(tmp_path: Path) -> None:
    service = Service.open(f"sqlite:///{tmp_path / 'lw.db'}")
    try:
        preview = service.preview_upload(season(["A1,9999-12-31,60,5"]), "log.csv",
                                         column_map=None, dayfirst=None)
    finally:
        service.store.close()
    assert preview.error is None
    assert [str(p) for p in preview.problems] == [
        f"row 118, column 'date': date 9999-12-31 {AHEAD}"]
