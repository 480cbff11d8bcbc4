"""`loadwatch athletes erase` (issue 17): the label typed twice erases every trace; a
mistyped confirmation is one clear line and erases nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from loadwatch.app.cli.main import main
from loadwatch.store import add_note, ingest_file, open_store

NAME = "Ann Example"


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'gym.db'}"
    (tmp_path / "log.csv").write_text(
        f"athlete,date,duration_min,rpe\n{NAME},2026-03-02,60,5\nB2,2026-03-02,50,4\n")
    with open_store(url) as store:
        ingest_file(store, tmp_path / "log.csv", "Gym")
        add_note(store, NAME, "private", team="Gym", date="2026-03-04")
    return url


def test_erase_by_command_leaves_no_trace(url: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["athletes", "erase", "--team", "Gym", "--athlete", NAME, "--confirm", NAME,
                 "--db", url]) == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("erased 6 row(s) from 6 table(s); ") and NAME not in out
    dump = "\n".join(sqlite3.connect(tmp_path / "gym.db").iterdump())
    assert NAME not in dump and "B2" in dump


def test_a_mistyped_confirmation_erases_nothing(url: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["athletes", "erase", "--team", "Gym", "--athlete", NAME, "--confirm",
                 "Ann example", "--db", url]) == 2
    assert capsys.readouterr().err.strip() == (
        "error: the athlete's id typed again (--confirm) does not match; nothing was "
        "erased")
    assert NAME in "\n".join(sqlite3.connect(tmp_path / "gym.db").iterdump())
