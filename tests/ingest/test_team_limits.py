"""A team's own [limits] bound every read of its logs, not only the shipped defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

import loadwatch as lw
from loadwatch.config import load_config
from loadwatch.errors import LogError

LOG = b"athlete,date,duration_min,rpe\nA1,2024-01-01,60,5\nA1,2024-01-02,60,5\nA1,2024-01-03,60,5\n"


def test_read_log_refuses_a_file_over_the_team_row_limit(tmp_path: Path) -> None:
    settings = tmp_path / "team.toml"
    settings.write_text("[limits]\nmax_rows = 2\n")
    with pytest.raises(LogError, match=r"^upload: the file has 3 rows; loadwatch reads at most 2 "
                                       r"rows \(setting limits.max_rows\)$"):
        lw.read_log(LOG, config=load_config(settings))
    assert lw.read_log(LOG)["load_au"].tolist() == [300.0, 300.0, 300.0]  # defaults: read
