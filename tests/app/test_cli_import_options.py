"""CLI import/read options of issue 13: --map, --mapping, --athlete, --duration-unit,
--timezone, --merge-names; the profile, conversions and ignored columns are said; a store
import saves the mapping per team and export and applies it to next week's file (said)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from loadwatch.app.cli.main import main
from loadwatch.store import load_sessions

DATA = Path(__file__).parents[1] / "data" / "profiles"
OWN = "Who,Day,Secs,Effort,Avg HR\nA1,2024-01-08,3600,5,140\nA1,2024-01-09,2700,6,150\n" \
      "A1,2024-01-10,5400,4,130\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def _metrics(out: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(out))


def test_map_and_duration_unit_read_an_unknown_layout(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "own.csv"
    path.write_text(OWN)
    code, _, err = run(capsys, "metrics", str(path), "--map", "athlete=Who", "--map",
                       "date=Day", "--map", "duration=Secs", "--map", "rpe=Effort")
    assert code == 2
    assert ("column 'Secs': durations in minutes with a median of 3,600 min (60 h) per "
            "session look like seconds") in err
    code, out, err = run(capsys, "metrics", str(path), "--map", "athlete=Who", "--map",
                         "date=Day", "--map", "duration=Secs", "--map", "rpe=Effort",
                         "--duration-unit", "s")
    assert code == 0
    assert "own.csv: ignored: Avg HR" in err
    table = _metrics(out)
    assert table.loc[table["date"] <= "2024-01-10", "load"].tolist() == [300.0, 270.0, 360.0]


def test_a_mapping_file_does_the_same(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "own.csv"
    path.write_text(OWN)
    mapping = tmp_path / "map.toml"
    mapping.write_text('duration_unit = "s"\n[columns]\nathlete = "Who"\ndate = "Day"\n'
                       'duration = "Secs"\nrpe = "Effort"\n')
    code, out, _ = run(capsys, "metrics", str(path), "--mapping", str(mapping))
    assert code == 0
    assert _metrics(out)["load"].head(3).tolist() == [300.0, 270.0, 360.0]


def test_bad_map_item_and_unknown_unit_are_one_line(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "own.csv"
    path.write_text(OWN)
    code, _, err = run(capsys, "metrics", str(path), "--map", "athlete")
    assert (code, err.strip()) == (2, "error: --map 'athlete' is not FIELD=COLUMN (e.g. --map "
                                      "athlete=Name)")
    code, _, err = run(capsys, "metrics", str(path), "--map", "athlete=Who", "--map",
                       "date=Day", "--duration-unit", "weeks")
    assert (code, err.strip()) == (2, "error: unknown duration unit 'weeks' (use s, min, h or "
                                      "h:mm:ss)")


def test_strava_external_channel_and_timezone(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "metrics", str(DATA / "strava_activities.csv"), "--athlete",
                         "Runner", "--timezone", "Europe/Copenhagen", "--channel", "external")
    assert code == 0
    assert ("strava_activities.csv: This looks like a Strava bulk export: one athlete, "
            "durations in seconds, dates in UTC, 'Training Load' is its own channel (Strava HR "
            "load), not AU") in err
    table = _metrics(out)
    assert table["channel"].unique().tolist() == ["external"]
    # 8 Jan has no HR load (missing, not 0); 9 Jan no activity (rest); 10 Jan 42 + 95
    assert table[["date", "load"]].dropna().values.tolist() == [["2024-01-09", 0.0],
                                                                ["2024-01-10", 137.0]]


def test_names_need_a_decision_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(DATA / "names_case_spaces.csv")
    code, _, err = run(capsys, "summary", path)
    assert code == 2 and "--merge-names (one athlete each) or --keep-names-apart" in err
    code, out, _ = run(capsys, "summary", path, "--merge-names")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()[3:5]] == ["Ana", "Ben"]


def test_ingest_saves_the_mapping_and_applies_it_next_week(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'maps.db'}"
    first = str(DATA / "trainingpeaks_workouts.csv")
    code, out, err = run(capsys, "ingest", first, "--team", "Tri Club", "--athlete", "Tri",
                         "--db", db)
    assert code == 0
    assert "trainingpeaks_workouts.csv: 2 sessions added" in out
    assert ("mapping saved for TrainingPeaks workouts (team Tri Club): next file of this "
            "export uses it: athlete Tri") in out
    assert "2 planned workout(s) not completed" in err
    later = tmp_path / "next_week.csv"
    later.write_text(first_text(first).replace("2024-01-0", "2024-01-1"))
    code, out, _ = run(capsys, "ingest", str(later), "--team", "Tri Club", "--db", db)
    assert code == 0
    assert out.startswith(f"{later}: using the saved mapping for TrainingPeaks workouts: "
                          "athlete Tri")
    stored = load_sessions(db, "Tri Club")
    assert sorted(stored["duration_min"].tolist()) == [30.0, 30.0, 75.0, 75.0]
    assert stored["athlete"].unique().tolist() == ["Tri"]


def first_text(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def test_a_wide_weekly_plan_by_a_pattern_on_the_command_line(
        capsys: pytest.CaptureFixture[str]) -> None:
    plan = Path(__file__).parents[1] / "data" / "wide" / "weekly_blocks.csv"
    code, out, err = run(capsys, "metrics", str(plan), "--level", "weekly", "--channel",
                         "minutes", "--athlete", "Runner", "--map", "week_start=Week",
                         "--map", "duration=*Tps min", "--planned")
    assert code == 0
    weeks = _metrics(out)
    assert weeks["minutes"].tolist() == [140.0, 65.0, 45.0]
    assert weeks["sessions"].tolist() == [3, 1, 1]
    assert "weekly_blocks.csv: planned minutes: read as the coach's weekly totals" in err
    assert "weekly_blocks.csv: summed per row: 3 week(s); row(s) 5 have no value in any " \
        "block: not weeks" in err


def test_ingest_reads_the_sheet_and_header_row_asked_for(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    old = book.active
    old.title = "Old"
    for row in (["athlete", "date", "duration_min", "rpe"], ["A1", "2024-01-08", 40, 3]):
        old.append(row)
    current = book.create_sheet("Current")
    for row in (["Squad", "Blue", None, None], ["athlete", "date", "duration_min", "rpe"],
                ["B1", "2024-01-15", 60, 5], ["B2", "2024-01-16", 90, 4]):
        current.append(row)
    path = tmp_path / "squad.xlsx"
    book.save(path)
    db = f"sqlite:///{tmp_path / 'sheets.db'}"
    code, _, err = run(capsys, "ingest", str(path), "--team", "Blue", "--db", db,
                       "--sheet", "Current")
    assert code == 2 and "columns found: Squad, Blue, column C, column D" in err  # row 1 read
    code, out, err = run(capsys, "ingest", str(path), "--team", "Blue", "--db", db,
                         "--sheet", "2", "--header-row", "2")
    assert code == 0, err
    assert "squad.xlsx: 2 sessions added" in out
    stored = load_sessions(db, "Blue")
    assert sorted(zip(stored["athlete"], stored["duration_min"], strict=True)) == \
        [("B1", 60.0), ("B2", 90.0)]
