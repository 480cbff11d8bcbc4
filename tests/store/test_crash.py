"""Crashes and concurrency with real processes: an upload killed (SIGKILL) in the middle of
its insert leaves nothing behind, and two uploads at once from two processes both land
without duplicates — on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from pandas.testing import assert_frame_equal

import loadwatch as lw
from loadwatch.store import ingest_file, list_uploads, load_sessions, open_store
from loadwatch.store.uploads import CHUNK, PAUSE_ENV
from tests.store.support import Club, count

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

TEAM = "Gymnastics club"
#: a process that ingests one file and prints its result as JSON; it waits for the file
#: named by START (if any) after its imports, so two of them reach the database together
UPLOADER = """
import json, os, sys, time
from pathlib import Path
from loadwatch.store import ingest_file, open_store
start = os.environ.get("START")
while start and not Path(start).exists():
    time.sleep(0.005)
url, path, team = sys.argv[1:4]
with open_store(url) as store:
    result = ingest_file(store, path, team)
print(json.dumps({"added": result.added, "duplicates": result.duplicates,
                  "upload_id": result.upload_id}))
"""


def uploader(url: str, path: Path, *, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", UPLOADER, url, str(path), TEAM],
                            env={**os.environ, **env}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for(path: Path, process: subprocess.Popen[str], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if process.poll() is not None:
            raise AssertionError(f"the uploader ended early: {process.communicate()}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError("the uploader never reached the pause point")
        time.sleep(0.01)


def test_an_upload_killed_mid_insert_leaves_nothing_and_a_new_one_works(
        db_url: str, club: Club, tmp_path: Path) -> None:
    with open_store(db_url) as store:
        first = ingest_file(store, club.exports[0], TEAM)
    new_rows = len(club.frame) - club.sizes[0]
    assert new_rows > CHUNK  # the pause comes after the first chunk, mid-insert
    flag = tmp_path / "paused"
    process = uploader(db_url, club.union, env={PAUSE_ENV: f"{CHUNK}:120:{flag}"})
    wait_for(flag, process)
    assert flag.read_text() == str(CHUNK)  # CHUNK sessions of the upload are inserted
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL

    with open_store(db_url) as store:
        if store.dialect == "sqlite":
            with store.read() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        athletes = pd.read_csv(club.exports[0])["athlete"].nunique()
        assert [count(store, t) for t in ("uploads", "sessions", "session_sources",
                                          "coverage")] == [1, club.sizes[0], club.sizes[0],
                                                           athletes]
        assert list_uploads(store)["id"].tolist() == [first.upload_id]
        again = ingest_file(store, club.union, TEAM)
        assert (again.added, again.duplicates) == (new_rows, club.sizes[0])
        assert count(store, "sessions") == len(club.frame)
        assert_frame_equal(lw.daily_metrics(load_sessions(store)),
                           lw.daily_metrics(lw.read_log(club.union)))


def test_two_uploads_at_once_from_two_processes_both_land_without_duplicates(
        db_url: str, club: Club, tmp_path: Path) -> None:
    # weeks 1-18 and weeks 8-26 of the club, on an empty database: both processes also race
    # to create the schema; each pauses mid-insert (holding the write lock) once it has
    # inserted a chunk, which at least the one that gets the lock first does
    early = tmp_path / "weeks_01-18.csv"
    late = tmp_path / "weeks_08-26.csv"
    dates = club.frame["date"]
    club.frame[dates <= "2026-09-27"].to_csv(early, index=False)
    club.frame[dates >= "2026-07-13"].to_csv(late, index=False)
    shared = int(((dates >= "2026-07-13") & (dates <= "2026-09-27")).sum())
    n_early, n_late = int((dates <= "2026-09-27").sum()), int((dates >= "2026-07-13").sum())
    assert n_early + n_late - shared == len(club.frame) and shared > 0

    start = tmp_path / "start"
    flags = [tmp_path / "paused-early", tmp_path / "paused-late"]
    first = uploader(db_url, early,
                     env={"START": str(start), PAUSE_ENV: f"{CHUNK}:1.0:{flags[0]}"})
    second = uploader(db_url, late,
                      env={"START": str(start), PAUSE_ENV: f"{CHUNK}:1.0:{flags[1]}"})
    start.write_text("go")
    results = []
    for process in (first, second):
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append(json.loads(out))
    assert any(flag.exists() for flag in flags)  # one held the lock mid-insert
    assert sorted(r["upload_id"] for r in results) == [1, 2]
    assert results[0]["added"] + results[0]["duplicates"] == n_early
    assert results[1]["added"] + results[1]["duplicates"] == n_late
    assert results[0]["added"] + results[1]["added"] == len(club.frame)
    assert results[0]["duplicates"] + results[1]["duplicates"] == shared
    with open_store(db_url) as store:
        assert count(store, "sessions") == len(club.frame)
        assert count(store, "session_sources") == n_early + n_late
        with store.read() as conn:
            keys = conn.execute(sa.text(
                "SELECT count(*) FROM (SELECT DISTINCT athlete_id, session_key FROM sessions) k"
            )).scalar_one()
        assert keys == len(club.frame)
        assert_frame_equal(lw.daily_metrics(load_sessions(store)),
                           lw.daily_metrics(lw.read_log(club.union)))
