"""`loadwatch backup`, `restore` and `retention` (issue 17): backup → restore → `loadwatch
metrics --db` prints the same table; restore into a non-empty database is one clear line
(exit 2) until --force; retention --dry-run counts and deletes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from loadwatch.app.cli.main import main
from loadwatch.store import add_note, add_symptom, ingest_file, open_store

LOG = ["athlete,date,duration_min,rpe"] + [
    f"{who},2026-03-{day:02d},{60 + day},5" for day in range(2, 30) for who in ("G1", "G2")]


@pytest.fixture
def source(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'source.db'}"
    (tmp_path / "log.csv").write_text("\n".join(LOG) + "\n")
    with open_store(url) as store:
        ingest_file(store, tmp_path / "log.csv", "Gym")
        add_note(store, "G1", "private", team="Gym", date="2026-03-04")
        add_symptom(store, "G1", "2026-03-05", team="Gym", side="left")
    return url


def _metrics(url: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["metrics", "--db", url, "--team", "Gym"]) == 0
    return capsys.readouterr().out


def test_backup_restore_metrics_identical(source: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    before = _metrics(source, capsys)
    assert main(["backup", "--db", source, "--out", str(tmp_path / "gym.backup")]) == 0
    assert capsys.readouterr().out.startswith(f"sqlite backup {tmp_path / 'gym.backup'}: ")
    target = f"sqlite:///{tmp_path / 'target.db'}"
    assert main(["restore", str(tmp_path / "gym.backup"), "--db", target]) == 0
    capsys.readouterr()
    after = _metrics(target, capsys)
    assert after == before and len(after.splitlines()) == 57  # header + 2 × 28 days


def test_restore_refuses_a_non_empty_database_until_forced(
        source: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backup", "--db", source, "--out", str(tmp_path / "gym.backup")]) == 0
    assert main(["restore", str(tmp_path / "gym.backup"), "--db", source]) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith("already holds tables; restore into an empty database, or add "
                        "--force to replace what it holds") and "\n" not in err
    assert main(["restore", str(tmp_path / "gym.backup"), "--db", source, "--force"]) == 0


def test_retention_dry_run_counts_and_deletes_nothing(
        source: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "short.toml"
    config.write_text("[retention]\nclinical_years_after_leaving = 0\n")
    assert main(["retention", "--team", "Gym", "--db", source, "--dry-run",
                 "--config", str(config)]) == 0
    assert capsys.readouterr().out.strip() == \
        "0 athlete(s) gone over 0 year(s): would delete no rows"
    assert main(["retention", "--team", "Nobody", "--db", source, "--dry-run"]) == 2
    assert "Nobody" in capsys.readouterr().err
