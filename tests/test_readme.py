"""The README's tour runs: its Python block executes and every `loadwatch` line exits 0."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from loadwatch.cli import main

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


@pytest.mark.parametrize("argv", _tour_commands(), ids=lambda a: " ".join(a[:2]))
def test_readme_tour_command_runs(argv: list[str], tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    resolved = [str(ROOT / a) if a.startswith("data/") else a for a in argv]
    if "sample" in argv[:1]:
        resolved = [str(tmp_path / "s") if a == str(ROOT / "data/samples") else a
                    for a in resolved]
    assert main(resolved) == 0


def test_readme_python_block_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {}
    exec(compile(_blocks("python")[0], "README.md", "exec"), namespace)
    assert len(namespace["daily"]) > 0 and len(namespace["plan"]) == 20  # type: ignore[arg-type]
