"""Undo of an upload (issue 15.3): it restores the previous rows exactly — sessions, their
ids and sources, coverage — so that every metric after the undo equals the metric before
the upload; a later correction must be undone first; all audited with counts only."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from pandas.testing import assert_frame_equal

import loadwatch as lw
from loadwatch.errors import LogError
from loadwatch.store import Store, audit_events, delete_upload, ingest_file, load_sessions
from loadwatch.store.tables import coverage, replaced_rows, session_sources, sessions
from tests.store.support import count, write_csv

HEADER = "athlete,date,sport,start_time,duration_min,rpe"
TWO_WEEKS = [HEADER] + [f"{a},2026-03-{d:02d},gymnastics,17:00,{60 + d},{5 + d % 3}"
                        for a in ("A1", "A2") for d in (2, 4, 6, 9, 11, 13)]
#: the second week again for A1 only, one session corrected (90 instead of 69 minutes)
CORRECTION = [HEADER, "A1,2026-03-09,gymnastics,17:00,90,5",
              "A1,2026-03-11,gymnastics,17:00,71,7", "A1,2026-03-13,gymnastics,17:00,73,6"]


def _state(store: Store) -> dict[str, list[tuple]]:
    """Every stored session, source link and coverage row (ids included)."""
    with store.read() as conn:
        return {t.name: sorted(tuple(r) for r in conn.execute(sa.select(t)).all())
                for t in (sessions, session_sources)} | {
            "coverage": sorted(tuple(r)[1:] for r in conn.execute(sa.select(coverage)).all())}


def test_undo_of_a_correction_restores_the_previous_rows_and_metrics_exactly(
        store: Store, tmp_path: Path) -> None:
    ingest_file(store, write_csv(tmp_path / "two.csv", TWO_WEEKS), "Club")
    before_rows, before = _state(store), lw.daily_metrics(load_sessions(store))
    fixed = ingest_file(store, write_csv(tmp_path / "fix.csv", CORRECTION), "Club",
                        replace_period=True, uploaded_by="coach1")
    assert (fixed.added, fixed.replaced) == (3, 3)
    after = lw.daily_metrics(load_sessions(store))
    monday = (after["athlete"] == "A1") & (after["date"] == "2026-03-09")
    assert after.loc[monday, "load"].tolist() == [450.0]  # 90 min x RPE 5 (was 345)
    assert count(store, "replaced_rows") == 3 + 3 + 1  # sessions, their sources, coverage
    undone = delete_upload(store, fixed.upload_id, by="coach1")
    assert (undone.removed, undone.restored) == (3, 3)
    assert undone.message == ("upload 2 (team 'Club') deleted: 3 sessions removed; 3 sessions "
                              "it had replaced are back")
    assert _state(store) == before_rows
    assert_frame_equal(lw.daily_metrics(load_sessions(store)), before)
    assert count(store, "replaced_rows") == 0
    entry = audit_events(store, action="upload.delete").iloc[0]
    assert (entry["actor"], entry["detail"]) == (
        "coach1", "team_id=1 kind=sessions removed=3 kept=0 restored=3 athletes_removed=0")


def test_undo_of_an_added_upload_restores_the_metrics_before_it(store: Store,
                                                                tmp_path: Path) -> None:
    ingest_file(store, write_csv(tmp_path / "one.csv", TWO_WEEKS[:7]), "Club")
    before_rows, before = _state(store), lw.daily_metrics(load_sessions(store))
    more = ingest_file(store, write_csv(tmp_path / "two.csv", TWO_WEEKS), "Club")
    assert (more.added, more.duplicates) == (6, 6)
    delete_upload(store, more.upload_id)
    assert _state(store) == before_rows
    assert_frame_equal(lw.daily_metrics(load_sessions(store)), before)


def test_an_earlier_upload_waits_until_the_later_correction_is_undone(
        store: Store, tmp_path: Path) -> None:
    first = ingest_file(store, write_csv(tmp_path / "two.csv", TWO_WEEKS), "Club")
    fixed = ingest_file(store, write_csv(tmp_path / "fix.csv", CORRECTION), "Club",
                        replace_period=True)
    with pytest.raises(LogError, match="^upload 2 \\(later\\) corrected a period of this "
                                       "team; undo upload 2 first, then upload 1$"):
        delete_upload(store, first.upload_id)
    assert count(store, "uploads") == 2
    delete_upload(store, fixed.upload_id)
    delete_upload(store, first.upload_id)
    assert [count(store, t) for t in ("sessions", "session_sources", "coverage", "athletes",
                                      "athlete_names", "uploads")] == [0] * 6
    with store.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(replaced_rows)).scalar() == 0


def test_the_cli_refuses_a_correction_replaces_on_request_lists_history_and_undoes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from loadwatch.app.cli.main import main

    db = f"sqlite:///{tmp_path / 'cli.db'}"
    week = write_csv(tmp_path / "week.csv", TWO_WEEKS)
    fix = write_csv(tmp_path / "fix.csv", CORRECTION)
    assert main(["ingest", str(week), "--team", "Club", "--db", db]) == 0
    assert main(["ingest", str(fix), "--team", "Club", "--db", db]) == 2
    assert "fix.csv: 1 row(s) match stored sessions" in capsys.readouterr().err
    assert main(["ingest", str(fix), "--team", "Club", "--db", db, "--replace-period"]) == 0
    capsys.readouterr()
    assert main(["uploads", "history", "--team", "Club", "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "uploaded", "(UTC)", "by", "file", "added", "replaced",
                                "held", "now"]
    assert [(r.split()[0], r.split()[-3:]) for r in lines[1:]] == [
        ("2", ["3", "3", "3"]), ("1", ["12", "0", "9"])]
    assert main(["uploads", "undo", "2", "--db", db]) == 0
    assert capsys.readouterr().out.strip() == (
        "upload 2 (team 'Club') deleted: 3 sessions removed; 3 sessions it had replaced are "
        "back")
