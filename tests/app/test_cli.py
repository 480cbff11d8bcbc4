"""Tests for the `loadwatch` command: exit codes, messages on stderr, outputs, and that a
user's mistake never reaches them as a traceback."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from loadwatch.app.cli.main import build_parser, main
from loadwatch.ingest.log import read_log
from loadwatch.schema import Col
from loadwatch.series.metrics import daily_metrics

LOADWATCH = Path(sys.executable).parent / "loadwatch"

BAD_ROWS = [
    "Athlete,Date,Minutes,RPE",
    "A1,2026-03-02,90,7",
    "A1,2026-03-03,90,14",      # row 3: Borg scale
    "A1,2026-03-04,45,4",
    "A2,2026-03-05,60,hard",    # row 5: not a number
    "A2,2026-03-06,700,3",      # row 6: too long
]


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return path


@pytest.fixture
def bad_log(tmp_path: Path) -> Path:
    return write_lines(tmp_path / "bad.csv", BAD_ROWS)


@pytest.fixture
def good_log(tmp_path: Path) -> Path:
    return write_lines(tmp_path / "good.csv", [
        "Athlete,Date,Minutes,RPE", "A1,2026-03-02,90,7", "A1,2026-03-04,45,4",
    ])


@pytest.fixture
def ambiguous_log(tmp_path: Path) -> Path:
    return write_lines(tmp_path / "amb.csv", [
        "Athlete,Date,Minutes,RPE", "A1,03/04/2026,90,7", "A1,05/06/2026,60,5",
    ])


@pytest.fixture
def weekly_log(tmp_path: Path) -> Path:
    return write_lines(tmp_path / "weekly.csv", [
        "Athlete,Week,Minutes,Mean RPE",
        "A1,2026-W01,300,5", "A1,2026-W02,320,5", "A1,2026-W03,310,6",
    ])


def run_cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    assert LOADWATCH.exists(), f"console script not installed at {LOADWATCH}"
    return subprocess.run([str(LOADWATCH), *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=120, check=False)


def table(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text))


# --- invalid input ----------------------------------------------------------------------------


def test_invalid_file_exits_2_listing_row_numbered_problems(
    bad_log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["metrics", str(bad_log)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err
    assert err.startswith("error: bad.csv: 3 row(s) are invalid; nothing was read.")
    assert "--skip-invalid --rejects FILE.csv" in err
    assert "  row 3, column 'RPE': RPE 14.0 looks like the Borg 6–20 scale" in err
    assert "  row 5, column 'RPE': 'hard' is not a number" in err
    assert "  row 6, column 'Minutes': duration 700.0 min is longer than 600 min" in err
    assert "Traceback" not in err


def test_skip_invalid_without_rejects_exits_2_with_clear_message(
    bad_log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["metrics", str(bad_log), "--skip-invalid"]) == 2
    assert capsys.readouterr().err == (
        "error: --skip-invalid needs --rejects FILE.csv to keep the rejected rows\n"
    )


def test_skip_invalid_with_rejects_writes_rejected_rows(
    bad_log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rejects = tmp_path / "r.csv"
    assert main(["metrics", str(bad_log), "--skip-invalid", "--rejects", str(rejects)]) == 0
    captured = capsys.readouterr()
    assert "bad.csv: skipped 3 invalid row(s)" in captured.err
    written = pd.read_csv(rejects, dtype=str)
    assert list(written.columns[:2]) == ["row", "reason"]
    assert written["row"].tolist() == ["3", "5", "6"]
    assert written["reason"].tolist()[1] == "row 5, column 'RPE': 'hard' is not a number"
    assert written["RPE"].tolist() == ["14", "hard", "3"]
    assert written["file"].tolist() == ["bad.csv"] * 3
    out = table(captured.out)
    loads = out.set_index([Col.ATHLETE, Col.DATE])[Col.VALUE]
    assert loads[("A1", "2026-03-02")] == 630.0
    assert loads[("A1", "2026-03-04")] == 180.0
    assert ("A1", "2026-03-03") in loads.index  # the rejected session's day is still a row


def test_ambiguous_dates_exit_2_and_suggest_dayfirst(
    ambiguous_log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["metrics", str(ambiguous_log)]) == 2
    err = capsys.readouterr().err
    assert "ambiguous" in err
    assert "--dayfirst" in err


def test_dayfirst_resolves_ambiguous_dates(
    ambiguous_log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["metrics", str(ambiguous_log), "--dayfirst"]) == 0
    out = table(capsys.readouterr().out)
    assert out[Col.DATE].iloc[0] == "2026-04-03"
    assert out[Col.DATE].iloc[-1] == "2026-06-05"


def test_monthfirst_resolves_ambiguous_dates(
    ambiguous_log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["metrics", str(ambiguous_log), "--monthfirst"]) == 0
    out = table(capsys.readouterr().out)
    assert out[Col.DATE].iloc[0] == "2026-03-04"
    assert out[Col.DATE].iloc[-1] == "2026-05-06"


def test_missing_file_exits_2_with_no_such_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["metrics", str(tmp_path / "nope.csv")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert err.rstrip().endswith("nope.csv: no such file")


def test_mixing_session_and_weekly_logs_exits_2(
    good_log: Path, weekly_log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["metrics", str(good_log), str(weekly_log)]) == 2
    assert capsys.readouterr().err == (
        "error: cannot mix session logs and weekly-totals logs in one analysis\n"
    )


def test_warnings_go_to_stderr_and_do_not_stop_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_lines(tmp_path / "long.csv", ["Athlete,Date,Minutes,RPE", "A1,2026-03-02,300,3"])
    assert main(["metrics", str(path)]) == 0
    captured = capsys.readouterr()
    assert "long.csv: 1 warning(s)\n  row 2, column 'Minutes': duration 300.0 min is over 240" \
        in captured.err
    assert table(captured.out)[Col.VALUE].iloc[0] == 900.0


# --- outputs ----------------------------------------------------------------------------------


def test_weekly_level_on_weekly_totals_file(
    weekly_log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["metrics", "--level", "weekly", str(weekly_log)]) == 0
    out = table(capsys.readouterr().out)
    assert out[Col.WEEK].tolist() == ["2025-12-29", "2026-01-05", "2026-01-12"]
    assert out[Col.WEEKLY_LOAD].tolist() == [1500.0, 1600.0, 1860.0]
    assert out[Col.MINUTES].tolist() == [300.0, 320.0, 310.0]
    assert out[Col.LOAD_APPROX].tolist() == [True, True, True]


def test_out_parquet_round_trips(
    good_log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "x.parquet"
    assert main(["metrics", str(good_log), "--out", str(target)]) == 0
    assert f"wrote 3 rows to {target}" in capsys.readouterr().err
    back = pd.read_parquet(target)
    expected = daily_metrics(read_log(good_log))
    assert list(back.columns) == list(expected.columns)
    pd.testing.assert_frame_equal(back, expected, check_dtype=False, check_categorical=False)
    assert back[Col.ATHLETE].astype(str).tolist() == ["A1", "A1", "A1"]
    assert back[Col.DATE].tolist() == [pd.Timestamp(f"2026-03-0{d}") for d in (2, 3, 4)]
    assert back[Col.VALUE].tolist() == [630.0, 0.0, 180.0]


def test_out_csv_writes_iso_dates(
    good_log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "x.csv"
    assert main(["metrics", str(good_log), "--out", str(target)]) == 0
    written = pd.read_csv(target)
    assert written[Col.DATE].tolist() == ["2026-03-02", "2026-03-03", "2026-03-04"]
    assert capsys.readouterr().out == ""


def test_out_with_unknown_suffix_exits_2(
    good_log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "x.txt"
    assert main(["metrics", str(good_log), "--out", str(target)]) == 2
    assert capsys.readouterr().err == (
        "error: --out must end in .csv or .parquet, not '.txt'\n"
    )
    assert not target.exists()


# --- real process: no traceback reaches the user ----------------------------------------------


def test_process_invalid_file_exit_2_without_traceback(bad_log: Path, tmp_path: Path) -> None:
    result = run_cli("metrics", bad_log, cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "row 3, column 'RPE'" in result.stderr
    assert "row 5, column 'RPE'" in result.stderr
    assert "row 6, column 'Minutes'" in result.stderr
    assert result.stdout == ""


def test_process_missing_file_exit_2_without_traceback(tmp_path: Path) -> None:
    result = run_cli("metrics", "nope.csv", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "error: nope.csv: no such file\n"


def test_process_binary_junk_exit_2_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "junk.csv").write_bytes(b"\x89\x00\x13\xfe\x00" * 200)
    result = run_cli("metrics", "junk.csv", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "error: junk.csv: this is not a text, Excel or Parquet file (binary content)\n"
    )


def test_process_ambiguous_then_dayfirst(ambiguous_log: Path, tmp_path: Path) -> None:
    refused = run_cli("metrics", ambiguous_log, cwd=tmp_path)
    assert refused.returncode == 2
    assert "--dayfirst" in refused.stderr
    assert "Traceback" not in refused.stderr
    accepted = run_cli("metrics", ambiguous_log, "--dayfirst", cwd=tmp_path)
    assert accepted.returncode == 0, accepted.stderr
    assert table(accepted.stdout)[Col.DATE].iloc[0] == "2026-04-03"


def test_process_all_rows_skipped_exit_2_without_traceback(tmp_path: Path) -> None:
    write_lines(tmp_path / "allbad.csv", ["Athlete,Date,Minutes,RPE", "A1,2026-03-02,90,14"])
    result = run_cli("metrics", "allbad.csv", "--skip-invalid", "--rejects", "r.csv",
                     cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.rstrip().endswith(
        "error: allbad.csv: no valid rows left after skipping the invalid ones")
    assert pd.read_csv(tmp_path / "r.csv")["row"].tolist() == [2]


def test_rejects_file_neutralises_formula_text(tmp_path: Path) -> None:
    write_lines(tmp_path / "log.csv", ["Athlete,Date,Minutes,RPE", "A1,2026-03-02,90,7",
                                       "=HYPERLINK(\"http://x\"),2026-03-03,90,14"])
    code = main(["metrics", str(tmp_path / "log.csv"), "--skip-invalid",
                 "--rejects", str(tmp_path / "r.csv")])
    assert code == 0
    text = (tmp_path / "r.csv").read_text()
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def _subparsers(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
                ) -> list[tuple[str, ...]]:
    found = [prefix]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found += _subparsers(child, (*prefix, name))
    return found


def test_every_command_prints_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    commands = _subparsers(build_parser())
    assert ("injuries", "import") in commands and ("model", "evaluate") in commands
    for command in commands:
        with pytest.raises(SystemExit) as done:
            main([*command, "--help"])
        assert done.value.code == 0, command
        assert capsys.readouterr().out.startswith(f"usage: loadwatch {' '.join(command)}")


# --- plan (issue 14): the side tables of flags, a named week, one CSV row per athlete --------

def _plan_inputs(tmp_path: Path) -> tuple[Path, Path]:
    week = (200, 400, 300, 500, 200, 200, 0)         # 1,800 AU and 360 min a week
    rows = ["athlete,date,load_au,duration_min,extension_reps"]
    for athlete in ("A", "B"):
        for i in range(35):
            load = week[i % 7]
            rows.append(f"{athlete},{pd.Timestamp('2024-01-01') + pd.Timedelta(days=i):%Y-%m-%d},"
                        f"{load},{load // 5},{0 if load == 0 else 40}")
    log = write_lines(tmp_path / "log.csv", rows)
    plans = write_lines(tmp_path / "plans.csv", [
        "athlete,start_date,review_date,restriction,cap",
        "B,2024-01-01,,cap_extension_reps_per_week,250"])
    return log, plans


def test_plan_reads_plans_and_writes_one_row_per_athlete(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log, plans = _plan_inputs(tmp_path)
    out = tmp_path / "plan.csv"
    assert main(["plan", str(log), "--plans", str(plans), "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert table["athlete"].tolist() == ["A", "B"]
    assert table["this_week_au"].tolist() == [1800.0, 1800.0]
    assert table["max_load_au"].tolist() == [2070.0, 2070.0]
    assert table["max_extension"].tolist() == [276.0, 250.0]      # 240 × 1.15; B's cap
    assert table["plan_week_start"].tolist() == ["2024-02-05", "2024-02-05"]
    assert table["advice"].iloc[1] == (
        "Up to 2,070 AU (≈ 6.9 h) and at most 250 extension reps in the week of 2024-02-05 "
        "(2024-W06), with at least 1 rest day.")


def test_plan_follows_the_selected_week(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    log, _ = _plan_inputs(tmp_path)
    assert main(["plan", str(log), "--week", "2024-W04"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0] == ("loadwatch plan — for the week of 2024-01-29 (2024-W05), "
                                    "after the week of 2024-01-22 (2024-W04)")
    assert ("A: Up to 2,070 AU (≈ 6.9 h) and at most 276 extension reps in the week of "
            "2024-01-29 (2024-W05), with at least 1 rest day.") in text


def test_plan_out_must_be_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log, _ = _plan_inputs(tmp_path)
    assert main(["plan", str(log), "--out", str(tmp_path / "plan.json")]) == 2
    assert "--out must end in .csv" in capsys.readouterr().err


def test_method_check_words_the_rescaling_and_window_results(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    days = pd.date_range("2024-01-01", periods=35)
    loads = [300] * 28 + [600] * 7                   # a jump: the ratio follows acute load
    log = write_lines(tmp_path / "jump.csv", ["athlete,date,load"] + [
        f"A,{d:%Y-%m-%d},{x}" for d, x in zip(days, loads, strict=True)])
    out = tmp_path / "windows.csv"
    assert main(["method-check", str(log), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Rescaling check: on this team's data the ratio adds little beyond "
                           "acute load: within athletes, acute load alone explains ")
    assert "of its 4 flag days (ratio > 1.30), 4 (100 %) are also among" in text
    windows = pd.read_csv(out)
    assert len(windows) == 9
    assert windows.query("acute_days == 7 and chronic_days == 28")["flagged_days"].item() == 4


def _defect_one_log(folder: Path) -> Path:
    """28 days, loads [257]*20 + [250] + [373]*6 + [372] AU from 2024-01-01 (issue 12)."""
    loads = [257] * 20 + [250] + [373] * 6 + [372]
    days = pd.date_range("2024-01-01", periods=len(loads), freq="D")
    path = folder / "one.csv"
    pd.DataFrame({"athlete": "GYM-01", "date": days.strftime("%Y-%m-%d"),
                  "sport": "gymnastics", "load": loads}).to_csv(path, index=False)
    return path


def test_flags_csv_and_json_carry_why_and_next_week_as_the_text_says_them(
        tmp_path: Path) -> None:
    log = _defect_one_log(tmp_path)
    two = tmp_path / "team.toml"
    two.write_text("[escalation]\namber_families_for_red = 2\n", encoding="utf-8")
    out_csv, out_json = tmp_path / "flags.csv", tmp_path / "flags.json"
    assert main(["flags", str(log), "--config", str(two), "--out", str(out_csv)]) == 0
    assert main(["flags", str(log), "--config", str(two), "--out", str(out_json)]) == 0
    row = pd.read_csv(out_csv, keep_default_na=False).iloc[0]
    assert row["level"] == "red"
    assert row["why"].startswith("RED — Two independent warning signs: L3 week-to-week "
                                 "increase")
    assert row["next_week"].startswith("Do not increase: at most 2,610 AU in the week of "
                                       "2024-01-29")
    athlete = json.loads(out_json.read_text(encoding="utf-8"))["athletes"][0]
    assert (athlete["why"], athlete["next_week"]) == (row["why"], row["next_week"])
    text = subprocess.run([sys.executable, "-m", "loadwatch.app.cli.main", "flags", str(log),
                           "--config", str(two)], capture_output=True, text=True, check=True)
    assert f"why: {row['why']}" in text.stdout
    assert f"next week: {row['next_week']}" in text.stdout


@pytest.mark.parametrize("command", ["flags", "plan", "method-check", "metrics"])
def test_out_into_a_missing_folder_is_one_clear_line_before_any_work(
        command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = _defect_one_log(tmp_path)
    missing = tmp_path / "no such folder" / "out.csv"
    assert main([command, str(log), "--out", str(missing)]) == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        f"error: --out: the folder '{missing.parent}' does not exist")


def test_levels_with_out_still_prints_the_alarm_budget(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = _defect_one_log(tmp_path)
    assert main(["flags", str(log), "--levels", "--out", str(tmp_path / "f.json")]) == 0
    err = capsys.readouterr().err
    assert "AMBER" in err and "wrote" in err
