"""The README's tour runs: its Python block executes and every `loadwatch` line exits 0."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from loadwatch.app.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def _tour_commands() -> list[list[str]]:
    text = "\n".join(_blocks("sh")).replace("\\\n", " ")
    lines = [line.split("#")[0].strip() for line in text.splitlines()]
    return [shlex.split(line)[1:] for line in lines if line.startswith("loadwatch ")]


def test_readme_opens_with_the_two_setup_commands() -> None:
    first = _blocks("sh")[0].splitlines()
    assert [line.split("#")[0].strip() for line in first] == ["make run", "make test"]


def test_readme_tour_commands_run_in_order(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # later commands read what earlier ones wrote (sim/)
    for argv in _tour_commands():
        resolved = [str(ROOT / a) if a.startswith("data/") else a for a in argv]
        if argv[0] == "sample":
            resolved = [str(tmp_path / "s") if a == str(ROOT / "data/samples") else a
                        for a in resolved]
        assert main(resolved) == 0, " ".join(argv)
    assert sorted(p.suffix for p in (tmp_path / "report").iterdir()) == [
        ".csv", ".html", ".pdf", ".xlsx"]


def test_readme_flag_example_is_what_loadwatch_prints(capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    example = re.search(r"```text\n(L1 amber:.*?)```", README, flags=re.S).group(1)
    samples = ROOT / "data" / "samples"
    main(["flags", str(samples / "gymnastics_club_sessions.csv"),
          "--roster", str(samples / "gymnastics_club_roster.csv"),
          "--growth", str(samples / "gymnastics_club_growth.csv"), "--week", "2026-W47"])
    assert " ".join(example.split()) in capsys.readouterr().out


def test_readme_python_block_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {}
    exec(compile(_blocks("python")[0], "README.md", "exec"), namespace)
    assert len(namespace["daily"]) > 0 and len(namespace["plan"]) == 20  # type: ignore[arg-type]
