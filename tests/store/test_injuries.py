"""Injury logs in the store: read back exactly as the injury-log reader reads the file,
re-imports update returns, a bad file or a stranger stores nothing, and nothing of an
injury reaches the logs or the audit log. Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from loadwatch.app.cli.main import main
from loadwatch.errors import LogError
from loadwatch.ingest.injuries import read_injuries
from loadwatch.store import Store, audit_events, import_injuries, ingest_file, load_injuries
from loadwatch.store import injuries as store_injuries
from tests.store.support import count, write_csv

NAME = "Ann Example"  # an athlete id that is a name: it must never reach logs or audit
LOG = ["athlete,date,duration_min,rpe", f"{NAME},2026-03-01,90,6", "B2,2026-03-01,60,5",
       f"{NAME},2026-04-20,90,6", "B2,2026-04-20,60,5"]
# headers and words as a club writes them (aliases and synonyms), one injury still ongoing
INJURIES = ["Athlete,Onset,Body part,Type,Days lost,Return to play",
            f"{NAME},2026-03-02,lumbar spine,overuse,14,",
            "B2,2026-03-10,ankle,acute,,2026-03-17",
            f"{NAME},2026-04-01,Low back,gradual onset,,"]


@pytest.fixture
def club(store: Store, tmp_path: Path) -> Store:
    ingest_file(store, write_csv(tmp_path / "log.csv", LOG), "Club")
    ingest_file(store, write_csv(tmp_path / "other.csv", ["athlete,date,duration_min,rpe",
                                                          "C3,2026-03-01,60,5"]), "Other")
    return store


def test_a_stored_log_reads_back_exactly_as_the_file_reads(club: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "injuries.csv", INJURIES)
    result = import_injuries(club, path, "Club", by="physio")
    assert (result.added, result.updated, result.skipped) == (3, 0, 0)
    assert result.message == "injuries.csv: 3 injuries added, 0 updated, 0 already stored"
    stored = load_injuries(club, "Club")
    assert_frame_equal(stored, read_injuries(path))
    assert stored["body_region"].tolist() == ["lumbar_spine", "lumbar_spine", "ankle"]
    assert stored["injury_type"].tolist() == ["overuse", "overuse", "acute"]
    assert stored["time_loss_days"].fillna(-1).tolist() == [14.0, -1, 7.0]  # -1: ongoing
    assert load_injuries(club, "Other").empty
    assert load_injuries(club, "Club", pseudonymise=True)["athlete"].str.fullmatch(
        r"A-\w{6}").all()


def test_a_reimport_updates_returns_and_counts_what_is_already_stored(
        club: Store, tmp_path: Path) -> None:
    first = write_csv(tmp_path / "injuries.csv", INJURIES)
    import_injuries(club, first, "Club")
    again = import_injuries(club, first, "Club")
    assert (again.added, again.updated, again.skipped) == (0, 0, 3)
    # the club re-exports its log when Ann returns, and adds a new injury
    later = write_csv(tmp_path / "injuries_may.csv", [
        *INJURIES[:3], f"{NAME},2026-04-01,Low back,gradual onset,,2026-04-29",
        "B2,2026-04-21,knee,acute,3,"])
    result = import_injuries(club, later, "Club")
    assert (result.added, result.updated, result.skipped) == (1, 1, 2)
    stored = load_injuries(club, "Club")
    assert_frame_equal(stored, read_injuries(later))
    ann = stored[stored["onset_date"] == pd.Timestamp("2026-04-01")].iloc[0]
    assert (ann["time_loss_days"], ann["return_date"]) == (28.0, pd.Timestamp("2026-04-29"))
    assert count(club, "injuries") == 4


@pytest.mark.parametrize(("lines", "team", "message"), [
    ([*INJURIES, "B2,2026-02-30,knee,acute,,"], "Club",
     r"1 row\(s\) of the injury log are invalid; nothing was read"),
    ([*INJURIES, "Ann Exampel,2026-03-05,knee,acute,,"], "Club",
     r"1 athlete id\(s\) are not in the store"),
    ([*INJURIES, "C3,2026-03-05,knee,acute,,"], "Club",
     "1 athlete\\(s\\) of the injury log are not in team 'Club'; nothing was stored"),
    (INJURIES, "Nobody", "no team named 'Nobody' in the store"),
])
def test_a_bad_log_stores_nothing(club: Store, tmp_path: Path, lines: list[str], team: str,
                                  message: str) -> None:
    path = write_csv(tmp_path / "injuries.csv", lines)
    with pytest.raises(LogError, match=message) as err:
        import_injuries(club, path, team)
    assert "Exampel" not in str(err.value)  # an unknown id may be a name: not echoed
    assert count(club, "injuries") == 0
    if "invalid" in message:
        assert [str(p) for p in err.value.problems] == \
            ["row 5, column 'Onset': '2026-02-30' is not a date (use YYYY-MM-DD)"]


def test_a_failure_inside_the_transaction_leaves_no_injury(
        club: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(store_injuries.audit, "record", fail)  # after the rows are inserted
    with pytest.raises(RuntimeError, match="disk full"):
        import_injuries(club, write_csv(tmp_path / "i.csv", INJURIES), "Club")
    assert count(club, "injuries") == 0


def test_logs_and_audit_say_how_many_never_whose_or_what(
        club: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    import_injuries(club, write_csv(tmp_path / "i.csv", INJURIES), "Club", by="physio")
    events = audit_events(club)
    last = events.iloc[0]
    assert (last["action"], last["actor"]) == ("injuries.import", "physio")
    assert last["detail"].endswith("added=3 updated=0 unchanged=0")
    texts = "\n".join(r.getMessage() for r in caplog.records) + events.to_csv()
    assert "injury log: 3 added, 0 updated, 0 unchanged" in texts
    for secret in (NAME, "Ann", "lumbar", "ankle", "2026-03-02"):
        assert secret not in texts


def test_the_commands_store_and_summarise_as_the_files_do(
        club: Store, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "injuries.csv", INJURIES)
    assert main(["injuries", "import", str(path), "--team", "Club", "--db", db_url]) == 0
    assert capsys.readouterr().out.strip() == \
        "injuries.csv: 3 injuries added, 0 updated, 0 already stored"
    stored, files = tmp_path / "stored.json", tmp_path / "files.json"
    assert main(["injuries", "summary", "--db", db_url, "--team", "Club", "--out",
                 str(stored)]) == 0
    assert main(["injuries", "summary", "--injuries", str(path), "--log",
                 str(write_csv(tmp_path / "log.csv", LOG)), "--out", str(files)]) == 0
    summary = json.loads(stored.read_text())
    assert summary == json.loads(files.read_text())
    assert (summary["rows"][0]["injuries"], summary["exposure_hours"]) == (3, 5.0)
    capsys.readouterr()
    bad = write_csv(tmp_path / "bad.csv", [*INJURIES, "C3,2026-03-05,knee,acute,,"])
    assert main(["injuries", "import", str(bad), "--team", "Club", "--db", db_url]) == 2
    err = capsys.readouterr().err
    assert "not in team 'Club'" in err and "Traceback" not in err
    assert main(["injuries", "summary", "--db", db_url, "--team", "Other"]) == 0
    assert "note: the store holds no injury for team 'Other': none happened, or the log was " \
        "never imported" in capsys.readouterr().err
    assert main(["injuries", "summary", "--team", "Club"]) == 2
    assert "give the injury log: --injuries FILE, or --db URL" in capsys.readouterr().err
