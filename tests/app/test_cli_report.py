"""`loadwatch report`: files written and printed, mistakes are exit code 2, progress for big
teams."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from loadwatch.app.cli.main import main
from tests.report.support import GROWTH, PLANS, ROSTER, SESSIONS, SYMPTOMS

SAMPLE = [str(SESSIONS), "--roster", str(ROSTER), "--growth", str(GROWTH)]


def test_writes_the_four_files_and_prints_their_paths(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["report", *SAMPLE, "--symptoms", str(SYMPTOMS), "--plans", str(PLANS),
                 "--week", "2026-W47", "--out", str(tmp_path / "out"), "--team", "Sample club"])
    out, err = capsys.readouterr()
    assert code == 0, err
    paths = [Path(line) for line in out.splitlines()]
    assert [p.suffix for p in paths] == [".xlsx", ".pdf", ".csv", ".html"]
    assert all(p.is_file() and p.stat().st_size > 1000 for p in paths)
    assert all(p.name.startswith("loadwatch_sample-club_2026-W47") for p in paths)
    assert "report: [" not in err  # 20 athletes: no progress lines
    assert not list((tmp_path / "out").glob("*.part"))


def test_formats_paper_clinical_and_pseudonyms(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["report", *SAMPLE, "--week", "2026-11-18", "--format", "pdf,csv",
                 "--out", str(tmp_path), "--clinical", "--pseudonymise", "--paper", "letter"])
    out, err = capsys.readouterr()
    assert code == 0, err
    names = sorted(Path(line).name for line in out.splitlines())
    assert names == ["loadwatch_team_2026-W47_clinical.csv", "loadwatch_team_2026-W47_clinical.pdf"]
    assert "--salt" in err  # pseudonyms without a secret: the user is told
    assert "GYM-" not in (tmp_path / names[0]).read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(("extra", "message"), [
    (["--week", "2026-W47", "--format", "docx"], "unknown report format"),
    (["--week", "2020-W01"], "no data in the week"),
    (["--week", "last week"], "is not a week"),
])
def test_mistakes_exit_2_with_a_message(extra: list[str], message: str, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["report", *SAMPLE, *extra, "--out", str(tmp_path)])
    _, err = capsys.readouterr()
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_out_must_be_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    taken = tmp_path / "file.txt"
    taken.write_text("x")
    code = main(["report", *SAMPLE, "--week", "2026-W47", "--format", "csv",
                 "--out", str(taken)])
    assert code == 2
    assert "is a file" in capsys.readouterr().err


def test_week_and_out_are_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["report", *SAMPLE])
    assert exit_info.value.code == 2
    assert "--week" in capsys.readouterr().err


def test_progress_lines_for_a_team_over_50(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    lines = ["athlete,date,duration_min,rpe"]
    start = dt.date(2026, 10, 5)
    for a in range(51):
        for d in range(35):
            day = start + dt.timedelta(days=d)
            lines.append(f"A{a:02d},{day.isoformat()},{60 + a + d % 4 * 10},5")
    log = tmp_path / "big.csv"
    log.write_text("\n".join(lines) + "\n")
    code = main(["report", str(log), "--week", "2026-W45", "--format", "csv,html",
                 "--out", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    assert code == 0, err
    stages = [line for line in err.splitlines() if line.startswith("report: [")]
    assert len(stages) >= 5
    assert any("evaluating" in s for s in stages) and any("writing html" in s for s in stages)
    assert len(out.splitlines()) == 2
