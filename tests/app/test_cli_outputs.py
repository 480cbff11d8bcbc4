"""What the CLI writes and prints (issue 19.5, 19.2): no live formula in any CSV whatever the
column's dtype, no control character on the terminal, clinical files 0600, and the team's
default week for flags, plan and summary."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

import pandas as pd
import pytest

from loadwatch.app.cli.main import main
from loadwatch.ingest.validate import TODAY_VARIABLE

EVIL = '=HYPERLINK("http://evil/a","x")'
ANSI = "GYM\x1b[31m-RED\x1b[0m"
TEAM = (EVIL, ANSI, "@cmd", "GYM-04", "GYM-05")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TODAY_VARIABLE, "2026-12-02")


@pytest.fixture
def log_file(tmp_path: Path) -> Path:
    """Five athletes, Monday/Wednesday/Friday sessions from 5 Oct to 20 Nov 2026 (W41–W47);
    GYM-04 alone also trains on Wednesday 25 Nov (W48)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["athlete", "date", "duration_min", "rpe"])
    for athlete in TEAM:
        for day in pd.date_range("2026-10-05", "2026-11-20"):
            if day.day_of_week in (0, 2, 4):
                writer.writerow([athlete, f"{day:%Y-%m-%d}", 60, 5])
    writer.writerow(["GYM-04", "2026-11-25", 60, 5])
    path = tmp_path / "log.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def cells(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_metrics_csv_neutralises_the_categorical_athlete_column(
        log_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.csv"
    assert main(["metrics", str(log_file), "--out", str(out)]) == 0
    athletes = {row[0] for row in cells(out)[1:]}
    assert athletes == {"'" + EVIL, "GYM-RED", "'@cmd", "GYM-04", "GYM-05"}
    for row in cells(out)[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            assert "\x1b" not in cell


def test_metrics_to_stdout_is_neutralised_too(log_file: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics", str(log_file), "--level", "weekly"]) == 0
    text = capsys.readouterr().out
    assert f'"\'{EVIL.replace(chr(34), chr(34) * 2)}"' in text
    assert "\n=" not in text and "\x1b" not in text


def test_terminal_output_holds_no_control_character(
        log_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["flags", str(log_file)], ["summary", str(log_file)],
                    ["plan", str(log_file)]):
        assert main(command) == 0
        captured = capsys.readouterr()
        assert "GYM-RED" in captured.out
        assert "\x1b" not in captured.out + captured.err
        assert "\r" not in captured.out + captured.err


def test_clinical_outputs_are_owner_only(log_file: Path, tmp_path: Path) -> None:
    for name in ("flags.csv", "flags.json"):
        out = tmp_path / name
        assert main(["flags", str(log_file), "--out", str(out)]) == 0
        assert mode(out) == 0o600, name
    flags = json.loads((tmp_path / "flags.json").read_text())  # data, not a spreadsheet
    assert EVIL in {row["athlete"] for row in flags["athletes"]}
    rows = cells(tmp_path / "flags.csv")
    assert "'" + EVIL in [row[0] for row in rows]
    report = tmp_path / "report"
    assert main(["report", str(log_file), "--week", "2026-W47", "--out", str(report),
                 "--clinical", "--format", "csv,html"]) == 0
    written = sorted(report.iterdir())
    assert [p.suffix for p in written] == [".csv", ".html"]
    assert all(mode(p) == 0o600 for p in written)


def test_flags_plan_and_summary_open_on_the_teams_week(
        log_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """GYM-04's lone W48 session does not move the team: W47 holds all five athletes."""
    note = ("week: 2026-W47 (16 Nov): the latest week with data for 5 of 5 athletes; "
            "2026-W48 has data for 1 (choose another with --week)\n")
    assert main(["flags", str(log_file)]) == 0
    captured = capsys.readouterr()
    assert captured.err.endswith(note)
    assert "2026-W47" in captured.out and "2026-W48" not in captured.out
    assert main(["plan", str(log_file)]) == 0
    captured = capsys.readouterr()
    assert captured.err.endswith(note) and "2026-W48" in captured.out  # the plan's week
    assert main(["summary", str(log_file)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == "loadwatch — latest week 2026-W47, 5 athletes (sRPE load in AU)"
    assert main(["flags", str(log_file), "--week", "2026-W48"]) == 0
    captured = capsys.readouterr()
    assert "week:" not in captured.err and "2026-W48" in captured.out
