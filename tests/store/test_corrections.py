"""Corrections that keep the ratios (issue 19.3): a replaced period joins the history before
it (metrics identical to one file holding everything), a correction without start times is
recognised by athlete/date/sport and refused before storing unless replaced or added as new,
the message's advice works as written, deleting removes athletes left with no data, and
upload ids are never reused."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from pandas.testing import assert_frame_equal

import loadwatch as lw
from loadwatch.errors import LogError
from loadwatch.schema import Col
from loadwatch.store import Store, audit_events, delete_upload, ingest_file, load_sessions
from loadwatch.store.tables import athlete_names
from tests.store.support import count, write_csv

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "gymnastics_club_sessions.csv"
HEADER = "athlete,date,sport,duration_min,rpe"
#: KID-1 trains Mon-Fri one week; no start times (the issue's corrected export has none)
WEEK = [HEADER] + [f"KID-1,2026-03-0{d},gymnastics,{m},6"
                   for d, m in zip(range(2, 7), (190, 120, 120, 90, 60), strict=True)]
#: the corrected export: Monday was 150 minutes, not 190
FIXED = [WEEK[0], WEEK[1].replace(",190,", ",150,"), *WEEK[2:]]


def _twelve_weeks(tmp_path: Path) -> tuple[Path, Path]:
    """The sample club's first 12 weeks, and their last 4 weeks as a separate export."""
    frame = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    day = pd.to_datetime(frame["date"])
    end = day.min() + pd.Timedelta(weeks=12)
    twelve, last4 = frame[day < end], frame[(day >= end - pd.Timedelta(weeks=4)) & (day < end)]
    return (write_csv(tmp_path / "w1-12.csv", twelve.to_csv(index=False).splitlines()),
            write_csv(tmp_path / "w9-12.csv", last4.to_csv(index=False).splitlines()))


def test_re_uploading_the_last_four_weeks_with_replace_keeps_every_ratio(
        store: Store, tmp_path: Path) -> None:
    twelve, last4 = _twelve_weeks(tmp_path)
    ingest_file(store, twelve, "Club")
    replaced = ingest_file(store, last4, "Club", replace_period=True)
    assert (replaced.added, replaced.replaced) == (303, 303)
    stored = lw.daily_metrics(load_sessions(store, team="Club"))
    union = lw.daily_metrics(lw.read_log(twelve))
    assert_frame_equal(stored, union)
    last = stored.groupby(Col.ATHLETE).tail(1)
    assert (len(last), int(last[Col.RAC].notna().sum())) == (18, 16)  # was 8 of 18


def test_a_correction_without_start_times_is_refused_before_storing(
        store: Store, tmp_path: Path) -> None:
    ingest_file(store, write_csv(tmp_path / "week.csv", WEEK), "Club")
    fixed = write_csv(tmp_path / "fixed.csv", FIXED)
    with pytest.raises(LogError, match=r"^fixed.csv: 1 row\(s\) match stored sessions by "
                                       r"athlete, date and sport but differ .* \(rows 2\); "
                                       "nothing was stored"):
        ingest_file(store, fixed, "Club")
    assert (count(store, "sessions"), count(store, "uploads")) == (5, 1)
    assert load_sessions(store)[Col.LOAD].sum() == 3480.0  # 580 min x RPE 6, not double


def test_the_corrected_file_with_replace_period_gives_the_corrected_load(
        store: Store, tmp_path: Path) -> None:
    ingest_file(store, write_csv(tmp_path / "week.csv", WEEK), "Club")
    result = ingest_file(store, write_csv(tmp_path / "fixed.csv", FIXED), "Club",
                         replace_period=True)
    assert (result.added, result.duplicates, result.replaced) == (5, 0, 5)
    assert load_sessions(store)[Col.LOAD].sum() == 3240.0  # (150+120+120+90+60) x 6
    assert_frame_equal(lw.daily_metrics(load_sessions(store)),
                       lw.daily_metrics(lw.read_log(tmp_path / "fixed.csv")))


def test_the_advice_works_as_written_the_same_file_with_replace_period_applies(
        store: Store, tmp_path: Path) -> None:
    """Added as new first (the note then advises --replace-period), the same file again
    with --replace-period is applied, not answered 'already uploaded'."""
    ingest_file(store, write_csv(tmp_path / "week.csv", WEEK), "Club")
    fixed = write_csv(tmp_path / "fixed.csv", FIXED)
    extra = ingest_file(store, fixed, "Club", add_as_new=True)
    assert (extra.added, extra.duplicates) == (1, 4)
    assert "--replace-period" in extra.notes[0]
    assert load_sessions(store)[Col.LOAD].sum() == 3480.0 + 900.0  # double-counted Monday
    again = ingest_file(store, fixed, "Club", replace_period=True)
    assert not again.repeated and (again.added, again.replaced) == (5, 6)
    assert load_sessions(store)[Col.LOAD].sum() == 3240.0
    assert ingest_file(store, fixed, "Club").repeated  # without the option: a no-op again


def test_deleting_an_upload_removes_athletes_left_without_data_names_included(
        store: Store, tmp_path: Path) -> None:
    ingest_file(store, write_csv(tmp_path / "week.csv", WEEK), "Club")
    wrong = ingest_file(store, write_csv(tmp_path / "wrong.csv", [
        HEADER, "Jane Doe,2026-03-09,gymnastics,60,5", "KID-1,2026-03-09,gymnastics,45,4"]),
        "Club")
    assert count(store, "athletes") == 2
    done = delete_upload(store, wrong.upload_id, by="coach1")
    assert (done.removed, done.kept, done.athletes_removed) == (2, 0, 1)
    assert done.message == ("upload 2 (team 'Club') deleted: 2 sessions removed; 1 athlete(s) "
                            "left without data removed (names included)")
    with store.read() as conn:
        assert conn.execute(sa.select(athlete_names.c.label)).scalars().all() == ["KID-1"]
    entry = audit_events(store, action="upload.delete").iloc[0]
    assert entry["detail"] == ("team_id=1 kind=sessions removed=2 kept=0 restored=0 "
                               "athletes_removed=1")  # counts only, no name


def test_upload_ids_are_never_reused(store: Store, tmp_path: Path) -> None:
    first = ingest_file(store, write_csv(tmp_path / "week.csv", WEEK), "Club")
    second = ingest_file(store, write_csv(tmp_path / "next.csv", [
        HEADER, "KID-1,2026-03-09,gymnastics,45,4"]), "Club")
    delete_upload(store, second.upload_id)
    third = ingest_file(store, write_csv(tmp_path / "other.csv", [
        HEADER, "KID-1,2026-03-10,gymnastics,30,3"]), "Club")
    assert (first.upload_id, second.upload_id, third.upload_id) == (1, 2, 3)
